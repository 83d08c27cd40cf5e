"""The durable_rules backend: a rule base compiled into one durable_rules ruleset.

Each scenario runs in a fresh durable_rules session. The facts asserted are one
level fact per charge and fact predicate, ``{"t": "lvl", "c": charge, "p": predicate,
"v": level}``, and one context fact per charge, ``{"t": "charge", "c": charge, "off":
offence, "kind": kind, "cls": offence class, "req": required level}``. For every
conclusion, durable rules fire once per charge when the level facts of everything
the conclusion reads are present; the action computes the conclusion with the level
algebra of ``levels.py`` and asserts it as one more level fact. Two rules then
compare ``liable`` with the charge's required level and decide whether it holds.
The result is the reference evaluator's (``reference.py``), charge for charge.

What durable_rules 2.0.28 needs in order to be used safely:

- Which of a conclusion's rules apply to a charge (its offence and the kind of
  accused) is part of the patterns. Negation is arithmetic on levels inside the
  actions, never durable's ``$not``, which depends on the order facts arrive in:
  every predicate has exactly one level fact per charge, so order does not matter.
- A durable rule joins at most 16 facts, and a wider one fails only when facts are
  asserted. Wider rules are split when compiling: auxiliary rules gather parts of
  their input into ``{"t": "aux", ...}`` facts, as many levels deep as needed.
- durable_rules keeps pointers into the JSON text of asserted facts: every text is
  kept referenced until its session is deleted, including facts asserted by actions.
- When the last of several join tests of a clause fails, durable_rules reads past the
  end of its list of tests (``_JOIN_GUARD`` below): such clauses end with a test that
  cannot fail.
- Deleting a session in which no action completed crashes the process: a session is
  deleted only once an action has completed.
- durable_rules' own action dispatcher swallows exceptions into the session state.
  The backend runs the actions itself, through the same calls to the C core; an
  action stores any error and it is raised as ``EngineError`` once the session ends.
- Fact identity is a 32-bit hash, and a distinct fact is now and then rejected as a
  duplicate. A scenario with a missing conclusion or outcome is run once more with a
  salt in every fact; ``EngineError`` is raised if it is still incomplete.
- A ruleset cannot be freed: each rule base is compiled once per process. The
  required level is a fact, so one ruleset serves every stage.
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from durable import engine as _durable

from .errors import EngineError
from .levels import DEFAULT, Level, conj
from .loader import dependencies, evaluation_order
from .model import GOAL, PartyKind, RuleBase, Stage
from .reference import Fn, compile_expr, finish
from .scenario import ChargeFacts
from .trace import ChargeResult, RuleResult

_engine: Any = _durable.durable_rules_engine
"""durable_rules' C core: facts go to it directly, so that their JSON text can be kept."""

KINDS: tuple[str, ...] = get_args(PartyKind)
"""The kinds of accused a charge can name."""

MAX_CLAUSES = 15
"""Facts one compiled durable rule joins at most (durable_rules fails beyond 16)."""

MAX_READ = 240
MAX_NAMES = 480  # durable_rules 2.0.28 hangs past about 510 distinct tested values
"""Predicates one conclusion may read at most (an auxiliary fact holds them all, and
durable_rules allows 252 properties per fact)."""

_OK, _OBSERVED = 0, 2  # result codes of durable_rules' assert calls (1: no rule matches)
_CTX = "ctx"  # the alias of the charge's context fact in every durable rule
_LEVELS: tuple[Level, ...] = tuple(Level)
_RULESET_NAMES = itertools.count()
_SESSION_IDS = itertools.count(1)


class _QuietHost(_durable.Host):  # type: ignore[misc]
    """A durable_rules host without the background threads that poll for pending work."""

    def _run(self) -> None:
        return None


@functools.cache
def _host() -> _QuietHost:
    return _QuietHost()


# ---------------------------------------------------------------- one session


@dataclass
class _Session:
    """What the actions of one session found, and the JSON texts it must keep alive."""

    handle: int
    tail: str  # the end of every fact's JSON text: salt, session id, closing brace
    levels: dict[tuple[int, str], int] = field(default_factory=dict)
    rules: dict[int, dict[str, RuleResult]] = field(default_factory=dict)
    holds: dict[int, bool] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    completed: int = 0
    lost: bool = False
    twice: str | None = None
    error: BaseException | None = None

    def fail(self, error: BaseException) -> None:
        """Remember the first error raised while the session ran."""
        if self.error is None:
            self.error = error

    def assert_fact(self, text: str) -> None:
        """Assert one fact, given as JSON text, in this session; the text is kept."""
        self.texts.append(text)
        code = _engine.assert_fact(self.handle, text)[0]
        if code == _OBSERVED:
            self.lost = True  # a distinct fact taken for a duplicate: see the module notes
        elif code != _OK:
            raise EngineError(f"durable_rules did not accept the fact {text} (code {code})")

    def complete(self, charges: int, conclusions: Sequence[str]) -> bool:
        """Whether every charge got every conclusion and an outcome."""
        if self.lost or len(self.holds) != charges:
            return False
        return all((i, p) in self.levels for i in range(charges) for p in conclusions)

    def check(self) -> None:
        """Raise what went wrong in an action, as ``EngineError``."""
        error = self.error
        if isinstance(error, EngineError) or (
            error is not None and not isinstance(error, Exception)  # KeyboardInterrupt
        ):
            raise error
        if error is not None:
            raise EngineError(f"an action failed: {type(error).__name__}: {error}") from error
        if self.twice is not None:
            raise EngineError(f"durable_rules fired a rule twice: {self.twice}")


# ---------------------------------------------------------------- actions

Reader = tuple[str, str, str]
"""Where an action finds a predicate's level: (fact alias, attribute, predicate)."""


@dataclass(frozen=True)
class _AppliedRule:
    rule: str
    ids: tuple[str, ...]
    tests: tuple[Fn, ...]


class _Action:
    """A durable rule's consequent, called with the facts the rule matched."""

    def __init__(self, program: DurableProgram, readers: Sequence[Reader]) -> None:
        self.program = program
        self.readers = tuple(readers)

    def handle(self, session: _Session, message: dict[str, Any]) -> None:
        """Run the action on one match; an error is stored in ``session``, never lost."""
        try:
            self.act(session, message[_CTX]["c"], message)
        except BaseException as error:
            session.fail(error)

    def fire(self, c: Any) -> None:
        """The action as durable_rules' own dispatcher calls it (the backend does not)."""
        session = self.program.current
        if session is not None:
            self.handle(session, c._m)

    def levels(self, message: dict[str, Any]) -> dict[str, int]:
        """The level of every predicate this action reads, from the matched facts."""
        return {name: message[alias][attr] for alias, attr, name in self.readers}

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        """The action proper, for charge number ``charge``."""
        raise NotImplementedError


class _Conclude(_Action):
    """One conclusion for one charge, from those of its rules that apply to the charge."""

    def __init__(
        self,
        program: DurableProgram,
        readers: Sequence[Reader],
        predicate: str,
        rules: Sequence[_AppliedRule],
    ) -> None:
        super().__init__(program, readers)
        self.predicate = predicate
        self.rules = tuple(rules)
        self.prefix = '{"t":"lvl","p":' + json.dumps(predicate) + ',"c":'

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        env = self.levels(message)
        results = session.rules.setdefault(charge, {})
        best = -1
        for applied in self.rules:
            found = [_LEVELS[test(env)] for test in applied.tests]
            level = conj(found)
            conditions = tuple(zip(applied.ids, found, strict=True))
            results[applied.rule] = RuleResult(applied.rule, level, conditions)
            best = max(best, level)
        value = DEFAULT if best < 0 else best
        key = (charge, self.predicate)
        if key in session.levels:
            session.twice = f"'{self.predicate}' was concluded twice for charge {charge}"
            return
        session.levels[key] = value
        session.assert_fact(f'{self.prefix}{charge},"v":{int(value)}{session.tail}')


class _Gather(_Action):
    """Copy the levels of some predicates of a charge into one auxiliary fact."""

    def __init__(self, program: DurableProgram, readers: Sequence[Reader], group: str) -> None:
        super().__init__(program, readers)
        self.prefix = '{"t":"aux","g":' + json.dumps(group) + ',"c":'

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        values = "".join(
            f',"l{j}":{int(message[alias][attr])}'
            for j, (alias, attr, _) in enumerate(self.readers)
        )
        session.assert_fact(f"{self.prefix}{charge}{values}{session.tail}")


class _Decide(_Action):
    """Record whether a charge holds (``liable`` reached the required level) or fails."""

    def __init__(self, program: DurableProgram, readers: Sequence[Reader], holds: bool) -> None:
        super().__init__(program, readers)
        self.holds = holds

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        if charge in session.holds:
            session.twice = f"charge {charge} was decided twice"
            return
        session.holds[charge] = self.holds


# ---------------------------------------------------------------- compiling


Item = tuple[dict[str, Any], list[tuple[str, str]]]
"""One clause's pattern, and the (attribute, predicate) levels a fact matching it holds."""


def _pattern(*tests: dict[str, Any]) -> dict[str, Any]:
    return tests[0] if len(tests) == 1 else {"$and": list(tests)}


_JOIN_GUARD = {"$gte": {"c": {_CTX: "c"}}}
"""A join test that holds whenever it is evaluated (after ``c`` equals the context's ``c``).

durable_rules 2.0.28 evaluates the join tests of a clause that has several of them
as a sequence, and when the last test of the sequence fails it skips past the end of
the sequence and reads memory beyond it until it happens on an end marker
(``reduceExpressionSequence``): valgrind reports the read, and the process crashes
now and then. A last test that never fails avoids it."""


def _level_clause(name: str, *more: dict[str, Any]) -> dict[str, Any]:
    """The level fact of ``name`` for the charge of the context fact, with ``more`` tests."""
    if more:
        return _pattern({"t": "lvl"}, {"p": name}, {"c": {_CTX: "c"}}, *more, _JOIN_GUARD)
    return _pattern({"t": "lvl"}, {"p": name}, {"c": {_CTX: "c"}})


def _scope(pairs: Sequence[tuple[str, str]], offences: Sequence[str]) -> dict[str, Any]:
    """A pattern on the context fact that matches exactly these (offence, kind) pairs."""
    if len(pairs) == len(offences) * len(KINDS):
        return {"t": "charge"}
    by_kind: dict[str, list[str]] = {}
    for offence, kind in pairs:
        by_kind.setdefault(kind, []).append(offence)
    alternatives: list[dict[str, Any]] = []
    for kind, named in by_kind.items():
        if len(named) == len(offences):
            alternatives.append({"kind": kind})
        elif len(named) == 1:
            alternatives.append({"$and": [{"kind": kind}, {"off": named[0]}]})
        else:
            alternatives.append({"$and": [{"kind": kind}, {"$or": [{"off": o} for o in named]}]})
    scope = alternatives[0] if len(alternatives) == 1 else {"$or": alternatives}
    return {"$and": [{"t": "charge"}, scope]}


class DurableProgram:
    """A rule base compiled into one durable_rules ruleset, ready to run scenarios."""

    def __init__(self, base: RuleBase) -> None:
        self.base = base
        self.name = f"verdict_{next(_RULESET_NAMES)}"
        self.lock = threading.Lock()
        self.current: _Session | None = None
        self.definition: dict[str, dict[str, Any]] = {}
        self.actions: dict[str, _Action] = {}
        self.order = evaluation_order(base)
        names = len(base.predicates) + len(self.order)
        if names > MAX_NAMES:
            # durable_rules keeps the values one pattern tests in a 512-entry table and loops
            # forever, holding Python's lock, once it is full: refuse before compiling.
            raise EngineError(
                f"the rule base has {names} facts and conclusions; the durable backend supports "
                f"at most {MAX_NAMES} (use --backend reference)"
            )
        if GOAL not in self.order:
            raise EngineError(f"no rule concludes '{GOAL}', the conclusion every charge asks for")
        self.facts = [p for p in base.predicates if p not in self.order]
        self.fact_prefixes = ['{"t":"lvl","p":' + json.dumps(p) + ',"c":' for p in self.facts]
        self.offences = list(base.offences)
        self.charge_prefixes = {
            (offence, kind): (
                '{"t":"charge","off":' + json.dumps(offence) + ',"kind":' + json.dumps(kind)
                + ',"c":'
            )
            for offence in self.offences
            for kind in KINDS
        }
        self._compile()
        host = _host()
        # durable_rules' Ruleset deletes "run" from the dicts it is given: give it copies.
        try:
            host.register_rulesets({self.name: {k: dict(v) for k, v in self.definition.items()}})
        except Exception as error:  # e.g. error 108: more than 256 rules on one pattern
            raise EngineError(
                f"durable_rules cannot compile this rule base ({error}); use --backend reference"
            ) from error
        self.handle: int = host.get_ruleset(self.name)._handle

    # -- compiling

    def _add(self, tag: str, clauses: list[dict[str, Any]], action: _Action) -> None:
        if len(clauses) > MAX_CLAUSES:
            raise EngineError(f"durable rule for '{tag}' would join {len(clauses)} facts")
        name = f"r{len(self.definition)}_{tag}"
        self.definition[name] = {"all": clauses, "run": action.fire}
        self.actions[name] = action

    def _gather(
        self, names: Sequence[str], width: int, tag: str
    ) -> tuple[list[dict[str, Any]], list[Reader]]:
        """At most ``width`` clauses (after the context clause) giving the levels of ``names``.

        Beyond ``width``, auxiliary rules each gather up to ``MAX_CLAUSES - 1`` clauses
        into one fact, and so on until few enough clauses remain.
        """
        if len(names) > MAX_READ:
            raise EngineError(
                f"the rules for '{tag}' read {len(names)} facts and conclusions; the durable "
                f"backend supports at most {MAX_READ} (use the reference backend)"
            )
        items: list[Item] = [(_level_clause(name), [("v", name)]) for name in names]
        step = MAX_CLAUSES - 1
        while len(items) > width:
            merged: list[Item] = []
            for start in range(0, len(items), step):
                group = f"g{len(self.definition)}"
                clauses, readers = self._join(items[start : start + step])
                action = _Gather(self, readers, group)
                self._add(f"{tag}_part", [{_CTX: {"t": "charge"}}, *clauses], action)
                pattern = _pattern({"t": "aux"}, {"g": group}, {"c": {_CTX: "c"}})
                merged.append((pattern, [(f"l{j}", r[2]) for j, r in enumerate(readers)]))
            items = merged
        return self._join(items)

    @staticmethod
    def _join(items: Sequence[Item]) -> tuple[list[dict[str, Any]], list[Reader]]:
        clauses: list[dict[str, Any]] = []
        readers: list[Reader] = []
        for j, (pattern, provides) in enumerate(items):
            alias = f"a{j}"
            clauses.append({alias: pattern})
            readers.extend((alias, attr, name) for attr, name in provides)
        return clauses, readers

    def _compile(self) -> None:
        base = self.base
        deps = dependencies(base)
        known = set(base.predicates) | set(self.order)
        for conclusion, names in deps.items():
            for name in names:
                if name not in known:
                    raise EngineError(f"the rules for '{conclusion}' read unknown fact '{name}'")
        read: set[str] = set()
        for conclusion in self.order:
            names = deps[conclusion]
            read.update(names)
            clauses, readers = self._gather(names, MAX_CLAUSES - 1, conclusion)
            rules = base.rules_for(conclusion)
            groups: dict[tuple[int, ...], list[tuple[str, str]]] = {}
            for offence in self.offences:
                for kind in KINDS:
                    applying = tuple(i for i, r in enumerate(rules) if r.applies(offence, kind))
                    groups.setdefault(applying, []).append((offence, kind))
            for applying, pairs in groups.items():
                applied = [
                    _AppliedRule(
                        rules[i].id,
                        tuple(cid for cid, _ in rules[i].conditions()),
                        tuple(compile_expr(expr) for _, expr in rules[i].conditions()),
                    )
                    for i in applying
                ]
                action = _Conclude(self, readers, conclusion, applied)
                self._add(conclusion, [{_CTX: _scope(pairs, self.offences)}, *clauses], action)
        # The outcome rules also join every level fact that no conclusion reads: each
        # asserted fact then matches some rule (durable_rules rejects the others), and
        # a charge is decided only once all of its facts and conclusions are present.
        terminal = [n for n in [*self.facts, *self.order] if n not in read and n != GOAL]
        clauses, readers = self._gather(terminal, MAX_CLAUSES - 2, "outcome")
        for holds, test in ((True, "$gte"), (False, "$lt")):
            goal = {"goal": _level_clause(GOAL, {test: {"v": {_CTX: "req"}}})}
            decide = _Decide(self, readers, holds)
            self._add("holds" if holds else "fails", [{_CTX: {"t": "charge"}}, goal, *clauses],
                      decide)

    # -- running

    def _facts(
        self, scenario: Sequence[ChargeFacts], stage: Stage, tail: str, order: random.Random | None
    ) -> str:
        """The JSON text of every fact of ``scenario``, as one array."""
        required = int(stage.required)
        texts: list[str] = []
        for i, facts in enumerate(scenario):
            prefix = self.charge_prefixes.get((facts.charge.offence, facts.kind))
            if prefix is None:
                raise EngineError(
                    f"charge {facts.charge.key}: the rule base '{self.base.name}' knows no "
                    f"offence '{facts.charge.offence}' or no kind of accused '{facts.kind}'"
                )
            cls = json.dumps(facts.offence_class)
            texts.append(f'{prefix}{i},"cls":{cls},"req":{required}{tail}')
            levels = facts.facts
            for name, fact_prefix in zip(self.facts, self.fact_prefixes, strict=True):
                if name not in levels:
                    raise EngineError(f"charge {facts.charge.key} has no level for '{name}'")
                value = int(levels[name])
                if not Level.DISPROVED <= value <= Level.PROVEN:
                    raise EngineError(
                        f"charge {facts.charge.key}: level {value} of '{name}' is off the scale"
                    )
                texts.append(f'{fact_prefix}{i},"v":{value}{tail}')
        if order is not None:
            order.shuffle(texts)
        return "[" + ",".join(texts) + "]"

    def _session(
        self,
        scenario: Sequence[ChargeFacts],
        stage: Stage,
        salt: int | None,
        order: random.Random | None,
    ) -> _Session:
        """Run ``scenario`` in a fresh session, delete the session, return what it found."""
        sid = str(next(_SESSION_IDS))
        tail = f',"sid":"{sid}"}}' if salt is None else f',"n":{salt},"sid":"{sid}"}}'
        handle = self.handle
        session = _Session(handle, tail)
        facts = self._facts(scenario, stage, tail, order)
        session.texts.append(facts)
        self.current = session
        try:
            code, state = _engine.assert_facts(handle, facts)
            if code == _OBSERVED:
                session.lost = True
            elif code != _OK:
                raise EngineError(f"durable_rules did not accept the facts (code {code})")
            # The calls durable_rules' Ruleset.do_actions makes, without its swallowing of
            # errors and its re-encoding of the session state after every action.
            started = _engine.start_action_for_state(handle, state)
            pending = started[1] if started else None
            while pending:
                ((name, message),) = json.loads(pending).items()
                self.actions[name].handle(session, message)
                pending = _engine.complete_and_start_action(handle, state)
                session.completed += 1
        except Exception as error:
            session.fail(error)
        finally:
            self.current = None
            if session.completed:  # deleting a session where nothing completed crashes
                _engine.delete_state(handle, sid)
            session.texts.clear()
        return session

    def run(
        self, scenario: Sequence[ChargeFacts], stage: Stage, order: random.Random | None = None
    ) -> tuple[ChargeResult, ...]:
        """Evaluate every charge of ``scenario`` at ``stage`` in one durable_rules session."""
        if not scenario:
            return ()
        count = len(scenario)
        with self.lock:
            session = self._session(scenario, stage, None, order)
            session.check()
            if not session.complete(count, self.order):
                session = self._session(scenario, stage, random.getrandbits(48), order)
                session.check()
                if not session.complete(count, self.order):
                    raise EngineError(
                        "durable_rules lost a fact in two runs of the same scenario: a "
                        "conclusion or an outcome is missing (use the reference backend)"
                    )
        results = []
        for i, facts in enumerate(scenario):
            levels = {name: Level(value) for name, value in facts.facts.items()}
            levels.update((p, _LEVELS[session.levels[i, p]]) for p in self.order)
            result = finish(facts, stage, levels, session.rules.get(i, {}))
            if (result.liable >= stage.required) != session.holds[i]:
                raise EngineError(
                    f"charge {facts.charge.key}: durable_rules decided that it "
                    f"{'holds' if session.holds[i] else 'fails'}, but liable is "
                    f"{result.liable.name_id} and {stage.id} requires {stage.required.name_id}"
                )
            results.append(result)
        return tuple(results)


_PROGRAMS: dict[int, DurableProgram] = {}
_COMPILING = threading.Lock()


def compile_durable(base: RuleBase) -> DurableProgram:
    """``base`` compiled into a durable_rules ruleset, once per process and rule-base object.

    One ruleset serves every stage. A ruleset cannot be freed: each compiled rule base
    stays in memory until the process ends.
    """
    with _COMPILING:
        cached = _PROGRAMS.get(id(base))
        if cached is not None and cached.base is base:
            return cached
        program = _PROGRAMS[id(base)] = DurableProgram(base)
        return program


def run_durable(
    base: RuleBase,
    scenario: tuple[ChargeFacts, ...],
    stage: Stage,
    *,
    shuffle: random.Random | None = None,
) -> tuple[ChargeResult, ...]:
    """Evaluate every charge of ``scenario`` at ``stage`` with durable_rules.

    The result equals the reference evaluator's. ``shuffle``, if given, asserts the
    facts in an order drawn from it (the result does not depend on the order).
    """
    return compile_durable(base).run(scenario, stage, shuffle)


__all__ = ["KINDS", "MAX_CLAUSES", "DurableProgram", "compile_durable", "run_durable"]

"""The durable_rules backend: the rule base compiled into a durable_rules ruleset.

Every scenario runs in a fresh durable_rules session. One fact is asserted per
charge and fact predicate (``{"t": "lvl", "c": charge, "p": predicate, "v": level}``)
and one context fact per charge (``{"t": "charge", "c": charge, "off": offence,
"kind": kind, "cls": class, "req": required level}``). For each conclusion, durable
rules fire once per charge when the level facts of everything the conclusion reads
are present; their action computes the conclusion's level with the level algebra of
``levels.py`` and asserts it as a new level fact. Two more rules compare ``liable``
with the charge's required level and decide the outcome.

What durable_rules 2.0.28 needs to be used safely (see docs/semantics.md for the
law, and the comments below for the engine):

- which rules apply to a charge is part of the patterns, and negation is level
  arithmetic inside the actions, never durable's ``$not``: every predicate has
  exactly one level fact per charge, so the result does not depend on fact order;
- a durable rule may join at most 16 facts, and a longer one fails only when facts
  are asserted: wider rules are split at compile time into rules that gather parts
  of their input into auxiliary facts (``{"t": "aux", ...}``);
- durable_rules keeps pointers into the JSON text of asserted facts, so every text
  stays referenced until its session is deleted;
- deleting a session in which no action completed crashes the process, so a session
  is deleted only after an action has run;
- an exception raised in an action is swallowed by durable_rules: actions catch it
  themselves and it is raised again, as ``EngineError``, once the scenario is done;
- fact identity is a 32-bit hash, and a distinct fact is now and then rejected as a
  duplicate: a scenario with a missing conclusion or outcome is run once more with a
  salt in every fact, and an error is raised if it is still incomplete;
- a compiled ruleset cannot be freed, so each rule base is compiled once per process.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from durable import engine as _durable

from .errors import EngineError
from .levels import DEFAULT, Level, conj
from .loader import dependencies, evaluation_order
from .model import GOAL, RuleBase, Stage
from .reference import Fn, compile_expr, finish
from .scenario import ChargeFacts
from .trace import ChargeResult, RuleResult

_engine: Any = _durable.durable_rules_engine
"""durable_rules' C core; facts are asserted through it so that their text can be kept."""

KINDS: tuple[str, ...] = ("natural_person", "legal_person")
"""The kinds of accused a charge can name (``model.PartyKind``)."""

MAX_CLAUSES = 15
"""Facts one compiled durable rule joins at most (durable_rules fails beyond 16)."""

MAX_READ = 240
"""Predicates one rule may read at most: an auxiliary fact holds them all (durable: 252)."""

_OK, _NOT_HANDLED, _OBSERVED = 0, 1, 2  # result codes of durable_rules' assert functions

_CTX = "ctx"
_RULESET_NAMES = itertools.count()
_SESSION_IDS = itertools.count(1)


class _QuietHost(_durable.Host):  # type: ignore[misc]
    """A durable_rules host without the background threads that poll for timers."""

    def _run(self) -> None:
        return None


_HOST: _QuietHost | None = None


def _host() -> _QuietHost:
    global _HOST
    if _HOST is None:
        _HOST = _QuietHost()
    return _HOST


# ---------------------------------------------------------------- one scenario's run


@dataclass
class _Run:
    """What the actions of one session found, and what must stay alive until it ends."""

    handle: int
    tail: str
    levels: dict[tuple[int, str], int] = field(default_factory=dict)
    rules: dict[int, dict[str, RuleResult]] = field(default_factory=dict)
    holds: dict[int, bool] = field(default_factory=dict)
    keep: list[str] = field(default_factory=list)
    completed: int = 0
    lost: bool = False
    duplicate: str | None = None
    error: BaseException | None = None

    def fail(self, error: BaseException) -> None:
        """Remember the first error raised in an action."""
        if self.error is None:
            self.error = error

    def assert_fact(self, text: str) -> None:
        """Assert one fact's JSON text in this session, keeping the text alive."""
        self.keep.append(text)
        code = _engine.assert_fact(self.handle, text)[0]
        if code == _OBSERVED:
            self.lost = True
        elif code != _OK:
            raise EngineError(f"durable_rules did not accept the fact {text} (code {code})")


# ---------------------------------------------------------------- actions

Reader = tuple[str, str, str]
"""Where a predicate's level is in an action's message: (fact alias, attribute, predicate)."""


@dataclass(frozen=True)
class _AppliedRule:
    rule: str
    ids: tuple[str, ...]
    tests: tuple[Fn, ...]


_LEVELS: tuple[Level, ...] = tuple(Level)


class _Action:
    """A durable rule's consequent, called with the facts the rule matched."""

    def __init__(self, program: _Program, readers: Sequence[Reader]) -> None:
        self.program = program
        self.readers = tuple(readers)

    def handle(self, run: _Run, message: dict[str, Any]) -> None:
        """Run the action on one match; an error is stored in ``run``, never lost."""
        try:
            self.act(run, message[_CTX]["c"], message)
        except BaseException as error:
            run.fail(error)

    def fire(self, c: Any) -> None:
        """The action as durable_rules' own dispatcher would call it (``run`` never uses it)."""
        run = self.program.current
        if run is not None:
            self.handle(run, c._m)

    def levels(self, message: dict[str, Any]) -> dict[str, int]:
        """The level of every predicate this action reads, from the matched facts."""
        return {name: message[alias][attr] for alias, attr, name in self.readers}

    def act(self, run: _Run, charge: int, message: dict[str, Any]) -> None:
        """The action proper."""
        raise NotImplementedError


class _Conclude(_Action):
    """Decide one conclusion for a charge from the rules that apply to it."""

    def __init__(
        self,
        program: _Program,
        readers: Sequence[Reader],
        predicate: str,
        rules: Sequence[_AppliedRule],
    ) -> None:
        super().__init__(program, readers)
        self.predicate = predicate
        self.rules = tuple(rules)
        self.prefix = '{"t":"lvl","p":' + json.dumps(predicate) + ',"c":'

    def act(self, run: _Run, charge: int, message: dict[str, Any]) -> None:
        env = self.levels(message)
        best = -1
        results = run.rules.setdefault(charge, {})
        for applied in self.rules:
            found = [_LEVELS[test(env)] for test in applied.tests]
            level = conj(found)
            results[applied.rule] = RuleResult(applied.rule, level, tuple(zip(applied.ids, found)))
            best = max(best, level)
        value = DEFAULT if best < 0 else best
        key = (charge, self.predicate)
        if key in run.levels:
            run.duplicate = f"'{self.predicate}' was concluded twice for charge {charge}"
            return
        run.levels[key] = value
        run.assert_fact(f"{self.prefix}{charge},\"v\":{int(value)}{run.tail}")


class _Gather(_Action):
    """Collect the levels of some predicates of a charge into one auxiliary fact."""

    def __init__(self, program: _Program, readers: Sequence[Reader], group: str) -> None:
        super().__init__(program, readers)
        self.prefix = '{"t":"aux","g":' + json.dumps(group) + ',"c":'

    def act(self, run: _Run, charge: int, message: dict[str, Any]) -> None:
        values = "".join(
            f',"l{j}":{int(message[alias][attr])}' for j, (alias, attr, _) in enumerate(self.readers)
        )
        run.assert_fact(f"{self.prefix}{charge}{values}{run.tail}")


class _Decide(_Action):
    """Record whether a charge holds: ``liable`` reached the required level or not."""

    def __init__(self, program: _Program, readers: Sequence[Reader], holds: bool) -> None:
        super().__init__(program, readers)
        self.holds = holds

    def act(self, run: _Run, charge: int, message: dict[str, Any]) -> None:
        if charge in run.holds:
            run.duplicate = f"charge {charge} was decided twice"
            return
        run.holds[charge] = self.holds


# ---------------------------------------------------------------- compiling a rule base


def _pattern(*tests: dict[str, Any]) -> dict[str, Any]:
    return tests[0] if len(tests) == 1 else {"$and": list(tests)}


def _level_clause(name: str, *more: dict[str, Any]) -> dict[str, Any]:
    return _pattern({"t": "lvl"}, {"p": name}, {"c": {_CTX: "c"}}, *more)


def _scope(pairs: Sequence[tuple[str, str]], offences: Sequence[str]) -> dict[str, Any]:
    """A pattern on the charge fact that matches exactly these (offence, kind) pairs."""
    if len(set(pairs)) == len(offences) * len(KINDS):
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


class _Program:
    """A rule base compiled into one durable_rules ruleset, ready to run scenarios."""

    def __init__(self, base: RuleBase) -> None:
        self.base = base
        self.name = f"verdict_{next(_RULESET_NAMES)}"
        self.lock = threading.Lock()
        self.current: _Run | None = None
        self.definition: dict[str, dict[str, Any]] = {}
        self.actions: dict[str, _Action] = {}
        self.order = evaluation_order(base)
        if GOAL not in self.order:
            raise EngineError(f"no rule concludes '{GOAL}', the conclusion every charge asks for")
        self.facts = [p for p in base.predicates if p not in self.order]
        self.fact_prefixes = [
            '{"t":"lvl","p":' + json.dumps(p) + ',"c":' for p in self.facts
        ]
        self.offences = list(base.offences)
        self.charge_prefixes = {
            (offence, kind): '{"t":"charge","off":' + json.dumps(offence) + ',"kind":'
            + json.dumps(kind) + ',"c":'
            for offence in self.offences
            for kind in KINDS
        }
        self._compile()
        host = _host()
        host.register_rulesets({self.name: {k: dict(v) for k, v in self.definition.items()}})
        self.ruleset: Any = host.get_ruleset(self.name)
        self.handle: int = self.ruleset._handle

    # -- compiling

    def _add(self, tag: str, clauses: list[dict[str, Any]], action: _Action) -> None:
        if len(clauses) > MAX_CLAUSES + 1:  # pragma: no cover (guarded by _gather)
            raise EngineError(f"internal: durable rule '{tag}' joins {len(clauses)} facts")
        name = f"r{len(self.definition)}_{tag}"[:100]
        self.definition[name] = {"all": clauses, "run": action.fire}
        self.actions[name] = action

    def _gather(
        self, names: Sequence[str], width: int, tag: str
    ) -> tuple[list[dict[str, Any]], list[Reader]]:
        """Clauses (after the charge clause) that make the levels of ``names`` available.

        At most ``width`` clauses: beyond that, auxiliary rules gather chunks of the
        levels into one fact each, as many levels deep as needed.
        """
        if len(names) > MAX_READ:
            raise EngineError(
                f"'{tag}' reads {len(names)} facts and conclusions; the durable backend "
                f"supports at most {MAX_READ} (use the reference backend)"
            )
        items: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
            (_level_clause(name), [("v", name)]) for name in names
        ]
        while len(items) > width:
            chunks = [items[k : k + MAX_CLAUSES - 1] for k in range(0, len(items), MAX_CLAUSES - 1)]
            merged = []
            for chunk in chunks:
                group = f"g{len(self.definition)}"
                clauses, readers = self._join(chunk)
                self._add(f"gather_{tag}", [{_CTX: {"t": "charge"}}, *clauses],
                          _Gather(self, readers, group))
                pattern = _pattern({"t": "aux"}, {"g": group}, {"c": {_CTX: "c"}})
                merged.append((pattern, [(f"l{j}", name) for j, (_, _, name) in enumerate(readers)]))
            items = merged
        return self._join(items)

    @staticmethod
    def _join(
        items: Sequence[tuple[dict[str, Any], list[tuple[str, str]]]],
    ) -> tuple[list[dict[str, Any]], list[Reader]]:
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
                        tuple(compile_expr(e) for _, e in rules[i].conditions()),
                    )
                    for i in applying
                ]
                action = _Conclude(self, readers, conclusion, applied)
                scope = _scope(pairs, self.offences)
                self._add(conclusion, [{_CTX: scope}, *clauses], action)
        # The outcome rules also read every level fact no conclusion reads, so that
        # each asserted fact is matched by some rule (durable_rules rejects the others)
        # and a decided charge has every one of its facts.
        terminal = [n for n in [*self.facts, *self.order] if n not in read and n != GOAL]
        clauses, readers = self._gather(terminal, MAX_CLAUSES - 2, "outcome")
        for holds, test in ((True, "$gte"), (False, "$lt")):
            goal = {"goal": _level_clause(GOAL, {test: {"v": {_CTX: "req"}}})}
            self._add("holds" if holds else "fails", [{_CTX: {"t": "charge"}}, goal, *clauses],
                      _Decide(self, readers, holds))

    # -- running

    def _payload(
        self, scenario: Sequence[ChargeFacts], stage: Stage, tail: str, order: random.Random | None
    ) -> str:
        required = int(stage.required)
        parts: list[str] = []
        for i, facts in enumerate(scenario):
            prefix = self.charge_prefixes.get((facts.charge.offence, facts.kind))
            if prefix is None:
                raise EngineError(
                    f"charge {facts.charge.key}: offence '{facts.charge.offence}' or kind "
                    f"'{facts.kind}' is not one the rule base '{self.base.name}' knows"
                )
            parts.append(
                f'{prefix}{i},"cls":{json.dumps(facts.offence_class)},"req":{required}{tail}'
            )
            levels = facts.facts
            for name, fact_prefix in zip(self.facts, self.fact_prefixes, strict=True):
                try:
                    value = int(levels[name])
                except KeyError:
                    raise EngineError(f"charge {facts.charge.key} has no level for '{name}'") from None
                if not Level.DISPROVED <= value <= Level.PROVEN:
                    raise EngineError(f"charge {facts.charge.key}: level {value} of '{name}' is off the scale")
                parts.append(f'{fact_prefix}{i},"v":{value}{tail}')
        if order is not None:
            order.shuffle(parts)
        return "[" + ",".join(parts) + "]"

    def _session(
        self, scenario: Sequence[ChargeFacts], stage: Stage, salt: int | None,
        order: random.Random | None,
    ) -> _Run:
        sid = str(next(_SESSION_IDS))
        tail = f',"sid":"{sid}"}}' if salt is None else f',"n":{salt},"sid":"{sid}"}}'
        run = _Run(self.handle, tail)
        payload = self._payload(scenario, stage, tail, order)
        run.keep.append(payload)
        self.current = run
        handle = self.handle
        try:
            code, offset = _engine.assert_facts(handle, payload)
            if code == _OBSERVED:
                run.lost = True
            elif code != _OK:
                raise EngineError(f"durable_rules did not accept the facts (code {code})")
            # durable_rules' own dispatcher (Ruleset.do_actions) would swallow errors into
            # the session state and re-encode that state after every action; this loop
            # makes the same calls to the C core without either.
            started = _engine.start_action_for_state(handle, offset)
            pending = started[1] if started else None
            while pending:
                ((name, message),) = json.loads(pending).items()
                self.actions[name].handle(run, message)
                pending = _engine.complete_and_start_action(handle, offset)
                run.completed += 1
        except Exception as error:
            run.fail(error)
        finally:
            self.current = None
            if run.completed:  # durable_rules crashes deleting a session in which nothing ran
                _engine.delete_state(handle, sid)
            run.keep.clear()
        return run

    def _complete(self, run: _Run, count: int) -> bool:
        if run.lost or len(run.holds) != count:
            return False
        return all((i, p) in run.levels for i in range(count) for p in self.order)

    def run(
        self, scenario: Sequence[ChargeFacts], stage: Stage, order: random.Random | None = None
    ) -> tuple[ChargeResult, ...]:
        """Evaluate every charge of ``scenario`` at ``stage`` in one durable_rules session."""
        if not scenario:
            return ()
        with self.lock:
            run = self._session(scenario, stage, None, order)
            self._raise(run)
            if not self._complete(run, len(scenario)):
                run = self._session(scenario, stage, random.getrandbits(48), order)
                self._raise(run)
                if not self._complete(run, len(scenario)):
                    raise EngineError(
                        "durable_rules lost a fact twice in a row: a conclusion or an outcome "
                        "is missing (use the reference backend)"
                    )
        results = []
        for i, facts in enumerate(scenario):
            levels = {k: Level(v) for k, v in facts.facts.items()}
            levels.update((p, Level(run.levels[i, p])) for p in self.order)
            result = finish(facts, stage, levels, run.rules.get(i, {}))
            if result.holds != run.holds[i]:
                raise EngineError(
                    f"charge {facts.charge.key}: durable_rules decided holds={run.holds[i]}, "
                    f"but liable is {result.liable.name_id} and {stage.id} requires "
                    f"{stage.required.name_id}"
                )
            results.append(result)
        return tuple(results)

    @staticmethod
    def _raise(run: _Run) -> None:
        error = run.error
        if error is not None:
            if isinstance(error, EngineError):
                raise error
            if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit
                raise error
            raise EngineError(f"an action failed: {type(error).__name__}: {error}") from error
        if run.duplicate is not None:
            raise EngineError(f"durable_rules fired a rule twice: {run.duplicate}")


_PROGRAMS: dict[int, _Program] = {}
_COMPILING = threading.Lock()


def compile_durable(base: RuleBase) -> _Program:
    """Compile ``base`` into a durable_rules ruleset once per process (cached per object).

    The ruleset does not depend on the stage: the required level is a fact of each
    charge. A compiled ruleset cannot be freed, so compile rule bases sparingly.
    """
    with _COMPILING:
        cached = _PROGRAMS.get(id(base))
        if cached is not None and cached.base is base:
            return cached
        program = _PROGRAMS[id(base)] = _Program(base)
        return program


def run_durable(
    base: RuleBase,
    scenario: tuple[ChargeFacts, ...],
    stage: Stage,
    *,
    shuffle: random.Random | None = None,
) -> tuple[ChargeResult, ...]:
    """Evaluate every charge of ``scenario`` at ``stage`` with durable_rules.

    The result is the reference evaluator's, charge for charge. ``shuffle``, if
    given, puts the asserted facts in a random order (to test that order is moot).
    """
    return compile_durable(base).run(scenario, stage, shuffle)


__all__: list[str] = ["KINDS", "MAX_CLAUSES", "compile_durable", "run_durable"]

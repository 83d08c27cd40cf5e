"""The durable_rules backend: a rule base compiled into one durable_rules ruleset that
decides every level itself.

Each scenario runs in a fresh durable_rules session. Everything that has a level for a
charge is one *level fact* ``{"t": kind, "g": group, "p": name, "c": charge, "v": level}``:
the facts of the case (``t: "lvl"``, asserted with the scenario), every conclusion
(``t: "lvl"``), every rule (``t: "rule"``, grouped by the conclusion it reaches) and every
compound part of a condition (``t: "node"``, grouped by rule). One context fact per charge,
``{"t": "charge", "c": charge, "off": offence, "kind": kind, "cls": class, "req": level}``,
carries the charge and the stage's required level.

The level algebra of docs/semantics.md is written in durable_rules patterns, one durable
rule per way of reaching a level (docs/durable.md walks through an example):

- a conjunction (a rule's conditions, ``all``) is at the level of its weakest part: for each
  part *i*, one durable rule joins every part's level fact with ``$gt`` on the parts
  before *i* and ``$gte`` on the parts after it (so exactly one rule matches), and states
  that the conjunction is at part *i*'s level;
- a disjunction (a conclusion's applicable rules, ``any``) likewise with ``$lt``/``$lte``:
  the strongest part;
- ``not`` and ``unless``: one durable rule per level of the result, whose pattern is the
  range of the part's level that gives it (``ways`` of the compiled form, ``compiled.py``);
- a charge holds when ``liable`` is ``$gte`` the required level of its context fact.

An action only asserts the level its rule states, and records it for the trace. Which
rules apply to a charge (its offence and kind of accused) is part of each pattern. This
module reads the rules' structure from ``compiled.py`` and imports nothing from the
reference evaluator, which the differential tests compare it with.

What durable_rules 2.0.28 needs in order to be used safely:

- Negation is never durable's ``$not``, which depends on the order facts arrive in:
  every level fact exists exactly once per charge, and ``not`` is a range of levels.
- A durable rule joins at most 16 facts, and a wider one fails only when facts are
  asserted: a conjunction or disjunction of more than ``MAX_CLAUSES - 1`` parts is
  split into a tree of partial ones.
- One ruleset holds at most 4,096 rules (``MAX_RULES``: 4,000), one pattern feeds at most 256
  rules, and durable_rules loops forever, holding Python's lock and deaf to Ctrl-C, once
  one test in its pattern network has more than about 510 different values after it
  (``MAX_VALUES``; 600 offences, or 600 facts, are enough). The compiled ruleset is
  measured against these limits before it is given to durable_rules, and a rule base
  beyond them is refused with a message naming ``--backend reference``.
- A large session loses facts (600 charges on the bundled law in one run of three, 700 in
  every run; 100 charges on a ruleset of 3,919 durable rules in six runs of seven): more than
  ``MAX_CHARGES`` (400) charges, or more than ``MAX_SESSION`` (235,000) charges times durable
  rules, are refused in one line naming ``--backend reference``.
- durable_rules keeps pointers into the JSON text of asserted facts: every text is
  kept referenced until its session is deleted, including facts asserted by actions.
- When the last of several join tests of a clause fails, durable_rules reads past the
  end of its list of tests (``_JOIN_GUARD`` below): such clauses end with a test that
  cannot fail.
- Deleting a session in which no action completed crashes the process: a session is
  deleted only once an action has completed.
- durable_rules' own action dispatcher swallows exceptions into the session state.
  The backend runs the actions itself, through the same calls to the C core; an
  action stores any error and it is raised as ``EngineError`` once the session ends. A
  ``KeyboardInterrupt`` stops the session at once.
- Fact identity is a 32-bit hash, and a distinct fact is now and then rejected as a
  duplicate. A scenario with a missing level or outcome is run once more with a
  salt in every fact; ``EngineError`` is raised if it is still incomplete.
- A ruleset holds several megabytes outside Python and the host never frees it:
  programs share the bounded cache of ``engine/decide/compiled.py`` and free their ruleset
  (``delete_ruleset``) when they fall out of it, registering it again if run later.
  A compiled program is also kept on disk (``engine/io/cache.py``), so that a new process
  only registers it. The required level is a fact, so one ruleset serves every stage.
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

from verdict.engine.decide.compiled import Compiled, cached, compile_base, ways
from verdict.engine.decide.scenario import ChargeFacts
from verdict.engine.decide.trace import ChargeResult, RuleResult
from verdict.engine.errors import EngineError
from verdict.engine.model.base import GOAL, PartyKind
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless
from verdict.engine.model.levels import DEFAULT, TOP, Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Rule
from verdict.engine.model.stages import Stage
from verdict.messages import Message

_engine: Any = _durable.durable_rules_engine
"""durable_rules' C core: facts go to it directly, so that their JSON text can be kept."""

KINDS: tuple[str, ...] = get_args(PartyKind)
"""The kinds of accused a charge can name."""

MAX_CLAUSES = 15
"""Facts one compiled durable rule joins at most (durable_rules fails beyond 16)."""

MAX_READ = 240
"""Facts and conclusions the rules of one conclusion may read at most."""

MAX_VALUES = 480
"""Values after one test of the pattern network at most (durable_rules hangs past ~510)."""

MAX_RULES = 4000
"""Durable rules in one ruleset at most (durable_rules refuses more than 4,096). Measured by
bench/bench_durable_caps.py --rules (five fresh runs per size, a generated case of 4 charges):
rulesets of 2,449, 3,057, 3,591, 3,919, 4,004 and 4,049 durable rules gave the reference's answer in
every run. A large ruleset makes a large session with few charges: ``MAX_SESSION`` bounds both."""

MAX_SESSION = 235_000
"""Charges times durable rules in one session at most: durable_rules loses facts in large sessions.
Measured by bench/bench_durable_caps.py --rules --charges N (fresh runs) on 3,919 durable rules: 50
charges (195,950) and 75 (293,925) gave the reference's answer in every run (five and three), 100
(391,900) failed six runs of seven; on the bundled law (491 durable rules when measured), 600
charges (294,600) failed one run in three (``MAX_CHARGES``), 500 (245,500) none. The cap keeps a
fifth below the smallest size that failed, and lets the bundled law (502 durable rules) decide
``MAX_CHARGES`` charges. At the cap, 59 charges on 3,919 durable rules (231,221) and 400 on the
bundled law's 502 (200,800) gave the reference's answer in every run of three."""

MAX_PER_PATTERN = 250
"""Durable rules one pattern may feed at most (durable_rules refuses more than 256)."""

MAX_CHARGES = 400
"""Charges one scenario may have at most: durable_rules loses facts in large sessions. Measured by
bench/bench_durable_caps.py (three fresh runs per size): 400 and 500 charges gave the reference's
answer in every run, 600 failed one run in three and 700 every run; the cap keeps a fifth below the
largest size that never failed."""

_OK, _OBSERVED = 0, 2  # result codes of durable_rules' assert calls (1: no rule matches)
_STACK_FULL = "error code: 303"
"""durable_rules' ``ERR_MAX_STACK_SIZE``: a fact passes more than 64 tests of its pattern network
at once (``MAX_STACK_SIZE`` of ``handleAlpha``, events.c); many rules for one conclusion, each
scoped to other offences, reach it (18 such rules over 10 offences, in ``tests/decisions.py``)."""
_LEVELS: tuple[Level, ...] = tuple(Level)
_RULESET_NAMES = itertools.count()
_SESSION_IDS = itertools.count(1)

Ref = tuple[str, str, str]
"""A level fact for each charge: (kind ``t``, group ``g``, name ``p``)."""


def _lvl(name: str) -> Ref:
    return ("lvl", "", name)


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
    """What the actions of one session concluded, and the JSON texts it must keep alive."""

    handle: int
    tail: str  # the end of every fact's JSON text: salt, session id, closing brace
    levels: dict[tuple[int, Ref], int] = field(default_factory=dict)
    holds: dict[int, bool] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    completed: int = 0
    lost: bool = False
    twice: str | None = None
    error: Exception | None = None

    def fail(self, error: Exception) -> None:
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
            raise EngineError(Message("durable.fact_refused", fact=text, code=code))

    def check(self) -> None:
        """Raise what went wrong in an action, as ``EngineError``."""
        error = self.error
        if isinstance(error, EngineError):
            raise error
        if error is not None and _STACK_FULL in str(error):
            raise EngineError(Message("durable.too_wide")) from error
        if error is not None:
            failed = Message("durable.action_failed", kind=type(error).__name__, error=str(error))
            raise EngineError(failed) from error
        if self.twice is not None:
            raise EngineError(Message("durable.fired_twice", rule=self.twice))


# ---------------------------------------------------------------- actions


class _Action:
    """A durable rule's consequent, called with the facts the rule matched."""

    def __init__(self, program: DurableProgram) -> None:
        self.program = program

    def handle(self, session: _Session, message: dict[str, Any]) -> None:
        """Run the action on one match; an error is stored in ``session``, never lost."""
        try:
            self.act(session, message[_FIRST]["c"], message)
        except Exception as error:
            session.fail(error)

    def fire(self, c: Any) -> None:
        """The action as durable_rules' own dispatcher calls it (the backend does not)."""
        session = self.program.current
        if session is not None:
            self.handle(session, c._m)

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        """The action proper, for charge number ``charge``."""
        raise NotImplementedError


class _Conclude(_Action):
    """State that a level fact is at the level the matched durable rule gives it.

    ``level`` is a constant of the rule, or (for the weakest or strongest part of a
    conjunction or disjunction) the alias of the part whose level the rule selected.
    """

    def __init__(self, program: DurableProgram, ref: Ref, level: int | str) -> None:
        super().__init__(program)
        self.ref = ref
        self.level = level
        t, g, p = ref
        self.prefix = '{"t":' + json.dumps(t) + ',"g":' + json.dumps(g) + ',"p":' + json.dumps(p) + ',"c":'

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        value = self.level if isinstance(self.level, int) else message[self.level]["v"]
        key = (charge, self.ref)
        if key in session.levels:
            session.twice = f"'{self.ref[2]}' was concluded twice for charge {charge}"
            return
        session.levels[key] = value
        session.assert_fact(f'{self.prefix}{charge},"v":{value}{session.tail}')


class _Decide(_Action):
    """Record whether a charge holds (``liable`` reached the required level) or fails."""

    def __init__(self, program: DurableProgram, holds: bool) -> None:
        super().__init__(program)
        self.holds = holds

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        if charge in session.holds:
            session.twice = f"charge {charge} was decided twice"
            return
        session.holds[charge] = self.holds


class _Ignore(_Action):
    """The action of a durable rule that never fires (it gives a fact a pattern to match)."""

    def act(self, session: _Session, charge: int, message: dict[str, Any]) -> None:
        return None


# ---------------------------------------------------------------- patterns


def _pattern(*tests: dict[str, Any]) -> dict[str, Any]:
    """The conjunction of ``tests`` (a level clause always has at least its kind and name)."""
    return {"$and": list(tests)}


_FIRST = "a0"
"""The alias of every durable rule's first fact, whose ``c`` names the charge."""


def _guard(anchor: str) -> dict[str, Any]:
    """A join test that holds whenever it is evaluated (after ``c`` equals the anchor's ``c``).

    durable_rules 2.0.28 evaluates the join tests of a clause that has several of them
    as a sequence, and when the last test of the sequence fails it skips past the end of
    the sequence and reads memory beyond it until it happens on an end marker
    (``reduceExpressionSequence``): valgrind reports the read, and the process crashes
    now and then. A last test that never fails avoids it."""
    return {"$gte": {"c": {anchor: "c"}}}


def _is_join(test: dict[str, Any]) -> bool:
    """Whether a test compares with another fact (``{"v": {alias: attr}}``), not a constant."""
    ((key, value),) = test.items()
    if key.startswith("$"):
        ((_, value),) = value.items()
    return isinstance(value, dict)


def _level_clause(ref: Ref, *more: dict[str, Any], anchor: str | None = _FIRST) -> dict[str, Any]:
    """The level fact ``ref`` (of the anchor's charge, unless ``anchor`` is None), with ``more`` tests."""
    t, g, p = ref
    head = [{"t": t}, {"g": g}, {"p": p}] if g else [{"t": t}, {"p": p}]
    constants = [test for test in more if not _is_join(test)]
    joins = [test for test in more if _is_join(test)]
    if anchor is None:
        return _pattern(*head, *constants)
    if joins:
        return _pattern(*head, *constants, {"c": {anchor: "c"}}, *joins, _guard(anchor))
    return _pattern(*head, *constants, {"c": {anchor: "c"}})


def _range(lo: int, hi: int) -> list[dict[str, Any]]:
    """Constant tests for ``lo <= v <= hi``."""
    if lo == hi:
        return [{"v": lo}]
    tests: list[dict[str, Any]] = []
    if lo > 0:
        tests.append({"$gte": {"v": lo}})
    if hi < TOP:
        tests.append({"$lte": {"v": hi}})
    return tests


def _paths(pattern: Any, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The chains of constant tests a clause's pattern makes in durable_rules' network."""
    if isinstance(pattern, dict) and len(pattern) == 1:
        ((key, value),) = pattern.items()
        if key == "$and":
            paths = [prefix]
            for part in value:
                paths = [q for p in paths for q in _paths(part, p)]
            return paths
        if key == "$or":
            return [q for part in value for q in _paths(part, prefix)]
        if not _is_join(pattern):
            return [(*prefix, json.dumps(pattern, sort_keys=True))]
    return [prefix]  # a join test: not in the constant network


def measure(definition: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """The most values after one constant test, and the most rules fed by one pattern."""
    after: dict[tuple[str, ...], set[str]] = {}
    feeds: dict[tuple[str, ...], int] = {}
    for rule in definition.values():
        for clause in rule["all"]:
            ((_, pattern),) = clause.items()
            for path in _paths(pattern, ()):
                for depth in range(len(path)):
                    after.setdefault(path[:depth], set()).add(path[depth])
                feeds[path] = feeds.get(path, 0) + 1
    return max(map(len, after.values()), default=0), max(feeds.values(), default=0)


# ---------------------------------------------------------------- compiling


class DurableProgram:
    """A rule base compiled into one durable_rules ruleset, ready to run scenarios."""

    def __init__(self, base: RuleBase) -> None:
        self.base = base
        self.compiled: Compiled = compile_base(base)
        self.name = f"verdict_{next(_RULESET_NAMES)}"
        self.lock = threading.Lock()
        self.current: _Session | None = None
        self.definition: dict[str, dict[str, Any]] = {}
        self.actions: dict[str, _Action] = {}
        self.order = self.compiled.order
        if GOAL not in self.order:
            raise EngineError(Message("rules.no_goal", goal=f"'{GOAL}'"))
        self.facts = [p for p in base.predicates if p not in self.order]
        self.fact_prefixes = ['{"t":"lvl","g":"","p":' + json.dumps(p) + ',"c":' for p in self.facts]
        self.offences = list(base.offences)
        self.charge_prefixes = {
            (offence, kind): (
                '{"t":"charge","off":' + json.dumps(offence) + ',"kind":' + json.dumps(kind)
                + ',"c":'
            )
            for offence in self.offences
            for kind in KINDS
        }
        self.nodes = itertools.count()
        self.conditions: dict[str, tuple[tuple[str, Ref], ...]] = {}
        self.parts: dict[str, tuple[tuple[Ref, ...], ...]] = {}
        self.expected: dict[tuple[str, str], tuple[Ref, ...]] = {}
        self.groups: dict[tuple[str, str], list[str]] = {}
        self.group_ids = itertools.count()
        self._compile()
        values, feeds = measure(self.definition)
        for found, limit, what in (
            (len(self.definition), MAX_RULES, "durable.too_many_rules"),
            (values, MAX_VALUES, "durable.too_many_values"),
            (feeds, MAX_PER_PATTERN, "durable.too_many_on_pattern"),
        ):
            if found > limit:  # durable_rules would refuse the ruleset, or loop forever
                raise EngineError(Message(what, found=found, limit=limit))
        self.handle: int | None = self._register()

    def _register(self) -> int:
        """Hand the compiled rules to durable_rules; the handle of its ruleset."""
        host = _host()
        # durable_rules' Ruleset deletes "run" from the dicts it is given: give it copies.
        try:
            host.register_rulesets({self.name: {k: dict(v) for k, v in self.definition.items()}})
        except Exception as error:
            raise EngineError(Message("durable.cannot_compile", error=str(error))) from error
        handle: int = host.get_ruleset(self.name)._handle
        return handle

    def close(self) -> None:
        """Free the durable_rules ruleset (a few megabytes); a later run registers it again."""
        with self.lock:
            if self.handle is None:
                return
            host = _host()
            _engine.delete_ruleset(self.handle)
            ruleset = host._ruleset_directory.pop(self.name, None)
            if ruleset in host._ruleset_list:
                host._ruleset_list.remove(ruleset)
            self.handle = None

    def __getstate__(self) -> dict[str, Any]:
        """The compiled program without what belongs to this process (lock, session, ruleset)."""
        state = dict(self.__dict__)
        for name in ("lock", "current", "handle", "name"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A compiled program read back: its rules handed to durable_rules again."""
        self.__dict__.update(state)
        self.name = f"verdict_{next(_RULESET_NAMES)}"
        self.lock = threading.Lock()
        self.current = None
        self.handle = self._register()

    # -- compiling

    def _add(self, tag: str, clauses: list[dict[str, Any]], action: _Action) -> None:
        if len(clauses) > MAX_CLAUSES:
            raise EngineError(Message("durable.join_too_wide", tag=f"'{tag}'", n=len(clauses)))
        name = f"r{len(self.definition)}_{tag}"
        self.definition[name] = {"all": clauses, "run": action.fire}
        self.actions[name] = action

    def _applies_somewhere(self, rule: Rule) -> bool:
        """Whether ``rule`` applies to some charge the rule base can name (compiled form)."""
        return any(
            r.id == rule.id
            for o in self.offences
            for k in KINDS
            for r in self.compiled.applicable(rule.concludes, o, k)
        )

    def _select(
        self, ref: Ref, parts: Sequence[Ref], weakest: bool, within: dict[str, Any] | None, tag: str
    ) -> None:
        """``ref`` is at the level of its weakest (or strongest) part: one rule per part.

        ``within``, if given, is the pattern of the fact that puts a charge in the rules'
        scope; it is then the first fact of each rule.
        """
        parts = list(dict.fromkeys(parts))
        width = MAX_CLAUSES - 1
        while len(parts) > width:  # a tree of partial conjunctions or disjunctions
            group = ref[1] or ref[2]  # the conclusion the tree belongs to
            partial = [("node", group, f"n{next(self.nodes)}") for _ in range(0, len(parts), width)]
            for node, start in zip(partial, range(0, len(parts), width), strict=True):
                self._select(node, parts[start : start + width], weakest, None, f"{group}_part")
            parts = partial
        before, after = ("$gt", "$gte") if weakest else ("$lt", "$lte")
        for i, chosen in enumerate(parts):
            if within is None:
                clauses: list[dict[str, Any]] = [{_FIRST: _level_clause(chosen, anchor=None)}]
            else:
                clauses = [{_FIRST: within}, {"a1": _level_clause(chosen)}]
            picked = next(iter(clauses[-1]))
            for j, other in enumerate(parts):
                if j != i:
                    test = {before if j < i else after: {"v": {picked: "v"}}}
                    clauses.append({f"a{len(clauses)}": _level_clause(other, test)})
            self._add(tag, clauses, _Conclude(self, ref, picked))

    def _cases(self, ref: Ref, expr: Expr, inner: Ref, tag: str) -> None:
        """``ref`` is ``expr`` (``not``/``unless`` of ``inner``): one rule per way to each level."""
        for level in range(TOP + 1):
            for box in ways(expr, level):
                ((_, lo, hi),) = box
                clause = _level_clause(inner, *_range(lo, hi), anchor=None)
                self._add(tag, [{_FIRST: clause}], _Conclude(self, ref, level))

    def _expr(self, expr: Expr, group: str, tag: str, parts: list[Ref]) -> Ref:
        """The level fact holding ``expr``'s level, compiling durable rules for it as needed;
        the level fact of each compound part is appended to ``parts``, children first."""
        if isinstance(expr, str):
            return _lvl(expr)
        ref = ("node", group, f"n{next(self.nodes)}")
        if isinstance(expr, All | Any_):
            below = expr.all if isinstance(expr, All) else expr.any
            refs = [self._expr(p, group, tag, parts) for p in below]
            self._select(ref, refs, isinstance(expr, All), None, tag)
            parts.append(ref)
            return ref
        inner = self._expr(expr.not_ if isinstance(expr, Not) else expr.unless, group, tag, parts)
        unary = Not(**{"not": "x"}) if isinstance(expr, Not) else Unless(unless="x")
        self._cases(ref, unary, inner, tag)
        parts.append(ref)
        return ref

    def _rule(self, rule: Rule) -> None:
        """A rule's level fact: the weakest of its conditions.

        It is concluded for every charge; which rules apply to a charge is decided where
        a conclusion picks the strongest of its rules."""
        if not self._applies_somewhere(rule):
            return  # a rule about no charge the rule base can name
        ref: Ref = ("rule", rule.concludes, rule.id)
        conditions: list[tuple[str, Ref]] = []
        parts: list[tuple[Ref, ...]] = []
        for cid, expr in rule.conditions():
            found: list[Ref] = []
            conditions.append((cid, self._expr(expr, rule.concludes, rule.id, found)))
            parts.append(tuple(found))
        self.conditions[rule.id] = tuple(conditions)
        self.parts[rule.id] = tuple(parts)
        if conditions:
            self._select(ref, [r for _, r in conditions], True, None, rule.id)
        else:  # a rule without conditions is proven
            self._add(rule.id, [{_FIRST: {"t": "charge"}}], _Conclude(self, ref, TOP))

    def _compile(self) -> None:
        base = self.base
        known = set(base.predicates) | set(self.order)
        for conclusion, names in self.compiled.reads.items():
            if len(names) > MAX_READ:
                raise EngineError(Message("durable.reads_too_many", conclusion=f"'{conclusion}'",
                                          n=len(names), limit=MAX_READ))
            for name in names:
                if name not in known:
                    raise EngineError(Message("durable.reads_unknown", conclusion=f"'{conclusion}'",
                                              name=f"'{name}'"))
        for rule in base.rules:
            self._rule(rule)
        read = {ref for conditions in self.conditions.values() for _, ref in conditions}
        for conclusion in self.order:
            groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
            for offence in self.offences:
                for kind in KINDS:
                    applying = self.compiled.applicable(conclusion, offence, kind)
                    groups.setdefault(tuple(r.id for r in applying), []).append((offence, kind))
            for ids, pairs in groups.items():
                # a charge is in this group by a fact {"t": "in", "g": group, "c": charge}
                group = f"{next(self.group_ids)}"
                within = {"$and": [{"t": "in"}, {"g": group}]}
                for pair in pairs:
                    self.groups.setdefault(pair, []).append(group)
                if ids:
                    rules = [("rule", conclusion, r) for r in ids]
                    self._select(_lvl(conclusion), rules, False, within, conclusion)
                else:  # no rule applies: the conclusion is not shown
                    self._add(conclusion, [{_FIRST: within}], _Conclude(self, _lvl(conclusion), DEFAULT))
                for pair in pairs:
                    self.expected[pair] = (
                        *self.expected.get(pair, ()),
                        _lvl(conclusion),
                        *(("rule", conclusion, r) for r in ids),
                        *(ref for r in ids for found in self.parts[r] for ref in found),
                    )
        for holds, test in ((True, "$gte"), (False, "$lt")):
            goal = {"goal": _level_clause(_lvl(GOAL), {test: {"v": {_FIRST: "req"}}})}
            self._add("holds" if holds else "fails", [{_FIRST: {"t": "charge"}}, goal], _Decide(self, holds))
        # durable_rules rejects a fact that matches no pattern: the facts and conclusions
        # no rule reads get one, in a rule that never fires (no fact has the first type)
        unread = [n for n in [*self.facts, *self.order] if _lvl(n) not in read and n != GOAL]
        width = MAX_CLAUSES - 1
        for start in range(0, len(unread), width):
            chunk = unread[start : start + width]
            clauses = [{f"a{j + 1}": _level_clause(_lvl(n))} for j, n in enumerate(chunk)]
            self._add("unread", [{_FIRST: {"t": "never"}}, *clauses], _Ignore(self))

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
                raise EngineError(Message("durable.unknown_charge", charge=facts.charge.key,
                                          base=f"'{self.base.name}'", offence=f"'{facts.charge.offence}'",
                                          kind=f"'{facts.kind}'"))
            cls = json.dumps(facts.offence_class)
            texts.append(f'{prefix}{i},"cls":{cls},"req":{required}{tail}')
            groups = self.groups[facts.charge.offence, facts.kind]
            texts.extend(f'{{"t":"in","g":"{group}","c":{i}{tail}' for group in groups)
            levels = facts.facts
            for name, fact_prefix in zip(self.facts, self.fact_prefixes, strict=True):
                if name not in levels:
                    raise EngineError(Message("durable.no_level", charge=facts.charge.key, name=f"'{name}'"))
                value = int(levels[name])
                if not Level.DISPROVED <= value <= Level.PROVEN:
                    raise EngineError(Message("durable.off_scale", charge=facts.charge.key, level=value,
                                              name=f"'{name}'"))
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
        assert handle is not None, "run() registers a freed ruleset before a session"
        session = _Session(handle, tail)
        facts = self._facts(scenario, stage, tail, order)
        session.texts.append(facts)
        self.current = session
        try:
            code, state = _engine.assert_facts(handle, facts)
            if code == _OBSERVED:
                session.lost = True
            elif code != _OK:
                raise EngineError(Message("durable.facts_refused", code=code))
            # The calls durable_rules' Ruleset.do_actions makes, without its swallowing of
            # errors and its re-encoding of the session state after every action. Python
            # runs between the calls, so Ctrl-C stops the session here.
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

    def _complete(self, session: _Session, scenario: Sequence[ChargeFacts]) -> bool:
        """Whether every charge got every level it needs and an outcome."""
        if session.lost or len(session.holds) != len(scenario):
            return False
        return all(
            (i, ref) in session.levels
            for i, facts in enumerate(scenario)
            for ref in self.expected[facts.charge.offence, facts.kind]
        )

    def _result(self, i: int, facts: ChargeFacts, stage: Stage, session: _Session) -> ChargeResult:
        """Charge ``i``'s result, read from what durable_rules concluded."""

        def level(ref: Ref) -> Level:
            if ref[0] == "lvl" and ref[2] in facts.facts:
                return _LEVELS[facts.facts[ref[2]]]
            return _LEVELS[session.levels[i, ref]]

        levels = {name: _LEVELS[value] for name, value in facts.facts.items()}
        levels.update((p, level(_lvl(p))) for p in self.order)
        rules = {}
        for conclusion, applying in self.compiled.plan(facts.charge.offence, facts.kind):
            for rule in applying:
                conditions = tuple((cid, level(ref)) for cid, ref in self.conditions[rule.id])
                parts = tuple(tuple(level(ref) for ref in found) for found in self.parts[rule.id])
                rules[rule.id] = RuleResult(
                    rule.id, level(("rule", conclusion, rule.id)), conditions, parts
                )
        holds, outcome = stage.settle(session.holds[i], levels, facts.offence_class)
        return ChargeResult(
            charge=facts.charge,
            kind=facts.kind,
            offence_class=facts.offence_class,
            levels=levels,
            rules=rules,
            liable=levels[GOAL],
            holds=holds,
            outcome=outcome,
        )

    def run(
        self, scenario: Sequence[ChargeFacts], stage: Stage, order: random.Random | None = None
    ) -> tuple[ChargeResult, ...]:
        """Evaluate every charge of ``scenario`` at ``stage`` in one durable_rules session."""
        if not scenario:
            return ()
        if len(scenario) > MAX_CHARGES:
            raise EngineError(Message("durable.too_many_charges", n=len(scenario), limit=MAX_CHARGES))
        size = len(scenario) * len(self.definition)
        if size > MAX_SESSION:
            said = Message(
                "durable.session_too_large", n=len(scenario), rules=len(self.definition), size=size,
                limit=MAX_SESSION,
            )
            raise EngineError(said)
        with self.lock:
            if self.handle is None:  # freed by the cache of compiled programs
                self.handle = self._register()
            session = self._session(scenario, stage, None, order)
            session.check()
            if not self._complete(session, scenario):
                session = self._session(scenario, stage, random.getrandbits(48), order)
                session.check()
                if not self._complete(session, scenario):
                    raise EngineError(Message("durable.lost_fact"))
        return tuple(self._result(i, facts, stage, session) for i, facts in enumerate(scenario))


_COMPILING = threading.Lock()


def compile_durable(base: RuleBase) -> DurableProgram:
    """``base`` compiled into a durable_rules ruleset, once per rule-base object.

    One ruleset serves every stage. Compiled programs share the bounded cache of
    ``engine/decide/compiled.py``: one that falls out of it frees its durable_rules ruleset.
    """
    with _COMPILING:
        return cached(base, "durable", _compiled)


def _compiled(base: RuleBase) -> DurableProgram:
    """``base`` compiled, or read back from the cache on disk when this code compiled it before."""
    from verdict.engine.io.cache import remembered
    from verdict.engine.io.files import digest

    scopes = [sorted(r._offences) if r._offences is not None else None for r in base.rules]
    said = base.model_dump_json() + json.dumps(scopes)
    program = remembered("durable\0" + digest(said.encode()), lambda: DurableProgram(base), DurableProgram)
    program.base = base
    return program


def run_durable(
    base: RuleBase,
    scenario: tuple[ChargeFacts, ...],
    stage: Stage,
    *,
    shuffle: random.Random | None = None,
) -> tuple[ChargeResult, ...]:
    """Evaluate every charge of ``scenario`` at ``stage`` with durable_rules.

    ``shuffle``, if given, asserts the facts in an order drawn from it (the result does
    not depend on the order).
    """
    return compile_durable(base).run(scenario, stage, shuffle)


__all__ = ["KINDS", "MAX_CLAUSES", "DurableProgram", "compile_durable", "run_durable"]

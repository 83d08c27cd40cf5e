"""The decisions every backend shares, and hand-written examples that pin each of them.

A stage's threshold, procedural grounds and bars, what a charge short of it gets, and a charge
outside the rule base's scope; which rules apply to a charge (the kind
of accused, the offence and its attributes); a fact's level from its findings (the strongest,
a charge-scoped finding weighed with the general ones, none is ``not_shown``); and the case's
outcome from its charges'. Each ``check_*`` function asserts one of them through a ``decide``
function (a backend: rule base, case, stage → the case's outcome). ``test_shared_decisions.py``
runs every check on every backend; ``test_mutations.py`` shows that a mutation of the real code
of each decision makes its check fail.

The expected outcomes are written out here, from the law of docs/semantics.md, never computed
by the engine's own functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from generators import CLASSES

from verdict.engine.decide import generated
from verdict.engine.decide.evaluate import evaluate
from verdict.engine.model.base import GOAL, OUTSIDE_SCOPE, Text
from verdict.engine.model.case import Case, Charge, Finding, Party
from verdict.engine.model.expressions import All, Any_, Expr, Not
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import AppliesTo, Element, Predicate, Rule
from verdict.engine.model.stages import Bar, ShortOf, Stage

Decide = Callable[[RuleBase, Case, str], str]
TEXT = Text(en="text", fr="texte")
D, N, P, S, F, V = (
    Level.DISPROVED, Level.NOT_SHOWN, Level.PLAUSIBLE, Level.SERIOUS, Level.SUFFICIENT, Level.PROVEN
)


# ---------------------------------------------------------------- backends


def by_reference(base: RuleBase, case: Case, stage: str) -> str:
    """The case's outcome on the reference evaluator."""
    return evaluate(base, case, stage, backend="reference").outcome


def by_durable(base: RuleBase, case: Case, stage: str) -> str:
    """The case's outcome on durable_rules."""
    return evaluate(base, case, stage, backend="durable").outcome


def by_generated(base: RuleBase, case: Case, stage: str) -> str:
    """The case's outcome on the generated evaluator (the fast path of what-ifs)."""
    return generated.outcomes(base, case, base.stages[stage], [{}])[0]


def by_whatif(base: RuleBase, case: Case, stage: str) -> str:
    """The case's outcome on the generated evaluator's what-if path, its first finding set anew at
    the level it has (``whatif --set``): the other findings are weighed again against it."""
    change = {case.findings[0].id: int(case.findings[0].level)} if case.findings else {}
    return generated.outcomes(base, case, base.stages[stage], [change])[0]


BACKENDS: dict[str, Decide] = {
    "reference": by_reference,
    "durable": by_durable,
    "generated": by_generated,
    "what-if": by_whatif,
}


# ---------------------------------------------------------------- building rule bases and cases


def stage(stage_id: str, required: Level, short_of: Sequence[ShortOf] = ()) -> Stage:
    """A stage reading the procedural ground ``ground`` and the bar ``bar_fact`` (outcome ``barred``),
    and what a charge ``short_of`` it gets."""
    return Stage(
        id=stage_id,
        title=TEXT,
        required=required,
        sources=["test"],
        standard=TEXT,
        holds={"crime": "up", "delit": "on", "contravention": "on"},
        fails="out",
        severity=["barred", "up", "on", "short", "out"],
        grounds=["ground"],
        bars=[Bar(id="bar", title=TEXT, when="bar_fact", outcome="barred", sources=["test"])],
        short_of=list(short_of),
    )


SHORT = ShortOf(
    id="short", title=TEXT, outcome="short", required=P, grounds=["short_ground"], sources=["test"]
)
"""A charge short of the stage's level gets ``short`` when ``liable`` or ``short_ground`` is plausible."""


def rule(rule_id: str, when: Expr, concludes: str = GOAL, **scope: Any) -> Rule:
    """A rule concluding ``liable`` (or ``concludes``) from one element, applying to the charges
    ``scope`` describes."""
    return Rule(
        id=rule_id,
        title=TEXT,
        sources=["test"],
        concludes=concludes,
        elements=[Element(id="e", title=TEXT, when=when)],
        applies_to=AppliesTo(**scope) if scope else None,
    )


def offence(offence_id: str, class_: str, intentional: bool = True, **more: Any) -> Offence:
    """An offence of the catalogue, with placeholder title and source."""
    return Offence(
        id=offence_id, title=TEXT, class_=class_, intentional=intentional, sources=["test"], **more
    )


PLAIN = [offence("o_crime", "crime"), offence("o_delit", "delit")]


def rule_base(facts: Sequence[str], rules: Sequence[Rule], offences: Sequence[Offence] = PLAIN) -> RuleBase:
    """A rule base with the stages ``trial`` (serious), ``judgment`` (proven) and ``hearing``
    (serious, ``SHORT`` for a charge short of it), rules bound."""
    catalogue = {o.id: o for o in offences}
    return RuleBase(
        name="decisions",
        predicates={f: Predicate(id=f, title=TEXT) for f in [*facts, "ground", "bar_fact", "short_ground"]},
        rules=tuple(r.bound(catalogue, CLASSES) for r in rules),
        offences=catalogue,
        classes=CLASSES,
        stages={
            "trial": stage("trial", S),
            "judgment": stage("judgment", V),
            "hearing": stage("hearing", S, [SHORT]),
        },
        default_stage="trial",
    )


def case(
    findings: Sequence[tuple[str, Level] | Finding],
    charges: Sequence[tuple[str, str]] = (("o_crime", "p"),),
    kinds: dict[str, str] | None = None,
) -> Case:
    """A case: ``charges`` as (offence, accused), findings as (fact, level) or whole ``Finding``s."""
    kinds = kinds or {}
    accused = dict.fromkeys([a for _, a in charges] + list(kinds))
    return Case(
        case="decisions",
        title=TEXT,
        court="test",
        date="2024-01-01",
        sources=["test"],
        parties=[Party(id=a, name=a, kind=kinds.get(a, "natural_person")) for a in accused],
        charges=[Charge(offence=o, accused=a) for o, a in charges],
        findings=[
            f if isinstance(f, Finding) else Finding(id=f"g{i}", fact=f[0], level=f[1])
            for i, f in enumerate(findings)
        ],
    )


# ---------------------------------------------------------------- the stage


def check_threshold(decide: Decide) -> None:
    """A charge holds when ``liable`` reaches the stage's level, and only then."""
    base = rule_base(["a"], [rule("r", "a")])
    assert decide(base, case([("a", S)]), "trial") == "up"  # exactly the level required
    assert decide(base, case([("a", P)]), "trial") == "out"  # one below
    assert decide(base, case([("a", F)]), "judgment") == "out"
    assert decide(base, case([("a", V)]), "judgment") == "up"
    assert decide(base, case([("a", S)], [("o_delit", "p")]), "trial") == "on"  # by the offence's class


def check_grounds(decide: Decide) -> None:
    """A procedural ground that reaches the stage's level makes the charge hold, whatever ``liable``."""
    base = rule_base(["a"], [rule("r", "a")])
    assert decide(base, case([("ground", S)]), "trial") == "up"
    assert decide(base, case([("ground", V), ("a", D)]), "trial") == "up"
    assert decide(base, case([("ground", P)]), "trial") == "out"  # below the level: no effect
    assert decide(base, case([("ground", F)]), "judgment") == "out"


def check_bars(decide: Decide) -> None:
    """A bar that reaches the stage's level gives a holding charge the bar's outcome, and only a
    holding one."""
    base = rule_base(["a"], [rule("r", "a")])
    assert decide(base, case([("a", S), ("bar_fact", S)]), "trial") == "barred"
    assert decide(base, case([("a", S), ("bar_fact", P)]), "trial") == "up"  # the bar not reached
    assert decide(base, case([("a", P), ("bar_fact", V)]), "trial") == "out"  # the charge fails anyway
    assert decide(base, case([("ground", S), ("bar_fact", V)]), "trial") == "barred"  # held by a ground
    assert decide(base, case([("a", V), ("bar_fact", F)]), "judgment") == "up"


def check_short_of(decide: Decide) -> None:
    """A charge short of the stage's level gets the ``short_of`` outcome when ``liable`` or one of
    its grounds reaches the lesser level; a charge that holds, or reaches neither, does not."""
    base = rule_base(["a"], [rule("r", "a")])
    assert decide(base, case([("a", P)]), "hearing") == "short"  # exactly the lesser level
    assert decide(base, case([("a", N)]), "hearing") == "out"  # below it
    assert decide(base, case([("a", S)]), "hearing") == "up"  # the charge holds
    assert decide(base, case([("a", D), ("short_ground", P)]), "hearing") == "short"  # by its ground
    assert decide(base, case([("short_ground", V)]), "hearing") == "short"  # above the lesser level
    assert decide(base, case([("short_ground", N)]), "hearing") == "out"
    assert decide(base, case([("a", P)]), "trial") == "out"  # a stage without short_of


def check_outside_scope(decide: Decide) -> None:
    """A charge whose ``outside_scope`` reaches the stage's level is not decided, whatever
    ``liable``, its grounds and bars; below that level it is decided as usual."""
    base = rule_base(["a", "beyond"], [rule("r", "a"), rule("scope", "beyond", concludes=OUTSIDE_SCOPE)])
    assert decide(base, case([("a", V), ("beyond", S)]), "trial") == OUTSIDE_SCOPE  # exactly the level
    assert decide(base, case([("ground", V), ("beyond", V)]), "trial") == OUTSIDE_SCOPE  # above it
    assert decide(base, case([("a", V), ("beyond", P)]), "trial") == "up"  # below it: decided
    assert decide(base, case([("a", V), ("beyond", F)]), "judgment") == "up"
    assert decide(base, case([("beyond", V), ("a", P)]), "hearing") == OUTSIDE_SCOPE  # before short_of


# ---------------------------------------------------------------- which rules apply


def check_accused_kind(decide: Decide) -> None:
    """A rule for one kind of accused applies to charges against that kind only."""
    base = rule_base(["legal", "anyone"], [rule("r_legal", "legal", accused_kind=["legal_person"]),
                                           rule("r_any", "anyone")])
    company = {"p": "legal_person"}
    assert decide(base, case([("legal", V)], kinds=company), "trial") == "up"
    assert decide(base, case([("legal", V)]), "trial") == "out"  # a natural person
    assert decide(base, case([("anyone", V)], kinds=company), "trial") == "up"
    assert decide(base, case([("anyone", V)]), "trial") == "up"


CATALOGUE = [
    offence("crime_plain", "crime"),
    offence("delit_attempt", "delit", attempt_punishable=True, attempt_source="a text"),
    offence("delit_plain", "delit"),
    offence("contra_aid", "contravention", contravention_class=1, aid_punishable=True, aid_source="a text"),
    offence("contra_plain", "contravention", contravention_class=1),
    offence("crime_real", "crime", qualifies="crime_plain", circumstance=TEXT, circumstance_kind="real"),
    offence("crime_personal", "crime", qualifies="crime_plain", circumstance=TEXT,
            circumstance_kind="personal"),
    offence("delit_negligent", "delit", intentional=False),
    offence("delit_endangering", "delit", intentional=False, deliberate=True),
    offence("crime_author", "crime", accused_as="author"),
]
NOT_INTENTIONAL = {"delit_negligent", "delit_endangering"}
ALL = {o.id for o in CATALOGUE}
SCOPES: dict[str, tuple[dict[str, Any], set[str]]] = {
    # a rule's scope, and the offences of CATALOGUE it applies to (Code pénal 121-4 2°, 121-7)
    "by_offence": ({"offence": ["delit_plain"]}, {"delit_plain"}),
    "except_offence": ({"except_offence": ["delit_plain"]}, ALL - {"delit_plain"}),
    "contraventions": ({"offence_class": ["contravention"]}, {"contra_aid", "contra_plain"}),
    "crimes_and_delits": (
        {"offence_class": ["crime", "delit"]},
        ALL - {"contra_aid", "contra_plain"},
    ),
    "attempt_punishable": (
        {"attempt_punishable": True},
        {"crime_plain", "delit_attempt", "crime_real", "crime_personal", "crime_author"},
    ),
    "attempt_unpunished": (
        {"attempt_punishable": False},
        {"delit_plain", "contra_aid", "contra_plain", *NOT_INTENTIONAL},
    ),
    "aid_unpunished": ({"aid_punishable": False}, {"contra_plain"}),
    "aid_punishable": ({"aid_punishable": True}, ALL - {"contra_plain"}),
    "aggravated": ({"aggravated": True}, {"crime_real", "crime_personal"}),
    "not_aggravated": ({"aggravated": False}, ALL - {"crime_real", "crime_personal"}),
    "personal_circumstance": ({"circumstance_kind": "personal"}, {"crime_personal"}),
    "real_circumstance": ({"circumstance_kind": "real"}, {"crime_real"}),
    "delit_with_attempt": ({"offence_class": ["delit"], "attempt_punishable": True}, {"delit_attempt"}),
    "intentional": ({"intentional": True}, ALL - NOT_INTENTIONAL),
    "not_intentional": ({"intentional": False}, NOT_INTENTIONAL),
    "deliberate": ({"deliberate": True}, {"delit_endangering"}),
    "not_deliberate": ({"deliberate": False}, ALL - {"delit_endangering"}),
    "author": ({"accused_as": "author"}, {"crime_author"}),
    "accomplice": ({"accused_as": "accomplice"}, ALL - {"crime_author"}),
}


def scoped_rule_base(names: Sequence[str]) -> RuleBase:
    """A rule base with one rule for each scope of ``SCOPES`` named, on the facts of those names."""
    return rule_base(list(names), [rule(f"r_{name}", name, **SCOPES[name][0]) for name in names], CATALOGUE)


def check_attribute_filters(decide: Decide) -> None:
    """A rule scoped by offence or by the offence's attributes applies to those offences only (the
    scopes eight at a time: more rules of one conclusion, each scoped to other offences, are
    too wide for durable_rules, ``test_durable_backend.py``)."""
    holds = {"crime": "up", "delit": "on", "contravention": "on"}
    names = list(SCOPES)
    for start in range(0, len(names), 8):
        base = scoped_rule_base(names[start:start + 8])
        for name in names[start:start + 8]:
            for o in CATALOGUE:
                expected = holds[o.class_] if o.id in SCOPES[name][1] else "out"
                assert decide(base, case([(name, V)], [(o.id, "p")]), "trial") == expected, (name, o.id)


# ---------------------------------------------------------------- a fact's level from its findings


def check_strongest_finding(decide: Decide) -> None:
    """A fact is as strongly shown as the strongest finding on it; with none, it is ``not_shown``."""
    base = rule_base(["a"], [rule("r", "a")])
    assert decide(base, case([("a", P), ("a", S)]), "trial") == "up"
    assert decide(base, case([("a", S), ("a", P)]), "trial") == "up"
    assert decide(base, case([("a", D), ("a", V), ("a", N)]), "judgment") == "up"
    assert decide(base, case([("a", P), ("a", D)]), "trial") == "out"
    unshown = rule_base(["a"], [rule("r", Not(**{"not": "a"}))])
    assert decide(unshown, case([]), "trial") == "up"  # not_shown: «not a» is sufficient ...
    assert decide(unshown, case([]), "judgment") == "out"  # ... short of proven
    assert decide(unshown, case([("a", D)]), "judgment") == "up"


def check_scoped_findings(decide: Decide) -> None:
    """A finding scoped to a charge (its offence, its accused) weighs with the general findings on
    that charge, the stronger prevailing; on other charges it does not weigh."""
    base = rule_base(["a"], [rule("r", "a")])

    def scoped(level: Level, **scope: list[str]) -> Finding:
        return Finding(id=f"scoped_{len(scope)}_{level.name_id}", fact="a", level=level, **scope)

    for where in ({"offence": ["o_crime"]}, {"accused": ["p"]}, {"offence": ["o_crime"], "accused": ["p"]}):
        # the general finding stronger than the scoped one: it still counts
        assert decide(base, case([("a", S), scoped(P, **where)]), "trial") == "up", where
        assert decide(base, case([scoped(P, **where), ("a", S)]), "trial") == "up", where
        # the scoped finding stronger: it counts
        assert decide(base, case([("a", P), scoped(S, **where)]), "trial") == "up", where
        assert decide(base, case([("a", F), scoped(V, **where)]), "judgment") == "up", where
        assert decide(base, case([("a", V), scoped(D, **where)]), "judgment") == "up", where
    # on another charge, the scoped finding does not weigh
    assert decide(base, case([("a", P), scoped(V, offence=["o_delit"])]), "trial") == "out"
    assert decide(base, case([("a", P), scoped(V, accused=["q"])], kinds={"q": "natural_person"}),
                  "trial") == "out"


# ---------------------------------------------------------------- conclusions and connectives


def check_conclusions(decide: Decide) -> None:
    """A conclusion is as strong as its strongest applicable rule, a rule as its weakest element,
    even when every rule is disproved; ``all`` and ``any`` of one part are that part."""
    chained = rule_base(["a", "b"], [
        Rule(id="rc", title=TEXT, sources=["test"], concludes="c",
             elements=[Element(id="e", title=TEXT, when=All(all=["a"]))]),
        Rule(id="rd", title=TEXT, sources=["test"], concludes="c",
             elements=[Element(id="e", title=TEXT, when=Any_(any=["b"]))]),
        rule("r", Not(**{"not": "c"})),
    ])
    assert decide(chained, case([("a", D), ("b", D)]), "judgment") == "up"  # c disproved: «not c» proven
    assert decide(chained, case([("a", D)]), "judgment") == "out"  # c not shown: «not c» sufficient
    assert decide(chained, case([("a", D), ("b", F)]), "trial") == "out"  # c sufficient by rd
    assert decide(chained, case([("a", F), ("b", D)]), "trial") == "out"  # c sufficient by rc
    assert decide(chained, case([("a", P), ("b", D)]), "judgment") == "out"
    both = rule_base(["a", "b"], [rule("r", All(all=["a", "b"])), rule("s", Any_(any=["a", "b"]))])
    assert decide(both, case([("a", S), ("b", P)]), "trial") == "up"  # by s: the stronger part
    assert decide(both, case([("a", P), ("b", P)]), "trial") == "out"
    weakest = rule_base(["a", "b"], [rule("r", All(all=["a", "b"]))])
    assert decide(weakest, case([("a", V), ("b", P)]), "trial") == "out"
    assert decide(weakest, case([("a", S), ("b", V)]), "trial") == "up"


# ---------------------------------------------------------------- the case


def check_case_outcome(decide: Decide) -> None:
    """The case's outcome is the most severe of its charges' outcomes, in the stage's order."""
    base = rule_base(["a", "b"], [rule("ra", "a", offence=["o_crime"]), rule("rb", "b", offence=["o_delit"])])
    both = [("o_crime", "p"), ("o_delit", "p")]
    reversed_ = [("o_delit", "p"), ("o_crime", "p")]
    for charges in (both, reversed_):
        assert decide(base, case([("a", S), ("b", S)], charges), "trial") == "up"  # up before on
        assert decide(base, case([("b", S)], charges), "trial") == "on"  # on before out
        assert decide(base, case([("a", S)], charges), "trial") == "up"
        assert decide(base, case([], charges), "trial") == "out"
        assert decide(base, case([("a", S), ("b", S), ("bar_fact", S)], charges), "trial") == "barred"


CHECKS: dict[str, Callable[[Decide], None]] = {
    "threshold": check_threshold,
    "grounds": check_grounds,
    "bars": check_bars,
    "short_of": check_short_of,
    "outside_scope": check_outside_scope,
    "accused_kind": check_accused_kind,
    "attribute_filters": check_attribute_filters,
    "strongest_finding": check_strongest_finding,
    "scoped_findings": check_scoped_findings,
    "case_outcome": check_case_outcome,
    "conclusions": check_conclusions,
}

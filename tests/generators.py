"""Generated rule bases and cases, shared by the differential, scale and benchmark code.

Two families: hypothesis strategies (small rule bases and scenarios, for shrinking), and
seeded ``random.Random`` generators (many rule bases in worker processes, where a seed
names a failing input; and one large rule folder and case, written as YAML).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args

import yaml
from hypothesis import strategies as st

from verdict.engine.decide.scenario import ChargeFacts
from verdict.engine.load.paths import bundled_rules
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL, OFFENCE_CLASSES, OUTSIDE_SCOPE, Burden, PartyKind, Text
from verdict.engine.model.case import Case, Charge, Finding, Party
from verdict.engine.model.expressions import All, Any_, Expr, Not, Unless
from verdict.engine.model.levels import Level
from verdict.engine.model.offences import Offence
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import AppliesTo, Element, Exception_, Predicate, Rule
from verdict.engine.model.stages import Bar, Stage

CLASSES = load_rules().classes
"""The law of the classes of offences (121-4 2°, 121-7 al. 1, R. 610-2), as the bundled rules give it."""

KINDS: tuple[str, ...] = get_args(PartyKind)
BURDENS: tuple[str, ...] = get_args(Burden)
LEVELS = st.sampled_from(list(Level))
TEXT = Text(en="text", fr="texte")

Scenario = tuple[ChargeFacts, ...]


def predicate(name: str) -> Predicate:
    """A fact a case may state, with a placeholder title."""
    return Predicate(id=name, title=TEXT)


BAR_OUTCOMES: dict[str, int] = {"barred": 0, "stayed": 3}
"""The outcomes a generated bar may give, and where each stands in the stages' severity."""


def stages(grounds: Sequence[str] = (), bars: Sequence[tuple[str, str]] = ()) -> dict[str, Stage]:
    """One stage per level a charge may be required to reach; each with the procedural
    ``grounds`` and the ``bars`` (condition, outcome of ``BAR_OUTCOMES``) given."""
    severity = ["up", "on", "out"]
    for outcome in sorted({o for _, o in bars}, key=BAR_OUTCOMES.__getitem__):
        severity.insert(min(BAR_OUTCOMES[outcome], len(severity) - 1), outcome)
    return {
        f"s{level.value}": Stage(
            id=f"s{level.value}",
            title=TEXT,
            required=level,
            sources=["test"],
            standard=TEXT,
            holds={"crime": "up", "delit": "on", "contravention": "on"},
            fails="out",
            severity=severity,
            grounds=list(grounds),
            bars=[
                Bar(id=f"bar{i}", title=TEXT, when=when, outcome=outcome, sources=["test"])
                for i, (when, outcome) in enumerate(bars)
            ],
        )
        for level in Level
    }


def rule(
    rule_id: str,
    concludes: str,
    elements: Sequence[Expr],
    presupposes: Sequence[Sequence[str]] = (),
    **more: Any,
) -> Rule:
    """A rule whose elements are ``e0``, ``e1``, ... in order; ``presupposes[i]``, if given, are the
    other conditions element ``e{i}`` presupposes."""
    return Rule(
        id=rule_id,
        title=TEXT,
        sources=["test"],
        concludes=concludes,
        elements=[
            Element(id=f"e{i}", title=TEXT, when=e,
                    presupposes=list(presupposes[i]) if i < len(presupposes) else [])
            for i, e in enumerate(elements)
        ],
        **more,
    )


def offence_of(offence_id: str, class_: str, attempt: bool = False, aid: bool = False,
               qualifies: str | None = None, circumstance_kind: str = "real",
               intentional: bool = True) -> Offence:
    """An offence of the catalogue, valid under the Code pénal's defaults: ``attempt`` makes a
    délit's attempt punishable, ``aid`` the aid in a contravention (each with a text to cite);
    ``qualifies`` makes it an aggravated form of that offence."""
    more: dict[str, Any] = {}
    if class_ == "contravention":
        more["contravention_class"] = 1
        if aid:
            more.update(aid_punishable=True, aid_source="a text")
    elif class_ == "delit" and attempt:
        more.update(attempt_punishable=True, attempt_source="a text")
    if qualifies is not None:
        more.update(qualifies=qualifies, circumstance=TEXT, circumstance_kind=circumstance_kind)
    return Offence(
        id=offence_id, title=TEXT, class_=class_, intentional=intentional, sources=["test"], **more
    )


# ---------------------------------------------------------------- hypothesis strategies


def scenarios(base: RuleBase, max_charges: int = 4) -> st.SearchStrategy[Scenario]:
    """Scenarios of 1 to ``max_charges`` charges, any offence, any kind, any fact levels."""
    charge = st.tuples(
        st.sampled_from(sorted(base.offences)),
        st.sampled_from(KINDS),
        st.fixed_dictionaries({name: LEVELS for name in base.predicates}),
    )

    def build(drawn: list[tuple[str, str, dict[str, Level]]]) -> Scenario:
        return tuple(
            ChargeFacts(
                charge=Charge(accused=f"p{i}", offence=offence),
                kind=kind,
                offence_class=base.offences[offence].class_,
                facts=facts,
            )
            for i, (offence, kind, facts) in enumerate(drawn)
        )

    return st.lists(charge, min_size=1, max_size=max_charges).map(build)


def exprs(names: list[str]) -> st.SearchStrategy[Expr]:
    """Expressions over ``names``: all/any/not/unless, nested."""

    def compound(parts: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        many = st.lists(parts, min_size=1, max_size=3)
        return st.one_of(
            many.map(lambda p: All(all=p)),
            many.map(lambda p: Any_(any=p)),
            parts.map(lambda p: Not(**{"not": p})),
            parts.map(lambda p: Unless(unless=p)),
        )

    return st.recursive(st.sampled_from(names), compound, max_leaves=5)


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Offence]:
    """1 to 4 offences: crimes, délits (their attempt punishable or not) and contraventions (aid in
    them punishable or not), some of them aggravated forms of another, by a real or personal
    circumstance."""
    out: dict[str, Offence] = {}
    for i in range(draw(st.integers(1, 4))):
        class_ = draw(st.sampled_from(["crime", "delit", "contravention"]))
        qualifies = draw(st.sampled_from([None, *out])) if class_ != "contravention" else None
        out[f"o{i}"] = offence_of(
            f"o{i}", class_, attempt=draw(st.booleans()), aid=draw(st.booleans()), qualifies=qualifies,
            circumstance_kind=draw(st.sampled_from(["real", "personal"])), intentional=draw(st.booleans()),
        )
    return out


def scopes(offences: list[str]) -> st.SearchStrategy[AppliesTo | None]:
    """Which charges a rule is about: all; some offences named or excepted; the offences of some
    class or attribute (attempt or aid punishable, aggravated, the circumstance's kind); each
    perhaps for one kind of accused only."""
    kinds = st.one_of(st.none(), st.lists(st.sampled_from(KINDS), min_size=1, unique=True))
    named = st.builds(
        AppliesTo,
        offence=st.one_of(st.none(), st.lists(st.sampled_from(offences), unique=True)),
        except_offence=st.one_of(st.none(), st.lists(st.sampled_from(offences), unique=True)),
        accused_kind=kinds,
    )
    attribute = st.one_of(
        st.builds(AppliesTo, accused_kind=kinds,
                  offence_class=st.lists(st.sampled_from(OFFENCE_CLASSES), min_size=1, unique=True)),
        st.builds(AppliesTo, attempt_punishable=st.booleans(), accused_kind=kinds),
        st.builds(AppliesTo, aid_punishable=st.booleans(), accused_kind=kinds),
        st.builds(AppliesTo, aggravated=st.booleans(), accused_kind=kinds),
        st.builds(AppliesTo, circumstance_kind=st.sampled_from(["real", "personal"]), accused_kind=kinds),
    )
    return st.one_of(st.none(), named, attribute)


@st.composite
def rule_bases(draw: st.DrawFn) -> RuleBase:
    """Small acyclic rule bases: all/any/not/unless, exceptions, elements that presuppose others,
    scopes by offence, attribute and kind of accused, crimes, délits and contraventions, stages
    with procedural grounds and bars, unread facts."""
    facts = [f"f{i}" for i in range(draw(st.integers(1, 6)))]
    offences = draw(catalogues())
    conclusions = [*(f"c{i}" for i in range(draw(st.integers(0, 3)))), GOAL]
    rules: list[Rule] = []
    readable = list(facts)
    for conclusion in conclusions:
        for _ in range(draw(st.integers(1, 3))):
            elements = draw(st.lists(exprs(readable), max_size=3))
            exceptions = [
                Exception_(id=f"x{i}", title=TEXT, when=when, burden=burden, sources=["test"])
                for i, (when, burden) in enumerate(
                    draw(
                        st.lists(
                            st.tuples(exprs(readable), st.sampled_from(["prosecution", "defence"])),
                            max_size=2,
                        )
                    )
                )
            ]
            ids = [f"e{i}" for i in range(len(elements))] + [x.id for x in exceptions]
            presupposes = [
                draw(st.lists(st.sampled_from([c for c in ids if c != f"e{i}"]), unique=True, max_size=2))
                if len(ids) > 1 else []
                for i in range(len(elements))
            ]
            rules.append(
                rule(f"r{len(rules)}", conclusion, elements, presupposes, exceptions=exceptions,
                     applies_to=draw(scopes(list(offences))))
            )
        readable.append(conclusion)
    names = [*facts, *conclusions]
    grounds = draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
    bar = st.tuples(st.sampled_from(names), st.sampled_from(sorted(BAR_OUTCOMES)))
    bars = draw(st.lists(bar, max_size=2))
    return RuleBase(
        name="generated",
        predicates={name: predicate(name) for name in facts},
        rules=tuple(r.bound(offences, CLASSES) for r in draw(st.permutations(rules))),
        offences=offences,
        classes=CLASSES,
        stages=stages(grounds, bars),
        default_stage="s3",
    )


# ---------------------------------------------------------------- seeded rule bases


def random_expr(rng: random.Random, names: Sequence[str], depth: int) -> Expr:
    """An expression over ``names`` nested at most ``depth`` deep."""
    if depth <= 0 or rng.random() < 0.4:
        return rng.choice(names)
    shape = rng.random()
    if shape < 0.3:
        return All(all=[random_expr(rng, names, depth - 1) for _ in range(rng.randint(1, 3))])
    if shape < 0.6:
        return Any_(any=[random_expr(rng, names, depth - 1) for _ in range(rng.randint(1, 3))])
    if shape < 0.8:
        return Not(**{"not": random_expr(rng, names, depth - 1)})
    return Unless(unless=random_expr(rng, names, depth - 1))


def random_scope(rng: random.Random, offences: Sequence[str]) -> AppliesTo | None:
    """No scope half the time; else some of: offences, offences excepted, kinds of accused; or
    one attribute of the offence (class, attempt or aid punishable, aggravated, circumstance)."""
    if rng.random() < 0.5:
        return None
    if rng.random() < 0.3:
        attribute: dict[str, Any] = rng.choice([
            {"offence_class": rng.sample(OFFENCE_CLASSES, rng.randint(1, 2))},
            {"attempt_punishable": rng.random() < 0.5},
            {"aid_punishable": rng.random() < 0.5},
            {"aggravated": rng.random() < 0.5},
            {"circumstance_kind": rng.choice(["real", "personal"])},
        ])
        return AppliesTo(**attribute, accused_kind=rng.choice([None, None, [rng.choice(KINDS)]]))

    def some(items: Sequence[str]) -> list[str] | None:
        if rng.random() < 0.5:
            return None
        return rng.sample(list(items), rng.randint(0 if rng.random() < 0.1 else 1, len(items)))

    return AppliesTo(
        offence=some(offences), except_offence=some(offences), accused_kind=some(KINDS)
    )


def random_rule_base(rng: random.Random, name: str = "generated") -> RuleBase:
    """A rule base drawn from ``rng``: nested conditions, exceptions of both burdens, scopes (by
    offence, attribute and kind of accused), elements that presuppose others, several rules per
    conclusion, chains of conclusions, contraventions and aggravated forms, stages with a
    procedural ground or a bar, and now and then a rule of more than 16 premises, which the
    durable backend must split."""
    wide = rng.random() < 0.12
    facts = [f"f{i}" for i in range(rng.randint(20, 45) if wide else rng.randint(2, 12))]
    offences = [f"o{i}" for i in range(rng.randint(1, 4))]
    chain = [f"c{i}" for i in range(rng.randint(0, 5))]
    after = [f"n{i}" for i in range(rng.choice([0, 0, 1, 2]))]  # concluded, never read
    if rng.random() < 0.25:  # now and then, charges the rule base leaves undecided
        after.append(OUTSIDE_SCOPE)
    rules: list[Rule] = []
    readable = list(facts)
    for conclusion in [*chain, GOAL, *after]:
        earlier = [n for n in readable if n not in facts]
        for _ in range(rng.randint(1, 4)):
            names = readable
            if earlier and rng.random() < 0.7:  # lean on the conclusions already drawn
                names = [*readable, *earlier[-2:] * 4]
            elements = [random_expr(rng, names, 3) for _ in range(rng.randint(0, 4))]
            exceptions = [
                Exception_(
                    id=f"x{i}",
                    title=TEXT,
                    when=random_expr(rng, names, 2),
                    burden=rng.choice(BURDENS),
                    sources=["test"],
                )
                for i in range(rng.choice([0, 0, 1, 1, 2]))
            ]
            ids = [f"e{i}" for i in range(len(elements))] + [x.id for x in exceptions]
            presupposes = [  # now and then, an element presupposes a condition stated before it
                [ids[rng.randrange(i)]] if i and rng.random() < 0.3 else [] for i in range(len(elements))
            ]
            rules.append(
                rule(f"r{len(rules)}", conclusion, elements, presupposes, exceptions=exceptions,
                     applies_to=random_scope(rng, offences))
            )
        if wide and conclusion in (GOAL, rng.choice([*chain, GOAL])):
            premises: list[Expr] = list(rng.sample(facts, rng.randint(17, len(facts))))
            if earlier:
                premises.append(Not(**{"not": earlier[-1]}))
            rules.append(rule(f"r{len(rules)}", conclusion, premises,
                              applies_to=random_scope(rng, offences)))
        readable.append(conclusion)
    rng.shuffle(rules)
    catalogue: dict[str, Offence] = {}
    for o in offences:  # crimes and délits mostly; contraventions, aggravated forms now and then
        class_ = rng.choice(["crime", "crime", "delit", "delit", "contravention"])
        qualifies = rng.choice([None, None, *catalogue]) if class_ != "contravention" else None
        catalogue[o] = offence_of(o, class_, attempt=rng.random() < 0.5, aid=rng.random() < 0.5,
                                  qualifies=qualifies, circumstance_kind=rng.choice(["real", "personal"]),
                                  intentional=rng.random() < 0.8)
    names = [*facts, *chain, GOAL]
    grounds = rng.sample(names, 1) if rng.random() < 0.25 else []
    bars = [(rng.choice(names), rng.choice(sorted(BAR_OUTCOMES)))] if rng.random() < 0.25 else []
    return RuleBase(
        name=name,
        predicates={f: predicate(f) for f in facts},
        rules=tuple(r.bound(catalogue, CLASSES) for r in rules),
        offences=catalogue,
        classes=CLASSES,
        stages=stages(grounds, bars),
        default_stage="s3",
    )


def random_level(rng: random.Random, high: float) -> Level:
    """A level, ``proven`` or ``sufficient`` with probability about ``high``."""
    if rng.random() < high:
        return Level(rng.choice([4, 5, 5]))
    return Level(rng.randrange(6))


def random_case(rng: random.Random, base: RuleBase, name: str = "generated") -> Case:
    """A case under ``base``: several charges over different offences and kinds of accused,
    findings at random levels, some scoped to an offence or an accused, in random order."""
    parties = [
        Party(id=f"p{i}", name=f"Party {i}", kind=rng.choice(KINDS)) for i in range(rng.randint(1, 4))
    ]
    pairs = [(o, p.id) for o in base.offences for p in parties]
    charges = [Charge(accused=a, offence=o) for o, a in rng.sample(pairs, rng.randint(1, min(5, len(pairs))))]
    charged = sorted({c.offence for c in charges})
    high = rng.choice([0.0, 0.5, 0.8, 0.95])
    findings: list[Finding] = []
    for fact in base.predicates:
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            findings.append(
                Finding(
                    id=f"g{len(findings)}",
                    fact=fact,
                    level=random_level(rng, high),
                    offence=(
                        rng.sample(charged, rng.randint(1, len(charged))) if rng.random() < 0.25 else None
                    ),
                    accused=(
                        rng.sample([p.id for p in parties], rng.randint(1, len(parties)))
                        if rng.random() < 0.25
                        else None
                    ),
                )
            )
    if rng.random() < 0.3:
        findings.append(Finding(id=f"g{len(findings)}", level=Level.PROVEN, summary="context"))
    rng.shuffle(findings)
    return Case(
        case=name,
        title=TEXT,
        court="test",
        date="2024-01-01",
        sources=["test"],
        parties=parties,
        charges=charges,
        findings=findings,
    )


# ---------------------------------------------------------------- one large case, as YAML

LARGE_OFFENCES = {"o_crime_a": "crime", "o_crime_b": "crime", "o_delit_a": "delit", "o_delit_b": "delit"}


def _text(what: str) -> dict[str, str]:
    return {"en": f"The {what}", "fr": f"Le {what}"}


def _raw_expr(rng: random.Random, names: Sequence[str], depth: int) -> Any:
    """An expression as written in a rule file."""
    if depth <= 0 or rng.random() < 0.55:
        return rng.choice(names)
    shape = rng.random()
    if shape < 0.35:
        return {"all": [_raw_expr(rng, names, depth - 1) for _ in range(rng.randint(2, 3))]}
    if shape < 0.7:
        return {"any": [_raw_expr(rng, names, depth - 1) for _ in range(rng.randint(2, 3))]}
    if shape < 0.85:
        return {"not": _raw_expr(rng, names, depth - 1)}
    return {"unless": _raw_expr(rng, names, depth - 1)}


def _covering_expr(rng: random.Random, names: Sequence[str]) -> Any:
    """An expression as written in a rule file, reading every one of ``names``."""
    if len(names) == 1:
        shape = rng.random()
        if shape < 0.1:
            return {"not": names[0]}
        return {"unless": names[0]} if shape < 0.2 else names[0]
    cut = rng.randint(1, len(names) - 1)
    parts = [_covering_expr(rng, names[:cut]), _covering_expr(rng, names[cut:])]
    return {"all" if rng.random() < 0.6 else "any": parts}


def large_rule_files(
    seed: int,
    facts: int = 320,
    rules: int = 500,
    stages_yaml: dict[str, Any] | None = None,
    per_conclusion: int = 5,
    layers: int = 6,
    reads: int = 4,
) -> dict[str, dict[str, Any]]:
    """A rule folder of ``facts`` facts and ``rules`` rules, as YAML data by file name.

    Conclusions (one per ``per_conclusion`` rules) form ``layers`` layers: the rules of
    one conclusion read a pool of facts and of conclusions of the layer below, so that
    chains are ``layers`` conclusions long (the pool holds the conclusion's share of the
    facts, and 2 to ``reads`` other facts); every fact is read by some rule; about one
    conclusion in 25 has a rule of more than 16 elements. ``stages_yaml`` is the stages
    file to include (the bundled one, whose stage ``end_of_investigation`` is the
    default).

    The defaults stay within what durable_rules 2.0.28 can compile: fewer than 512
    facts and conclusions together, and at most 256 durable rules on one pattern (a
    conclusion whose rules read more than 14 names costs the durable backend more than
    one rule).
    """
    rng = random.Random(seed)
    fact_ids = [f"fact_{i:04d}" for i in range(facts)]
    count = rules // per_conclusion
    conclusions = [f"concl_{i:03d}" for i in range(count - 1)]
    layer_of = {c: 1 + i * (layers - 1) // len(conclusions) for i, c in enumerate(conclusions)}
    layer_of[GOAL] = layers
    unread = list(fact_ids)
    rng.shuffle(unread)
    fresh_per_conclusion = -(-facts // count)
    raw_rules: list[dict[str, Any]] = []
    for conclusion in [*conclusions, GOAL]:
        layer = layer_of[conclusion]
        below = [c for c in conclusions if layer_of[c] == layer - 1]
        fresh = [unread.pop() for _ in range(min(len(unread), fresh_per_conclusion))]
        pool = [*fresh, *rng.sample(fact_ids, rng.randint(2, reads)),
                *rng.sample(below, min(len(below), 4 if conclusion == GOAL else 3))]
        pool = list(dict.fromkeys(pool))
        wide = rng.random() < 0.04
        for k in range(per_conclusion):
            own = pool[k::per_conclusion]  # every name of the pool is read by some rule
            names = list(dict.fromkeys([*own, *rng.sample(pool, min(len(pool), rng.randint(2, 5)))]))
            if wide and k == 0:
                extra = [f for f in rng.sample(fact_ids, 20) if f not in names]
                elements = [{"id": f"e{i}", "title": _text("element"), "when": n}
                            for i, n in enumerate([*names, *extra][:24])]
            else:
                rng.shuffle(names)
                cuts = sorted(rng.sample(range(1, len(names)), min(len(names) - 1, rng.randint(1, 4))))
                groups = [names[a:b] for a, b in zip([0, *cuts], [*cuts, len(names)], strict=True)]
                elements = [
                    {"id": f"e{i}", "title": _text("element"), "when": _covering_expr(rng, group),
                     "sources": ["Code, art. 1"]}
                    for i, group in enumerate(groups)
                ]
            body: dict[str, Any] = {
                "id": f"{conclusion}_r{k}",
                "title": _text(f"rule {k} for {conclusion}"),
                "sources": ["Code, art. 1"],
                "concludes": conclusion,
                "elements": elements,
            }
            if rng.random() < 0.4:
                body["exceptions"] = [
                    {"id": f"x{i}", "title": _text("exception"), "when": _raw_expr(rng, names, 1),
                     "burden": rng.choice(BURDENS), "sources": ["Code, art. 2"]}
                    for i in range(rng.randint(1, 2))
                ]
            scope = rng.random()
            if scope < 0.15:
                body["applies_to"] = {"accused_kind": rng.choice(KINDS)}
            elif scope < 0.3:
                body["applies_to"] = {"offence": rng.sample(sorted(LARGE_OFFENCES), 2)}
            elif scope < 0.35:
                body["applies_to"] = {"except_offence": rng.choice(sorted(LARGE_OFFENCES))}
            if rng.random() < 0.05:
                body["note"] = _text("note")
            raw_rules.append(body)
    files: dict[str, dict[str, Any]] = {
        "facts.yaml": {"facts": [{"id": f, "title": _text(f"fact {f}")} for f in fact_ids]},
        "offences.yaml": {
            "classes": [law.model_dump(mode="json") for law in CLASSES.values()],
            "offences": [
                {"id": o, "title": _text(o), "class": c, "intentional": True, "sources": ["Code, art. 3"]}
                for o, c in LARGE_OFFENCES.items()
            ]
        },
    }
    chunk = 100
    for start in range(0, len(raw_rules), chunk):
        files[f"rules_{start // chunk}.yaml"] = {"rules": raw_rules[start : start + chunk]}
    if stages_yaml is not None:
        files["stages.yaml"] = stages_yaml
    return files


def large_case_data(seed: int, fact_ids: Sequence[str], findings: int = 2000) -> dict[str, Any]:
    """A case of ``findings`` findings on ``fact_ids`` (each fact at least once if there are
    enough): four charges over crimes and délits against a person and a company, some
    findings scoped by offence or accused, in random order."""
    rng = random.Random(seed)
    charges = [
        {"accused": "person", "offence": "o_crime_a"},
        {"accused": "company", "offence": "o_crime_a"},
        {"accused": "person", "offence": "o_delit_a"},
        {"accused": "company", "offence": "o_delit_b"},
    ]
    raw: list[dict[str, Any]] = []
    for i in range(findings):
        finding: dict[str, Any] = {
            "id": f"finding_{i:04d}",
            "fact": fact_ids[i % len(fact_ids)] if i < len(fact_ids) else rng.choice(fact_ids),
            # mostly high levels, so that some charges hold and some fail
            "level": rng.choice(["sufficient", "proven", "proven", "proven", "serious", "plausible"]),
            "quote": f"Quote {i}",
            "section": f"§{i}",
        }
        if rng.random() < 0.1:
            finding["offence"] = rng.choice(["o_crime_a", "o_delit_a", "o_delit_b"])
        if rng.random() < 0.1:
            finding["accused"] = rng.choice(["person", "company"])
        raw.append(finding)
    rng.shuffle(raw)
    return {
        "case": "large_generated",
        "title": {"en": "A large generated case", "fr": "Une grande affaire générée"},
        "court": "Tribunal",
        "date": "2024-01-01",
        "sources": ["generated"],
        "stage": "end_of_investigation",
        "parties": [
            {"id": "person", "name": "A person", "kind": "natural_person"},
            {"id": "company", "name": "A company", "kind": "legal_person"},
        ],
        "charges": charges,
        "findings": raw,
    }


def write_large_case(
    folder: Path,
    seed: int = 1,
    facts: int = 320,
    rules: int = 500,
    findings: int = 2000,
    **shape: int,
) -> tuple[Path, Path]:
    """Write a large rule folder and case under ``folder`` as YAML; return their paths.

    The stages are the bundled ones, so the case is judged at a real stage; ``shape``
    goes to ``large_rule_files`` (``per_conclusion``, ``layers``, ``reads``).
    """
    stages_yaml = yaml.safe_load((bundled_rules() / "stages.yaml").read_text(encoding="utf-8"))
    for stage in stages_yaml["stages"]:  # the procedural grounds and bars read bundled names
        for key in ("grounds", "bars", "short_of"):
            stage.pop(key, None)
        stage["severity"] = [o for o in stage["severity"] if o != "mise_en_examen_required"]
    files = large_rule_files(seed, facts, rules, stages_yaml, **shape)
    rules_dir = folder / "rules"
    rules_dir.mkdir(parents=True)
    for name, data in files.items():
        (rules_dir / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    fact_ids = [f["id"] for f in files["facts.yaml"]["facts"]]
    case_file = folder / "large_case.yaml"
    case = large_case_data(seed + 1, fact_ids, findings)
    case_file.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return rules_dir, case_file


# A small valid case, the starting point of the bad-input tests.
TINY_CASE = """\
case: tiny
title: {en: Tiny, fr: Petit}
court: Test court
date: "2024-01-01"
sources: [test]
parties:
  - {id: ann, name: Ann, kind: natural_person}
charges:
  - {accused: ann, offence: theft}
findings:
  - {id: stolen, fact: principal_act_committed, level: proven}
"""


def chain_folder(folder: Path, depth: int, per_file: int = 1000) -> Path:
    """A variant of the bundled law with ``depth`` conclusions, each read by the next, then liable."""
    folder.mkdir()
    (folder / "a.yaml").write_text(
        f"variant: {{extends: {bundled_rules()}, title: deep}}\n"
        "facts:\n  - {id: link_0, title: {en: l, fr: l}}\n",
        encoding="utf-8",
    )
    rules = [
        f"  - {{id: link_{i}, title: {{en: l, fr: l}}, sources: [t], concludes: link_{i}, "
        f"elements: [{{id: e, title: {{en: e, fr: e}}, when: link_{i - 1}}}]}}"
        for i in range(1, depth + 1)
    ]
    rules.append(
        f"  - {{id: chain_route, title: {{en: c, fr: c}}, sources: [t], concludes: liable, "
        f"elements: [{{id: e, title: {{en: e, fr: e}}, when: link_{depth}}}]}}"
    )
    for start in range(0, len(rules), per_file):
        text = "rules:\n" + "\n".join(rules[start : start + per_file]) + "\n"
        (folder / f"r{start:06d}.yaml").write_text(text, encoding="utf-8")
    return folder

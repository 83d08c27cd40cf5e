"""Benchmark: counterfactual search, on the Qosmos case and on a generated case, and sweeps.

Prints medians of several runs:

1. counterfactuals on the bundled Qosmos case, up to 3 changes, end to end (rules and case
   read, search, confirmation of every set by a full evaluation, JSON rendered);
   target ≤ 1 s;
2. counterfactuals on a generated case of 200 facts and 100 rules, up to 2 changes;
   target ≤ 5 s;
3. an exhaustive sweep over 2^k combinations of k findings (each at its level or flipped)
   with ``--jobs`` processes on the reference fast path (target 2^16 in ≤ 30 s with two),
   and a smaller one with a full durable evaluation per scenario.

    python bench/bench_counterfactuals.py --jobs 2
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

from verdict.engine.decide.evaluate import durable_available
from verdict.engine.explain.counterfactuals import search
from verdict.engine.explain.reach import reach
from verdict.engine.load.case_file import load_case
from verdict.engine.load.paths import find_case
from verdict.engine.load.rule_folder import load_rules
from verdict.engine.model.base import GOAL, Text
from verdict.engine.model.case import Case, Charge, Finding, Party
from verdict.engine.model.levels import Level
from verdict.engine.model.rule_base import RuleBase
from verdict.engine.model.rules import Predicate, Rule
from verdict.render.json_doc import dumps
from verdict.render.whatif import counterfactuals_dict

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sweep import DEFAULT_CASE, bench_fast, bench_full, median_seconds, report

T = Text(en="generated", fr="généré")


def generated(
    facts: int = 200, rules: int = 100, seed: int = 6, mixed: bool = False
) -> tuple[RuleBase, Case]:
    """A layered rule base of ``facts`` facts and ``rules`` rules, and a case with findings on each.

    As in real law, negation reads only facts kept for exceptions (a defence, a justification),
    so every fact is read one way; a fifth of the rules carry such an exception. With ``mixed``,
    exceptions may read any fact, so some facts are read both ways and the search falls back
    to enumerating threshold moves.
    """
    rng = random.Random(seed)
    law = load_rules()
    names = [f"f{i:03d}" for i in range(facts)]
    exceptions = names[: facts // 8]
    elements = names[facts // 8 :]
    goal_rules = 10
    conclusions = [f"k{i:02d}" for i in range(rules - goal_rules - 10)]
    pool = list(elements)
    rng.shuffle(pool)
    built: list[dict[str, Any]] = []
    readable: list[str] = []

    def condition(upto: int | None = None) -> Any:
        earlier = readable if upto is None else conclusions[:upto]
        choice = pool.pop() if pool else rng.choice(elements + earlier)
        if rng.random() < 0.3:
            return {"any": [choice, rng.choice(elements + earlier)]}
        return choice

    def rule(rule_id: str, concludes: str, reads: list[Any]) -> None:
        spec: dict[str, Any] = {
            "id": rule_id,
            "title": T,
            "sources": ["generated"],
            "concludes": concludes,
            "elements": [{"id": f"e{i}", "title": T, "when": w} for i, w in enumerate(reads)],
        }
        if rng.random() < 0.2:
            spec["exceptions"] = [
                {
                    "id": "x",
                    "title": T,
                    "when": rng.choice(names if mixed else exceptions),
                    "burden": rng.choice(["defence", "prosecution"]),
                    "sources": ["generated"],
                }
            ]
        built.append(spec)

    for name in conclusions:
        rule(f"r_{name}", name, [condition() for _ in range(rng.randint(2, 3))])
        readable.append(name)
    for i in range(10):
        at = rng.randrange(len(conclusions))  # another route to a conclusion, reading only earlier ones
        rule(f"alt_{i}", conclusions[at], [condition(at) for _ in range(2)])
    top = conclusions[-30:]
    for i in range(goal_rules):
        rule(f"goal_{i}", GOAL, rng.sample(top, 3))
    base = RuleBase(
        name="generated",
        predicates={n: Predicate(id=n, title=T) for n in names},
        rules=tuple(Rule.model_validate(r) for r in built),
        offences=law.offences,
        stages=law.stages,
    )
    found: list[Finding] = []
    for n in names:
        for j in range(rng.randint(1, 2)):
            if n in exceptions:
                level = rng.choice([Level.NOT_SHOWN, Level.NOT_SHOWN, Level.DISPROVED, Level.PLAUSIBLE])
            else:
                strong = [Level.SUFFICIENT, Level.PROVEN, Level.PROVEN]
                level = rng.choice([*strong, Level.SERIOUS, Level.PLAUSIBLE])
            found.append(Finding(id=f"{n}_{j}", fact=n, level=level))
    case = Case(
        case="generated",
        title=T,
        court="generated",
        date="2024",
        sources=["generated"],
        parties=[
            Party(id="ann", name="Ann", kind="natural_person"),
            Party(id="acme", name="Acme", kind="legal_person"),
        ],
        charges=[Charge(accused="ann", offence="murder"), Charge(accused="acme", offence="theft")],
        findings=found,
    )
    return base, case


def end_to_end(case_name: str) -> int:
    """Read the law and the case, search up to 3 changes, render JSON; the number of sets."""
    base = load_rules()
    case = load_case(find_case(case_name), base)
    found = search(base, case, max_changes=3)
    dumps(counterfactuals_dict(found))
    return len(found.results)


def main() -> None:
    """Run every benchmark and print its median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the sweep")
    parser.add_argument("--k", type=int, default=16, help="findings swept on the fast path (2^k scenarios)")
    parser.add_argument("--durable-k", type=int, default=10, help="findings swept, full durable evaluations")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (the median is printed)")
    parser.add_argument("--case", default=DEFAULT_CASE, help="a bundled case or a case file")
    args = parser.parse_args()
    confirm = "durable" if durable_available() else "reference"

    seconds, count = median_seconds(lambda: end_to_end(args.case), args.repeat)
    print(
        f"counterfactuals {args.case} (≤ 3 changes, confirmed on {confirm}): {count} sets, "
        f"median {seconds:.3f} s  (target ≤ 1 s: {'met' if seconds <= 1 else 'MISSED'})"
    )

    base, case = generated()
    monotone = all(
        reach(base, c.offence, case.party(c.accused).kind, base.stages[base.default_stage].required).monotone
        for c in case.charges
    )
    seconds, result = median_seconds(lambda: search(base, case, max_changes=2), args.repeat)
    sets = len(result.results)  # type: ignore[attr-defined]
    print(
        f"counterfactuals generated ({len(base.predicates)} facts, {len(base.rules)} rules, "
        f"{len(case.findings)} findings, ≤ 2 changes, {'monotone' if monotone else 'mixed'}): {sets} sets, "
        f"median {seconds:.3f} s  (target ≤ 5 s: {'met' if seconds <= 5 else 'MISSED'})"
    )

    base, case = generated(mixed=True)
    seconds, result = median_seconds(lambda: search(base, case, max_changes=2), args.repeat)
    print(
        f"counterfactuals generated, facts read both ways (enumeration fallback, ≤ 2 changes): "
        f"{len(result.results)} sets, median {seconds:.3f} s"  # type: ignore[attr-defined]
    )

    seconds, swept = bench_fast(args.k, args.jobs, max(1, args.repeat // 2), args.case)
    report(f"sweep 2^{args.k} fast path", seconds, swept, 30.0)
    seconds, swept = bench_full(args.durable_k, confirm, args.jobs, max(1, args.repeat // 2), args.case)
    report(f"sweep 2^{args.durable_k} full evaluations", seconds, swept)


if __name__ == "__main__":
    main()

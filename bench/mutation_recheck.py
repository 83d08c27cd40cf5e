"""Run again, against the tests as they are now, the mutants that survived a cosmic-ray session.

    python bench/mutation_recheck.py mutation-levels.sqlite "python -m pytest -x -q tests/test_levels.py"
    python bench/mutation_recheck.py --part 2/2 ...   # every second survivor, from the second

``--part K/N`` runs the K-th of N shares of the survivors, so that N copies of the tree (the
workers of ``MUTATION_WORKERS``) can recheck them side by side.

Run in the copy ``bench/mutation.sh`` made (it mutates the files in place, and restores them).
Prints one line per mutant: ``killed`` or ``survived``, the operator, and the line it changes;
then the count. Annotation mutants (``|`` in a type replaced by another operator) are skipped
with ``--skip-annotations``: they are never evaluated (docs/mutation.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys


def survivors(session: str) -> list[dict[str, object]]:
    """The mutations of ``session`` whose tests survived."""
    dump = subprocess.run(
        [sys.executable, "-m", "cosmic_ray.cli", "dump", session], capture_output=True, text=True, check=True
    )
    out = []
    for line in dump.stdout.splitlines():
        job, result = json.loads(line)
        if result and result.get("test_outcome") == "survived":
            out.extend(job["mutations"])
    return out


def main() -> None:
    """Re-run each surviving mutant of the session given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session")
    parser.add_argument("test_command")
    parser.add_argument("--skip-annotations", action="store_true")
    parser.add_argument("--part", default="1/1", help="K/N: the K-th of N shares of the survivors")
    args = parser.parse_args()
    k, n = (int(x) for x in args.part.split("/"))
    killed = survived = skipped = 0
    for mutation in survivors(args.session)[k - 1 :: n]:
        operator = str(mutation["operator_name"])
        if args.skip_annotations and operator.startswith("core/ReplaceBinaryOperator_BitOr_"):
            skipped += 1
            continue
        run = subprocess.run(
            [sys.executable, "-m", "cosmic_ray.cli", "mutate-and-test", str(mutation["module_path"]),
             operator, str(mutation["occurrence"]), args.test_command],
            capture_output=True, text=True,
        )
        outcome = "killed" if '"killed"' in run.stdout else "survived"
        killed += outcome == "killed"
        survived += outcome == "survived"
        line = mutation["start_pos"][0] if isinstance(mutation["start_pos"], list) else "?"
        print(f"{outcome}: {operator} #{mutation['occurrence']} at line {line}", flush=True)
    print(f"{killed} killed, {survived} survived, {skipped} annotation mutants skipped")


if __name__ == "__main__":
    main()

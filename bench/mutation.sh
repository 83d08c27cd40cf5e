#!/usr/bin/env bash
# Mutation testing of the decision core with cosmic-ray (docs/mutation.md): every mutant of each
# module is run against a fast selection of tests; the score and the surviving mutants are printed.
#
#   bench/mutation.sh                          # the decision core, module by module
#   bench/mutation.sh engine/model/levels.py         # one module
#   MUTATION_TESTS="tests/test_levels.py" bench/mutation.sh engine/model/levels.py
#   MUTATION_EXCLUDE='core/ReplaceBinaryOperator_BitOr_.*' bench/mutation.sh engine/decide/reference.py
#   MUTATION_WORKERS=2 bench/mutation.sh engine/decide/durable_backend.py   # two mutants at a time
#
# MUTATION_EXCLUDE, a regular expression, leaves out the operators it matches (the `|` of type
# annotations, never evaluated, give many mutants no test can see; docs/mutation.md).
#
# It works on a copy of the committed tree, in its own virtual environment, so that the files it
# mutates are never those of the working tree. MUTATION_WORKERS copies (1 by default), each with
# its own environment, test one mutant each at a time (cosmic-ray's http distributor). Slow (a few
# seconds a mutant on a quiet machine), hence not part of .ci/run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
  modules=(engine/model/levels.py engine/decide/scenario.py engine/decide/evaluate.py engine/decide/reference.py engine/decide/generated.py
           engine/model/stages.py engine/model/rules.py engine/decide/durable_backend.py)
fi
tests=${MUTATION_TESTS:-"tests/test_levels.py tests/test_shared_decisions.py tests/test_semantics.py"}
work=${MUTATION_DIR:-$(mktemp -d)}
workers=${MUTATION_WORKERS:-1}
echo "mutation testing in $work (tests: $tests; $workers worker(s))"
copies=("$work")
for ((k = 1; k < workers; k++)); do copies+=("$work/worker-$k"); done
for copy in "${copies[@]}"; do
  mkdir -p "$copy"
  git -C "$root" archive HEAD | tar -x -C "$copy"
  [ -x "$copy/.venv/bin/python" ] || python3 -m venv "$copy/.venv"
  # installed anew each time: the editable install maps the packages pyproject.toml lists
  "$copy/.venv/bin/pip" install -q --disable-pip-version-check -e "$copy[dev]" "cosmic-ray>=8.3"
done
distributor='name = "local"'
if [ "$workers" -gt 1 ]; then
  urls=""
  for k in "${!copies[@]}"; do
    port=$((9876 + k))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use (a worker of an earlier run?): stop what listens there" >&2
      exit 1
    fi
    (cd "${copies[$k]}" && exec .venv/bin/cosmic-ray --verbosity=ERROR http-worker --port "$port") &
    urls="$urls\"http://localhost:$port\", "
  done
  trap 'kill $(jobs -p) 2>/dev/null' EXIT
  distributor=$(printf 'name = "http"\n\n[cosmic-ray.distributor.http]\nworker-urls = [%s]' "${urls%, }")
  for k in "${!copies[@]}"; do  # every worker listening before the first mutant is sent
    for _ in $(seq 60); do (exec 3<>"/dev/tcp/127.0.0.1/$((9876 + k))") 2>/dev/null && break; sleep 1; done
  done
fi
cd "$work"
exclude=""
[ -z "${MUTATION_EXCLUDE:-}" ] || exclude="\"$MUTATION_EXCLUDE\""
for module in "${modules[@]}"; do
  name=$(basename "$module" .py)
  cat > "mutation-$name.toml" <<EOF
[cosmic-ray]
module-path = "$module"
timeout = 300.0
excluded-modules = []
test-command = ".venv/bin/python -m pytest -x -q -p no:cacheprovider -o addopts= $tests"

[cosmic-ray.distributor]
$distributor

[cosmic-ray.filters.operators-filter]
exclude-operators = [$exclude]
EOF
  rm -f "mutation-$name.sqlite"
  .venv/bin/cosmic-ray init "mutation-$name.toml" "mutation-$name.sqlite"
  [ -z "${MUTATION_EXCLUDE:-}" ] || .venv/bin/cr-filter-operators "mutation-$name.sqlite" "mutation-$name.toml"
  .venv/bin/cosmic-ray --verbosity=ERROR baseline "mutation-$name.toml"
  .venv/bin/cosmic-ray exec "mutation-$name.toml" "mutation-$name.sqlite"
  .venv/bin/cr-report "mutation-$name.sqlite" --show-diff --surviving-only > "mutation-$name.report"
  echo "$module: $(tail -n 3 "mutation-$name.report" | tr '\n' ' ')"
  # cosmic-ray counts a mutant whose worker failed (abnormal) as not surviving: say how many
  .venv/bin/python - "mutation-$name.sqlite" <<'PY'
import sqlite3
import sys

rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT worker_outcome, COALESCE(test_outcome, ''), COUNT(*) FROM work_results GROUP BY 1, 2"
).fetchall()
print("  outcomes:", "; ".join(f"{w.lower()} {t.lower()}".strip() + f": {n}" for w, t, n in rows))
PY
done
echo "reports: $work/mutation-*.report"

#!/bin/sh
# Regenerates the digests of the reference estimates of every service and dev environment that
# dstack's parser accepts in the repository's conformance corpus (tests/conformance), in both
# releases: offers_oracle.py with run types (0.18.37) and offers_oracle_0_22.py (0.22.5). The tests
# only read the files written here.
#   conformance.run-types.offers.jsonl         0.18.37
#   conformance.run-types.offers-0.22.5.jsonl  0.22.5
set -eu
cd "$(dirname "$0")"
oracle=${DSTACK_ORACLE:-/work/shared/tools/dstack-oracle}
py=${DSTACK_ORACLE_PYTHON:-$oracle/.venv/bin/python}
py22=${DSTACK_ORACLE_PYTHON_0_22:-$oracle/.venv-0.22.5/bin/python}
catalog=${DSTACK_CATALOG:-$oracle/../../catalog}
corpus=$(cd ../../../../tests/conformance && pwd)
keep='["file", "ok", "stage", "reason", "offers", "price_min", "price_max", "by_backend", "spot", "on_demand", "cheapest", "notes"]'
# The run configurations dstack's parser accepts, by the corpus' own reference.
runs() {
  "$py" -c '
import json, sys
for line in open(sys.argv[1]):
    c = json.loads(line)
    if c["ok"] and c["type"] in ("service", "dev-environment"):
        print(c["file"])
' "$corpus/$1"
}
digest() {
  "$py" -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps({k: r[k] for k in '"$keep"' if k in r}))
'
}
(cd "$corpus" && runs expected.jsonl | xargs "$py" "$oracle/offers_oracle.py" --catalog "$catalog/offers.csv" \
  --gpus "$catalog/gpus.csv" --run-types --cheapest 1) | digest > conformance.run-types.offers.jsonl
(cd "$corpus" && runs expected-0.22.5.jsonl | xargs "$py22" "$oracle/offers_oracle_0_22.py" --cheapest 1) |
  digest > conformance.run-types.offers-0.22.5.jsonl

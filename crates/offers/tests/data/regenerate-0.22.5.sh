#!/bin/sh
# Regenerates the 0.22.5 golden data of the tests with dstack 0.22.5's own code (the dstack-oracle
# tool: dstack 0.22.5 + gpuhunt 0.1.34). The tests only read the files written here.
#   rules-0.22.5/normalized.jsonl   dstack 0.22.5's normalized JSON of rules-0.22.5/*.yml
#   rules-0.22.5/expected.jsonl     the reference estimate (offers_oracle_0_22.py) of rules-0.22.5/*.yml,
#                                   or the stage and reason of what `dstack apply` or the server rejects
#   conformance.offers-0.22.5.jsonl a digest of the reference estimate of every configuration that
#   golden-0.22.5.offers.jsonl      dstack 0.22.5's parser accepts in tests/conformance and
#                                   tests/golden-0.22.5 (files asking for more than 64 nodes are left
#                                   out: the oracle plans one job per node)
set -eu
cd "$(dirname "$0")"
oracle=${DSTACK_ORACLE:-/work/shared/tools/dstack-oracle}
py=${DSTACK_ORACLE_PYTHON:-$oracle/.venv-0.22.5/bin/python}
(cd rules-0.22.5 && "$py" "$oracle/oracle.py" *.yml > normalized.jsonl &&
  "$py" "$oracle/offers_oracle_0_22.py" *.yml > expected.jsonl)
tests=$(cd ../../../../tests && pwd)
for corpus in conformance golden-0.22.5; do
  case $corpus in conformance) out=conformance.offers-0.22.5.jsonl ;; *) out=golden-0.22.5.offers.jsonl ;; esac
  (cd "$tests/$corpus" && find cases -name '*.yml' | sort | while read -r f; do
      grep -Eq 'nodes: *[0-9]{3,}|nodes: *(6[5-9]|[7-9][0-9])\b' "$f" || echo "$f"
    done | xargs "$py" "$oracle/offers_oracle_0_22.py" --cheapest 1) |
    "$py" -c '
import json, sys
keep = ["file", "ok", "stage", "reason", "offers", "price_min", "price_max", "by_backend", "spot",
        "on_demand", "cheapest", "notes"]
for line in sys.stdin:
    r = json.loads(line)
    if r.get("stage") not in ("yaml", "model", "type"):
        print(json.dumps({k: r[k] for k in keep if k in r}))
' > "$out"
done

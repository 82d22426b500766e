#!/bin/sh
# Regenerates the golden data of services and dev environments (contract §V.12) in both releases
# with dstack's own code (the dstack-oracle tool). The tests only read the files written here.
#   run-types/normalized.jsonl         dstack 0.18.37's normalized JSON of run-types/*.yml
#   run-types/expected.jsonl           its reference estimate (offers_oracle.py --run-types)
#   run-types/normalized-0.22.5.jsonl  dstack 0.22.5's normalized JSON
#   run-types/expected-0.22.5.jsonl    its reference estimate (offers_oracle_0_22.py)
set -eu
cd "$(dirname "$0")/run-types"
oracle=${DSTACK_ORACLE:-/work/shared/tools/dstack-oracle}
py=${DSTACK_ORACLE_PYTHON:-$oracle/.venv/bin/python}
py22=${DSTACK_ORACLE_PYTHON_0_22:-$oracle/.venv-0.22.5/bin/python}
"$py" "$oracle/oracle.py" *.yml > normalized.jsonl
catalog=${DSTACK_CATALOG:-$oracle/../../catalog}
"$py" "$oracle/offers_oracle.py" --catalog "$catalog/offers.csv" --gpus "$catalog/gpus.csv" --run-types *.yml > expected.jsonl
"$py22" "$oracle/oracle.py" *.yml > normalized-0.22.5.jsonl
"$py22" "$oracle/offers_oracle_0_22.py" *.yml > expected-0.22.5.jsonl

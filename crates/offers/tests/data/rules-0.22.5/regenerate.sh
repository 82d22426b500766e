#!/bin/sh
# Regenerates the golden data of `rules_0_22.rs` with dstack 0.22.5's own code (the dstack-oracle
# tool: dstack 0.22.5 + gpuhunt 0.1.34). The tests only read the files written here.
#   normalized.jsonl  dstack 0.22.5's normalized JSON of *.yml (oracle.py)
#   expected.jsonl    the reference estimate of *.yml (offers_oracle_0_22.py), with the stage and
#                     reason of what `dstack apply` or the server rejects
set -eu
cd "$(dirname "$0")"
oracle=${DSTACK_ORACLE:-/work/shared/tools/dstack-oracle}
py=${DSTACK_ORACLE_PYTHON:-$oracle/.venv-0.22.5/bin/python}
"$py" "$oracle/oracle.py" *.yml > normalized.jsonl
"$py" "$oracle/offers_oracle_0_22.py" *.yml > expected.jsonl

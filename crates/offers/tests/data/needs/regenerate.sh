#!/bin/sh
# dstack's normalized JSON of the fleets, gateways and volumes here, in both releases (the
# dstack-oracle tool); the tests only read the files written here.
set -eu
cd "$(dirname "$0")"
oracle=${DSTACK_ORACLE:-/work/shared/tools/dstack-oracle}
"${DSTACK_ORACLE_PYTHON:-$oracle/.venv/bin/python}" "$oracle/oracle.py" *.yml > normalized.jsonl
"${DSTACK_ORACLE_PYTHON_0_22:-$oracle/.venv-0.22.5/bin/python}" "$oracle/oracle.py" *.yml > normalized-0.22.5.jsonl

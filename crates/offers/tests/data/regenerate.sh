#!/bin/sh
# Regenerates the golden data of the tests with dstack's own code (the dstack-oracle tool:
# dstack 0.18.37 + gpuhunt 0.0.19). The tests only read the files written here.
#   examples.normalized.jsonl  dstack's normalized JSON of ../../catalog/examples/*.yml
#   rules/normalized.jsonl     the same for rules/*.yml
#   rules/expected.jsonl       the reference estimate (offers_oracle.py) of rules/*.yml
#   conformance.offers.jsonl   a digest of the reference estimate of every configuration that
#                              dstack accepts in the repository's conformance corpus
set -eu
cd "$(dirname "$0")"
oracle=${DSTACK_ORACLE:-/work/shared/tools/dstack-oracle}
py=${DSTACK_ORACLE_PYTHON:-$oracle/.venv/bin/python}
"$py" "$oracle/oracle.py" ../../catalog/examples/*.yml > examples.normalized.jsonl
"$py" "$oracle/oracle.py" rules/*.yml > rules/normalized.jsonl
"$py" "$oracle/offers_oracle.py" rules/*.yml > rules/expected.jsonl
# One process for the whole corpus (the oracle's start-up dominates); a case the oracle itself
# cannot run (e.g. an env variable with an empty name, which its `-e` glue rejects) is skipped.
corpus=$(cd ../../../../tests/conformance && pwd)
"$py" - "$oracle" "$corpus" > conformance.offers.jsonl <<'PY'
import json, logging, os, sys
from pathlib import Path
oracle, corpus = sys.argv[1], sys.argv[2]
sys.argv = [sys.argv[0]]
sys.path.insert(0, oracle)
import offers_oracle as o
logging.disable(logging.CRITICAL)
os.chdir(corpus)
project = o.FaithfulProject(o.FaithfulCatalog(Path(o.DEFAULT_CATALOG)), o.KnownAccelerators(Path(o.DEFAULT_GPUS)))
for line in open("expected.jsonl"):
    case = json.loads(line)
    if not case["ok"]:
        continue
    try:
        r = o.judge_faithful(case["file"], project, 1)
    except SystemExit:
        continue
    keep = ["file", "ok", "stage", "reason", "offers", "price_min", "price_max", "by_backend", "spot",
            "on_demand", "cheapest", "notes"]
    print(json.dumps({k: r[k] for k in keep if k in r}))
PY

"""Records dstack's verdicts on the differential test's mutations (tests/mutations/expected.txt
for dstack 0.18.37, expected-0.22.5.txt for 0.22.5: the oracle's python decides the release).

    DSTACK_WRITE_MUTATIONS=/tmp/mut cargo test -p dstack-core --test differential
    python scripts/dev/record_mutations.py ORACLE_PYTHON /tmp/mut > tests/mutations/expected.txt

DSTACK_ORACLE overrides where oracle.py is.

One line per mutation, in file order: `R` (rejected) or `A HASH TYPE` (accepted; HASH is FNV-1a 64
of `json.dumps(normalized, sort_keys=True)`, in hex, and TYPE the configuration's type).
"""
import json
import os
import subprocess
import sys

ORACLE = "/work/shared/tools/dstack-oracle/oracle.py"


def fnv1a(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main() -> None:
    python, folder = sys.argv[1], sys.argv[2]
    oracle = os.environ.get("DSTACK_ORACLE", ORACLE)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".yml"))
    run = subprocess.run([python, oracle, *files], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stderr[-2000:])
    out = run.stdout
    verdicts = {}
    for line in out.splitlines():
        case = json.loads(line)
        if not case["ok"]:
            verdict = "R"
        else:
            digest = fnv1a(json.dumps(case["normalized"], sort_keys=True).encode())
            verdict = "A %016x %s" % (digest, case["type"])
        verdicts[os.path.basename(case["file"])] = verdict
    for f in files:
        print(verdicts[os.path.basename(f)])


if __name__ == "__main__":
    main()

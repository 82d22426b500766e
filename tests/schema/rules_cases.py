"""Re-judges the probe cases of rules-cases.jsonl with both dstack releases: reads the lines on
stdin, runs each case's `yaml` through the oracle of each release (`oracle.py`, run by the Python
of a venv with that dstack), and prints the lines with `json` (PyYAML's reading) and each
release's verdict: `true`, or dstack's first message. A new case is a line with `yaml` only.

    python rules_cases.py ORACLE.py PY_0_18_37 PY_0_22_5 < rules-cases.jsonl > new.jsonl
"""
import json, os, subprocess, sys, tempfile, yaml

oracle, releases = sys.argv[1], {"0.18.37": sys.argv[2], "0.22.5": sys.argv[3]}
rows = [json.loads(line) for line in sys.stdin if line.strip()]
with tempfile.TemporaryDirectory() as tmp:
    files = []
    for i, row in enumerate(rows):
        files.append(os.path.join(tmp, f"{i:04}.yml"))
        with open(files[-1], "w") as f:
            f.write(row["yaml"])
    for release, python in releases.items():
        out = subprocess.run([python, oracle, *files], capture_output=True, text=True, check=True).stdout
        for row, line in zip(rows, out.strip().split("\n")):
            verdict = json.loads(line)
            errors = verdict.get("errors") or [{"msg": "rejected"}]
            row[release] = True if verdict["ok"] else errors[0]["msg"]
for row in rows:
    row["json"] = yaml.safe_load(row["yaml"])
    print(json.dumps({k: row[k] for k in ("yaml", "json", "0.18.37", "0.22.5")}, ensure_ascii=False))

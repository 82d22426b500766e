"""Times dstack's own parser on the conformance corpus (µs per configuration).

Run with a Python that has dstack installed (e.g. a dstack-oracle venv, 0.18.37 or 0.22.5):
    PY scripts/dev/bench_dstack.py tests/conformance [ROUNDS]
It measures what `dstack apply` does to read a file: `yaml.safe_load`, the configuration model
(`parse_apply_configuration`), and its JSON (`.json()` under pydantic 1, `model_dump_json()`
under pydantic 2: the normalized output this project reproduces). Time is the process's CPU time,
as for dstack-check beside it, so other work on a shared machine does not count.

Two lines: from the texts, read beforehand; and from the files, opened and handed to
`yaml.safe_load` as `dstack apply` does (`load_apply_configuration`), as dstack-check reads them.
Each is the best of ROUNDS rounds (default 3) of 10 passes.
"""
import json
import logging
import pathlib
import sys
import time

import yaml
from dstack.version import __version__ as version
from dstack._internal.core.models.configurations import parse_apply_configuration


def judge(text):
    try:
        data = yaml.safe_load(text)
        validate(data)
    except Exception:
        pass


def judge_file(path):
    try:
        with open(path, "r") as f:
            data = yaml.safe_load(f)
        validate(data)
    except Exception:
        pass


def validate(data):
    if isinstance(data, dict):
        conf = parse_apply_configuration(data)
        conf.model_dump_json() if hasattr(conf, "model_dump_json") else conf.json()


def main():
    # dstack logs a deprecation warning for `tpu-` names; silence it so only parsing is timed.
    logging.disable(logging.CRITICAL)
    root = pathlib.Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    files = [json.loads(l)["file"] for l in (root / "expected.jsonl").read_text().splitlines() if l.strip()]
    paths = [root / f for f in files]
    texts = [p.read_text() for p in paths]
    for t in texts:
        judge(t)
    passes = 10
    # Rounds alternate between the two ways, and each way keeps its best round: a busy machine
    # slows a round, never speeds it up.
    ways = (("from texts", judge, texts), ("from files", judge_file, paths))
    best = {how: float("inf") for how, _, _ in ways}
    for _ in range(rounds):
        for how, judged, items in ways:
            start = time.process_time()
            for _ in range(passes):
                for item in items:
                    judged(item)
            best[how] = min(best[how], (time.process_time() - start) * 1e6 / (passes * len(items)))
    for how, _, items in ways:
        print(f"dstack {version} {how}: {len(items)} configurations x {passes} passes, best of {rounds}: "
              f"{best[how]:.1f} µs per configuration")

if __name__ == "__main__":
    main()

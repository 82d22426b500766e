"""Times dstack's own parser on the conformance corpus (µs per configuration).

Run with a Python that has dstack installed (e.g. a dstack-oracle venv, 0.18.37 or 0.22.5):
    PY scripts/dev/bench_dstack.py tests/conformance
It measures what `dstack apply` does to read a file: `yaml.safe_load`, the configuration model
(`parse_apply_configuration`), and its JSON (`.json()` under pydantic 1, `model_dump_json()`
under pydantic 2: the normalized output this project reproduces). Time is the process's CPU time,
as for dstack-check beside it, so other work on a shared machine does not count.
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
        if isinstance(data, dict):
            conf = parse_apply_configuration(data)
            conf.model_dump_json() if hasattr(conf, "model_dump_json") else conf.json()
    except Exception:
        pass


def main():
    # dstack logs a deprecation warning for `tpu-` names; silence it so only parsing is timed.
    logging.disable(logging.CRITICAL)
    root = pathlib.Path(sys.argv[1])
    files = [json.loads(l)["file"] for l in (root / "expected.jsonl").read_text().splitlines() if l.strip()]
    texts = [(root / f).read_text() for f in files]
    for t in texts:
        judge(t)
    passes = 10
    start = time.process_time()
    for _ in range(passes):
        for t in texts:
            judge(t)
    per = (time.process_time() - start) * 1e6 / (passes * len(texts))
    print(f"dstack {version}: {len(texts)} configurations x {passes} passes, {per:.1f} µs per configuration")


if __name__ == "__main__":
    main()

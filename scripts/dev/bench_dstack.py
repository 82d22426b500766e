"""Times dstack 0.18.37's own parser on the conformance corpus (µs per configuration).

Run with a Python that has `dstack==0.18.37` installed (e.g. the dstack-oracle venv):
    PY scripts/dev/bench_dstack.py tests/conformance
It measures what `dstack apply` does to read a file: `yaml.safe_load`, the run-configuration
model, and `.json()` of the result (the normalized output this project reproduces).
"""
import json
import logging
import pathlib
import sys
import time

import yaml
from dstack._internal.core.models.configurations import RunConfiguration


def judge(text):
    try:
        data = yaml.safe_load(text)
        if isinstance(data, dict):
            RunConfiguration.parse_obj(data).__root__.json()
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
    start = time.perf_counter()
    for _ in range(passes):
        for t in texts:
            judge(t)
    per = (time.perf_counter() - start) * 1e6 / (passes * len(texts))
    print(f"dstack 0.18.37: {len(texts)} configurations x {passes} passes, {per:.1f} µs per configuration")


if __name__ == "__main__":
    main()

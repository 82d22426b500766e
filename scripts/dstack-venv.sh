#!/usr/bin/env bash
# Makes (once, and again when its pins change) a venv with dstack 0.22.5 at the exact versions of
# scripts/dev/dstack-0.22.5.txt, for the test that times dstack-check beside dstack's own parser,
# and prints its python. Only `make test` needs it: `make serve` does not install dstack.
set -euo pipefail
cd "$(dirname "$0")/.."
pins=scripts/dev/dstack-0.22.5.txt
venv=${CARGO_TARGET_DIR:-target}/dstack-0.22.5
if ! cmp -s "$pins" "$venv/pins.txt"; then
  python3 -m venv --clear "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$pins" >&2
  cp "$pins" "$venv/pins.txt"
fi
echo "$venv/bin/python"

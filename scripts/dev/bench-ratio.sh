#!/usr/bin/env bash
# Times dstack-check's core and dstack 0.18.37's own parser on the same corpus, back to back,
# and prints the ratio. Usage: scripts/dev/bench-ratio.sh PYTHON_WITH_DSTACK_0_18_37
set -euo pipefail
cd "$(dirname "$0")/../.."
py=${1:?usage: $0 PYTHON (a Python with dstack==0.18.37, e.g. the dstack-oracle venv)}
ours=$(cargo bench -q -p dstack-core 2>/dev/null | tee /dev/stderr | awk '/^check:/ { print $4 }')
theirs=$("$py" scripts/dev/bench_dstack.py tests/conformance | tee /dev/stderr | awk '{ for (i = 1; i <= NF; i++) if ($i == "µs") print $(i - 1) }')
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio: dstack %.1f µs / dstack-check %.2f µs = %.0fx\n", b, a, b / a }'

#!/usr/bin/env bash
# Serves the built playground (dist/) on http://127.0.0.1:8080/ (PORT overrides the port).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
[ -f dist/index.html ] || { echo "dist/ is not built: run scripts/build-web.sh (or make serve)" >&2; exit 1; }
echo
echo "  dstack configuration playground: http://127.0.0.1:$PORT/"
echo "  embedding demo:                  http://127.0.0.1:$PORT/embed-demo.html"
echo "  (Ctrl-C to stop)"
echo
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist

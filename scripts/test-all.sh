#!/usr/bin/env bash
# Runs every test suite as a step, prints PASS/FAIL per step, and ends with one line
# "N passed, N failed" counting individual tests (a step that fails without a failing test,
# such as a build error, counts as one failure). Exits non-zero if anything failed.
# Expects scripts/setup.sh to have run (make test does that).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
LOGS="$TARGET_DIR/test-logs"
mkdir -p "$LOGS"

passed=0
failed=0
summary=()

# Counters: each prints "<passed> <failed>" read from a step's log.
count_cargo() {
  awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed;/) p += $(i - 1); if ($i ~ /^failed;/) f += $(i - 1) } }
       END { print p + 0, f + 0 }' "$1"
}
count_node() { awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { print p + 0, f + 0 }' "$1"; }
# Playwright writes under target/playwright (playwright.config.mjs), whatever CARGO_TARGET_DIR is.
PLAYWRIGHT_OUT=target/playwright
count_playwright() {
  node -e 'const s = require(process.argv[1]).stats; console.log(s.expected + s.flaky, s.unexpected)' \
    "$PWD/$PLAYWRIGHT_OUT/results.json" 2>/dev/null || echo "0 0"
}
count_none() { echo "0 0"; }
count_docsite() {
  node -e 'const s = require(process.argv[1]).stats; console.log(s.expected + s.flaky, s.unexpected)' \
    "$PWD/$PLAYWRIGHT_OUT/docsite-results.json" 2>/dev/null || echo "0 0"
}
# scripts/dev/bench-ratio.sh --floor says "floor Nx: met" or "floor Nx: not met".
count_ratio() { awk '/^floor [0-9.]+x: met$/ { p = 1 } /^floor [0-9.]+x: not met$/ { f = 1 } END { print p + 0, f + 0 }' "$1"; }
# scripts/fuzz.sh ends with "fuzz: N passed, N failed", one test per target.
count_fuzz() { awk '/^fuzz: [0-9]+ passed, [0-9]+ failed$/ { p = $2; f = $4 } END { print p + 0, f + 0 }' "$1"; }

# step NAME COUNTER COMMAND...: runs the command, tees its output to $LOGS/NAME.log, tallies.
# Returns the step's verdict (0: passed).
step() {
  local name=$1 counter=$2 start=$SECONDS rc p f
  shift 2
  echo "=== [test] $name: $*"
  "$@" 2>&1 | tee "$LOGS/$name.log"
  rc=${PIPESTATUS[0]}
  read -r p f < <("$counter" "$LOGS/$name.log")
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  local verdict=PASS
  if [ "$rc" != 0 ] || [ "$f" != 0 ]; then verdict=FAIL; fi
  summary+=("[test] $verdict $name: $p passed, $f failed ($((SECONDS - start))s)")
  echo "[test] $verdict $name: $p passed, $f failed ($((SECONDS - start))s)"
  [ "$verdict" = PASS ]
}

step native count_cargo cargo test --workspace --no-fail-fast
# Timing tests need optimized code: linear growth of every list and mapping, and the CLI's
# 100,000-entry case under 100 ms, the corpus against dstack's recorded time (--show-output prints the figures).
# Built as the CLI ships, with profile-guided optimization (scripts/build-cli.sh).
step scaling count_cargo bash scripts/build-cli.sh test --release -p dstack-core -p dstack-check-cli --test scaling \
  -- --ignored --show-output
# The CLI beside dstack 0.22.5's own parser reading the same files, on this machine, the CLI on
# all of its cores (issue #12's bar: 50x on the clock; clean CI runs measured 49.0-51.2x CPU time
# against CPU time on one thread, which the script prints too). scripts/dstack-venv.sh installs
# dstack once.
step cli-ratio count_ratio bash -c 'py=$(bash scripts/dstack-venv.sh) && bash scripts/dev/bench-ratio.sh "$py" --cli-only --floor 50'
# Each fuzz target briefly, from the seeds (a longer run: make fuzz).
step fuzz count_fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-20}" bash scripts/fuzz.sh
web_built=0
step web-build count_none bash scripts/build-web.sh && web_built=1

if compgen -G "web/tests/*.rs" >/dev/null; then
  # In headless Chromium through Debian's chromedriver. No -q: cargo would pass --quiet on to the runner.
  step wasm count_cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown -p dstack-playground --test browser --test panic
fi
# The JS module's wasm tests, in Node.
step wasm-js count_cargo env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown -p dstack-wasm --test panic

if [ -f scripts/build-js.sh ]; then
  step js-build count_none bash scripts/build-js.sh
fi
if compgen -G "tests/js/*.test.*" >/dev/null || compgen -G "tests/js/*.mjs" >/dev/null; then
  step js count_node node --test --test-reporter=tap tests/js/
fi

if [ "$web_built" = 1 ]; then
  rm -f "$PLAYWRIGHT_OUT/results.json" "$PLAYWRIGHT_OUT/budgets.json"
  step e2e count_playwright npx --no-install playwright test
  # The docs drop-in on a MkDocs Material site built from tests/docsite, beside dist/.
  rm -f "$PLAYWRIGHT_OUT/docsite-results.json" "$PLAYWRIGHT_OUT/docsite-bytes.json"
  step docsite count_docsite bash -c 'bash scripts/build-docsite.sh && npx --no-install playwright test -c tests/docsite/playwright.config.mjs'
else
  # dist/ would be stale: the web-build failure is already counted.
  summary+=("[test] SKIP e2e: the web build failed")
fi

echo
printf '%s\n' "${summary[@]}"
if [ -f "$PLAYWRIGHT_OUT/budgets.json" ]; then
  echo "[test] budgets: $(node -e 'const b = require(process.argv[1]).measured; console.log(`first load ${b.gzipBytes} B gzip (${Object.entries(b.gzipPerFile || {}).map(([p, n]) => `${p} ${n}`).join(", ")}), first result ${b.firstResultMs} ms (${b.firstResultKeptModuleRuns} of 5 runs with the module a visit kept; ${b.firstResultColdMs} ms in a new browser context, unpacking ${b.unlzmaMs} ms), keystroke p95 ${b.keystrokeP95Ms} ms (own work ${b.keystrokeWorkP95Ms} ms, then the next frame)`)' "$PWD/$PLAYWRIGHT_OUT/budgets.json")"
fi
if [ -f "$LOGS/cli-ratio.log" ]; then
  echo "[test] CLI: $(grep -h '^ratio (CLI' "$LOGS/cli-ratio.log")"
fi
if [ -f "$PLAYWRIGHT_OUT/docsite-bytes.json" ]; then
  echo "[test] docs drop-in: $(node -e 'const b = require(process.argv[1]).dropin; console.log(`${b.script} B gzip script + ${b.results} B gzip build results before any click`)' "$PWD/$PLAYWRIGHT_OUT/docsite-bytes.json")"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ on stable Rust and runs each for FUZZ_SECONDS (default
# 180) on one core. Ends with "fuzz: N passed, N failed" (a target passes when it ran without a
# crash, a hang or running out of memory); a finding is saved under target/fuzz/artifacts/TARGET/.
#
# No cargo-fuzz and no nightly: the coverage instrumentation is LLVM's SanitizerCoverage pass,
# reachable through stable codegen flags (the ones cargo-fuzz passes, minus -Zsanitizer), and
# libfuzzer-sys compiles libFuzzer itself from source with the C++ compiler.
#
# Environment: FUZZ_SECONDS (per target), FUZZ_TARGETS (default "check share embed"),
# FUZZ_ARGS (more libFuzzer flags).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
ROOT=$PWD
OUT="$ROOT/target/fuzz"
SECONDS_EACH=${FUZZ_SECONDS:-180}
TARGETS=${FUZZ_TARGETS:-check share embed}
HOST=$(rustc -vV | sed -n 's/^host: //p')

# --target keeps the flags off build scripts and proc macros, which run inside the compiler.
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# shellcheck disable=SC2086
if ! CARGO_TARGET_DIR="$OUT/build" cargo build --release --locked --manifest-path fuzz/Cargo.toml \
  --target "$HOST" $(printf -- '--bin %s ' $TARGETS); then
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

# Seeds: the conformance corpus for check; share links and host messages made from it.
SEEDS="$OUT/seeds"
rm -rf "$SEEDS" && mkdir -p "$SEEDS/check"
find tests/conformance/cases tests/golden -name '*.yml' | while read -r case; do
  cp "$case" "$SEEDS/check/${case//\//_}"
done
node fuzz/seeds.mjs tests/conformance/cases "$SEEDS"

passed=0
failed=0
for target in $TARGETS; do
  corpus="$OUT/corpus/$target"
  artifacts="$OUT/artifacts/$target"
  log="$OUT/$target.log"
  mkdir -p "$corpus" "$artifacts"
  # One process, one core. -timeout: an input that takes over 10 s is a hang, reported as a finding.
  # shellcheck disable=SC2086
  "$OUT/build/$HOST/release/$target" "$corpus" "$SEEDS/$target" fuzz/regressions/"$target" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1))
    echo "fuzz $target: ${runs:-0} executions in ${SECONDS_EACH}s, no crash (corpus: $(ls "$corpus" | wc -l) inputs)"
  else
    failed=$((failed + 1))
    echo "fuzz $target: FAILED after ${runs:-?} executions (exit $rc); the input is in $artifacts/:"
    grep -E '^(==[0-9]+== ERROR|thread .* panicked|SUMMARY|ALARM|artifact_prefix)|panicked at' "$log" | head -20
    tail -5 "$log"
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]

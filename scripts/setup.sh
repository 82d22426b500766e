#!/usr/bin/env bash
# Installs what building and testing the playground needs, on a fresh Debian machine or again on
# a set-up one (idempotent, unattended): Chromium + ChromeDriver, the wasm target, rustup's
# llvm-tools (the CLI's profile-guided build), wasm-bindgen-cli at the version Cargo.lock pins,
# the npm tooling (CodeMirror, esbuild, binaryen, Playwright), and a C++ compiler for the fuzz
# targets (stable Rust only: no nightly, no cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The CLI must equal the wasm-bindgen crate version in Cargo.lock, or it refuses the module.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
timed() { local start=$SECONDS; "$@"; echo "[setup] $* ($((SECONDS - start))s)" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# The drop-in's test site needs a Python venv (Debian ships ensurepip separately); the web build
# packs the wasm with Python's lzma module (scripts/pack-wasm.py).
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
python3 -c 'import lzma' 2>/dev/null || missing+=(python3)
# libfuzzer-sys compiles libFuzzer (C++) for the fuzz targets.
command -v c++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  timed as_root apt-get update -qq
  timed as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || timed rustup target add wasm32-unknown-unknown
# llvm-profdata, for the CLI's profile-guided build (scripts/build-cli.sh); without it that build
# is a plain release build, so a machine that cannot fetch it still builds and tests.
rustup component list --installed | grep -q '^llvm-tools' \
  || timed rustup component add llvm-tools || echo "[setup] no llvm-tools: dstack-check is built without PGO" >&2

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  # No --locked: the CLI's own lockfile pins a webpki-roots release the registry here lacks.
  timed cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  timed npm ci --no-audit --no-fund --loglevel=error
fi

timed cargo fetch -q

# The drop-in's test site (tests/docsite): MkDocs Material at the exact versions of
# tests/docsite/requirements.txt, in a venv rebuilt only when that file changes.
DOCS_VENV=target/docsite/venv
if ! cmp -s tests/docsite/requirements.txt "$DOCS_VENV/requirements.txt"; then
  timed python3 -m venv --clear "$DOCS_VENV"
  timed "$DOCS_VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r tests/docsite/requirements.txt
  cp tests/docsite/requirements.txt "$DOCS_VENV/requirements.txt"
fi
timed cargo fetch -q --manifest-path fuzz/Cargo.toml

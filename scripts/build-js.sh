#!/usr/bin/env bash
# Builds the checker's JS package into target/js/ (importable as `target/js/index.js`):
#   web/   wasm-bindgen --target web: browsers, `await init()` (done by browser.js)
#   node/  wasm-bindgen --target experimental-nodejs-module: Node ESM, loads synchronously
#   index.js / browser.js / index.d.ts / package.json: one entry point per environment
#   bin/dstack-check: the native CLI, which tests/js compares the wasm results with
# Honours CARGO_TARGET_DIR for cargo's own output; the package always lands in target/js/.
# Usage: scripts/build-js.sh [--no-cli]   (--no-cli: skip bin/, which only the tests need)
# wasm-bindgen and wasm-opt run only when cargo's module changed: wasm-opt takes ~17 s a module.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_CLI=1
case "${1:-}" in
  "") ;;
  --no-cli) WITH_CLI=0 ;;
  *) echo "usage: $0 [--no-cli]" >&2; exit 2 ;;
esac

CARGO_OUT=${CARGO_TARGET_DIR:-target}
OUT=target/js
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  echo "build-js: wasm-bindgen $WASM_BINDGEN_VERSION is needed (it must match Cargo.lock): run scripts/setup.sh" >&2
  exit 1
fi

cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown -p dstack-wasm
WASM="$CARGO_OUT/wasm32-unknown-unknown/wasm-release/dstack_wasm.wasm"

mkdir -p "$OUT"
STAMP="$OUT/.wasm.sha256"
OPTIMIZE=$([ -x node_modules/.bin/wasm-opt ] && echo wasm-opt || echo no-wasm-opt)
SUM="$(sha256sum "$WASM" scripts/fast-strings.mjs | cut -d' ' -f1 | tr '\n' ' ')$(wasm-bindgen --version) $OPTIMIZE"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$SUM" ] || [ ! -f "$OUT/web/dstack_wasm_bg.wasm" ] ||
   [ ! -f "$OUT/node/dstack_wasm_bg.wasm" ]; then
  rm -rf "$OUT/web" "$OUT/node" "$STAMP"
  wasm-bindgen --target web --out-dir "$OUT/web" "$WASM"
  wasm-bindgen --target experimental-nodejs-module --out-dir "$OUT/node" "$WASM"
  # Strings cross into the module natively (scripts/fast-strings.mjs says why).
  node scripts/fast-strings.mjs "$OUT/web/dstack_wasm.js"
  node scripts/fast-strings.mjs "$OUT/node/dstack_wasm.js"
  # npm binaryen's wasm-opt only: Debian's (108) cannot parse modules from this rustc (toolchain.md §9).
  if [ "$OPTIMIZE" = wasm-opt ]; then
    # Both targets get the same wasm (only the JS glue differs): optimize it once when that holds.
    if cmp -s "$OUT/web/dstack_wasm_bg.wasm" "$OUT/node/dstack_wasm_bg.wasm"; then
      node_modules/.bin/wasm-opt -Oz "$OUT/web/dstack_wasm_bg.wasm" -o "$OUT/web/dstack_wasm_bg.wasm"
      cp "$OUT/web/dstack_wasm_bg.wasm" "$OUT/node/dstack_wasm_bg.wasm"
    else
      for module in "$OUT"/web/dstack_wasm_bg.wasm "$OUT"/node/dstack_wasm_bg.wasm; do
        node_modules/.bin/wasm-opt -Oz "$module" -o "$module"
      done
    fi
  fi
  echo "$SUM" > "$STAMP"
fi

if [ "$WITH_CLI" = 1 ]; then
  cargo build --quiet -p dstack-check-cli
  mkdir -p "$OUT/bin"
  cp "$CARGO_OUT/debug/dstack-check" "$OUT/bin/"
fi

cat > "$OUT/index.js" <<'JS'
// Node entry: the module instantiates synchronously on import.
export { check, complete, hover, dstackVersions, defaultDstackVersion, shareLink, readShareLink } from "./node/dstack_wasm.js";
JS
cat > "$OUT/browser.js" <<'JS'
// Browser entry: fetches and instantiates the module once, before the exports are usable.
import init from "./web/dstack_wasm.js";
await init();
export { check, complete, hover, dstackVersions, defaultDstackVersion, shareLink, readShareLink } from "./web/dstack_wasm.js";
JS
cat > "$OUT/index.d.ts" <<'TS'
export * from "./node/dstack_wasm.js";
TS
cp "$OUT/index.d.ts" "$OUT/browser.d.ts"
cat > "$OUT/package.json" <<JSON
{
  "name": "dstack-check",
  "version": "$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)",
  "private": true,
  "type": "module",
  "main": "./index.js",
  "types": "./index.d.ts",
  "exports": {
    ".": {
      "types": "./index.d.ts",
      "node": "./index.js",
      "default": "./browser.js"
    }
  }
}
JSON
echo "build-js: $(du -b "$OUT/web/dstack_wasm_bg.wasm" | cut -f1) bytes of wasm in $OUT/"

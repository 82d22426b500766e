#!/usr/bin/env bash
# Builds the playground into dist/ (static files only), each file minified: the CodeMirror glue
# (esbuild bundles, terser minifies), the Yew app's two modules, the playground's and the embed's
# (cargo --profile wasm-release, wasm-bindgen --target web, wasm-opt -Os, short import names) and
# the page; beside it the embedding demo (embed-demo.html) and the browser build of the JS module
# (js/), which the demo uses (scripts/build-js.sh builds it, or reuses it when unchanged).
set -euo pipefail
cd "$(dirname "$0")/.."
# npm's binaryen (wasm-opt 132) first: Debian's wasm-opt 108 cannot parse this module.
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=${OUT:-dist}
STAGE="$TARGET_DIR/web-dist"

rm -rf "$STAGE" && mkdir -p "$STAGE/pkg"
# esbuild bundles, terser minifies: its two compress passes save 3 KB gzip over esbuild's --minify.
# Only @codemirror/view and @codemirror/state come from npm; web/editor/ holds the rest.
esbuild web/editor/editor.js --bundle --format=iife --target=es2020 --legal-comments=none \
  --log-level=warning --outfile="$STAGE/editor.bundle.js"
terser "$STAGE/editor.bundle.js" --ecma 2020 --compress passes=2 --mangle --output "$STAGE/editor.js"
rm "$STAGE/editor.bundle.js"
# Two modules, one per page: the playground and the embed (`?embed=1`, which web/static/boot.js
# loads instead), so that neither page loads the other's interface (-18 KB gzip for the playground).
cargo build --profile wasm-release --target wasm32-unknown-unknown -p dstack-playground --bin playground --bin embed
for app in playground embed; do
  wasm-bindgen --target web --no-typescript --out-dir "$STAGE/pkg" \
    "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/$app.wasm"
  # -Os, not -Oz: -Oz makes the module a little smaller, but gzip then shrinks it less (-Os: -0.5 KB
  # gzip). --converge repeats it for as long as it still shrinks the module. --low-memory-unused:
  # rustc puts the stack first (it grows down to address 0), so the first KB is touched only by a
  # stack that has already overflowed; wasm-opt may then fold more address arithmetic (-1.7 KB gzip).
  # --reorder-functions-by-name puts the functions of one module, and the copies of one generic
  # function, side by side, where gzip finds their likeness (-5 KB gzip); it runs before the names go.
  # --one-caller-inline-max-function-size=50: a function with one caller is inlined only when small;
  # a large one moved into its caller makes the module smaller but gzip's work harder (-3.4 KB gzip;
  # any limit from 20 to 100 gives within 0.1 KB of that). --precompute-propagate (an -O3 pass)
  # carries constants through locals (-0.3 KB gzip).
  wasm-opt -Os --converge --one-caller-inline-max-function-size=50 --precompute-propagate --low-memory-unused \
    --reorder-functions-by-name --strip-debug --strip-producers \
    "$STAGE/pkg/${app}_bg.wasm" -o "$STAGE/pkg/${app}_bg.wasm"
  # Short import names in the module and its glue (-5.4 KB gzip), then the glue minified (-1.9 KB).
  node scripts/short-imports.mjs "$STAGE/pkg/${app}_bg.wasm" "$STAGE/pkg/$app.js"
  # The editor's text crosses into the module natively on every keystroke (scripts/fast-strings.mjs).
  node scripts/fast-strings.mjs "$STAGE/pkg/$app.js"
  esbuild "$STAGE/pkg/$app.js" --minify --format=esm --target=es2020 --log-level=warning --allow-overwrite \
    --outfile="$STAGE/pkg/$app.js"
  # Panic locations keep their file but lose line and column: -1.2 KB packed, and a size that
  # no longer moves with line numbers (scripts/strip-locations.py).
  python3 scripts/strip-locations.py "$STAGE/pkg/${app}_bg.wasm"
  # Shipped LZMA-compressed: 20% fewer bytes than gzip gives (pkg/unpack.wasm decodes it).
  python3 scripts/pack-wasm.py "$STAGE/pkg/${app}_bg.wasm"
done
# The decoder of the packed modules (crates/unpack), a module of its own that boot.js fetches beside
# the app's. -Oz: it is small, and its speed is Liftoff's, the code the browser runs first.
cargo build --profile wasm-release --target wasm32-unknown-unknown -p dstack-unpack
wasm-opt -Oz --strip-debug --strip-producers "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/dstack_unpack.wasm" \
  -o "$STAGE/pkg/unpack.wasm"
cp web/static/* web/embed-demo.* "$STAGE/"
# The page's own files, minified over the copies (-1.9 KB gzip of the first load); boot.js with
# the decoder's glue it imports.
esbuild web/static/style.css --minify --target=es2020 --log-level=warning --outdir="$STAGE"
esbuild web/static/boot.js --bundle --format=iife --minify --target=es2020 --log-level=warning \
  --allow-overwrite --outfile="$STAGE/boot.js"
# HTML: comments out, and each line's indentation (a line break stays, so no text changes).
node -e 'const fs = require("fs");
  const html = fs.readFileSync(process.argv[1], "utf8");
  fs.writeFileSync(process.argv[2], html.replace(/<!--[\s\S]*?-->/g, "").replace(/\n\s*/g, "\n").trim() + "\n");' \
  index.html "$STAGE/index.html"
bash scripts/build-js.sh --no-cli
mkdir -p "$STAGE/js/web"
cp target/js/browser.js "$STAGE/js/"
cp target/js/web/dstack_wasm.js target/js/web/dstack_wasm_bg.wasm "$STAGE/js/web/"
# The docs drop-in (web/dropin/), served beside the playground it opens.
esbuild web/dropin/dstack-dropin.js --minify --target=es2020 --log-level=warning --outfile="$STAGE/dropin/dstack-dropin.js"
# Swap in whole, so a server running on dist/ never sees half a build.
rm -rf "$OUT" && mv "$STAGE" "$OUT"
echo "[build-web] $OUT/ ready: $(du -sb "$OUT" | cut -f1) bytes"

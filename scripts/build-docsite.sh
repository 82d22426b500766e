#!/usr/bin/env bash
# Builds the drop-in's test site (tests/docsite/, MkDocs Material from the venv scripts/setup.sh
# makes) into target/docsite/site, with the MkDocs hook running this checkout's dstack-check.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build -q -p dstack-check-cli
export DSTACK_CHECK="$(cd "$TARGET_DIR" && pwd)/debug/dstack-check"
target/docsite/venv/bin/mkdocs build -q --strict -f tests/docsite/mkdocs.yml -d "$PWD/target/docsite/site"
echo "[build-docsite] target/docsite/site ready"

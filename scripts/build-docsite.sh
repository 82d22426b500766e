#!/usr/bin/env bash
# Builds the drop-in's test site (tests/docsite/, MkDocs Material from the venv scripts/setup.sh
# makes) into target/docsite/site, with the MkDocs hook running this checkout's dstack-check: once
# with the newest dstack release, and into its 0.18.37/ directory for a site that chose 0.18.37.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build -q -p dstack-check-cli
export DSTACK_CHECK="$(cd "$TARGET_DIR" && pwd)/debug/dstack-check"
SITE="$PWD/target/docsite/site"
# The newest first: its build empties the site directory.
target/docsite/venv/bin/mkdocs build -q --strict -f tests/docsite/mkdocs.yml -d "$SITE"
target/docsite/venv/bin/mkdocs build -q --strict -f tests/docsite/mkdocs-0.18.37.yml -d "$SITE/0.18.37"
echo "[build-docsite] target/docsite/site ready"

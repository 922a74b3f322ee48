#!/usr/bin/env bash
# Everything a fresh machine needs beyond a stable Rust toolchain. Idempotent.
# Models, test photos and built plugins are committed in the repository, and the face networks
# run in photorules' own code: nothing else is installed, and nothing is downloaded at run time.
# The wasm target is only needed to rebuild the shipped plugins from source.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component add rustfmt clippy >/dev/null 2>&1 || echo "setup: could not add rustfmt/clippy via rustup (continuing)" >&2
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown || echo "setup: could not add the wasm32-unknown-unknown target; plugins cannot be rebuilt, the committed .wasm files are used" >&2
fi
cargo fetch --locked 2>/dev/null || cargo fetch

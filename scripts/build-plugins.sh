#!/usr/bin/env bash
# Build the plugins under plugins/ to wasm32-unknown-unknown and pin them in their manifests.
#
#   scripts/build-plugins.sh           build; copy each module beside its plugin.toml (as
#                                      <name>.wasm or the manifest's `wasm`) and write its
#                                      SHA-256 into the manifest
#   scripts/build-plugins.sh --check   rebuild (committed files untouched) and fail if any committed
#                                      module differs from the rebuilt one (for CI)
#
# The built modules are committed, so a fresh clone and the CLI work without the wasm target.
# Builds are reproducible for a given toolchain (rust-toolchain: Rust 1.95): release profile
# with opt-level "s", LTO, one codegen unit, panic=abort, stripped, and every local path
# remapped (cargo registry, the plugins workspace, the target directory) so none is embedded.
set -euo pipefail

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "build-plugins.sh: unknown argument \`$1\` (use --check or nothing)" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
plugins="$root/plugins"
target_triple=wasm32-unknown-unknown

if command -v rustup >/dev/null 2>&1; then
  if ! rustup target list --installed | grep -qx "$target_triple"; then
    rustup target add "$target_triple"
  fi
fi

target_dir="${PHOTORULES_PLUGIN_TARGET_DIR:-$plugins/target}"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"

# Remap every path that could end up in panic messages of the modules.
flags=(--remap-path-prefix "$plugins=/plugins" --remap-path-prefix "$target_dir=/target")
for registry in "$cargo_home"/registry/src/*/; do
  [ -d "$registry" ] && flags+=(--remap-path-prefix "${registry%/}=/crates")
done
flags+=(--remap-path-prefix "$cargo_home=/cargo")
# A 256 KiB stack instead of Rust's default 1 MiB: the host zeroes a plugin's memory after
# every call, so a smaller initial memory makes every call cheaper (docs/plugins.md, Speed).
flags+=(-C link-arg=-zstack-size=262144)
# RUSTFLAGS as one string; the remapped paths must not contain spaces.
for flag in "${flags[@]}"; do
  case "$flag" in *" "*) echo "build-plugins.sh: path \`$flag\` contains a space" >&2; exit 2 ;; esac
done
unset CARGO_ENCODED_RUSTFLAGS
export RUSTFLAGS="${flags[*]}"
export SOURCE_DATE_EPOCH=0

(cd "$plugins" && cargo build --locked --release --target "$target_triple" \
  --target-dir "$target_dir" --workspace)
out="$target_dir/$target_triple/release"

# Plugin directories: plugins/<name>/ and plugins/fixtures/<name>/ with a plugin.toml and a
# Cargo.toml.
status=0
while IFS= read -r manifest; do
  dir=$(dirname "$manifest")
  [ -f "$dir/Cargo.toml" ] || continue
  package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$dir/Cargo.toml" | head -n 1)
  artifact="$out/${package//-/_}.wasm"
  name=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -n 1)
  wasm=$(sed -n 's/^wasm = "\(.*\)"$/\1/p' "$manifest" | head -n 1)
  wasm="${wasm:-$name.wasm}"
  if [ ! -f "$artifact" ]; then
    echo "build-plugins.sh: \`$artifact\` was not built (is \`$package\` a cdylib member?)" >&2
    exit 1
  fi
  hash=$(sha256sum "$artifact" | cut -d' ' -f1)
  relative="${dir#"$root"/}"
  if [ "$mode" = check ]; then
    pinned=$(sed -n 's/^sha256 = "\(.*\)"$/\1/p' "$manifest" | head -n 1)
    committed=$(sha256sum "$dir/$wasm" 2>/dev/null | cut -d' ' -f1 || true)
    if [ "$hash" != "$pinned" ] || [ "$hash" != "$committed" ]; then
      echo "$relative: rebuilt module $hash differs (manifest pins ${pinned:-nothing}, committed file ${committed:-missing})" >&2
      status=1
    else
      echo "$relative: $hash reproduced"
    fi
  else
    cp "$artifact" "$dir/$wasm"
    sed -i "s/^sha256 = \".*\"$/sha256 = \"$hash\"/" "$manifest"
    echo "$relative/$wasm $(wc -c < "$dir/$wasm") bytes sha256 $hash"
  fi
done < <(find "$plugins" -maxdepth 3 -name plugin.toml -not -path '*/target/*' | sort)
exit "$status"

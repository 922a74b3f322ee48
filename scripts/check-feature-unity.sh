#!/usr/bin/env bash
# Lists the dependencies whose features differ between `cargo test --workspace` and the builds
# CI makes of one crate alone (the Python wheel, the CLI). Each one makes those builds compile
# the dependency tree again; crates/workspace-hack/Cargo.toml should list it with the
# workspace's features. Prints nothing and exits 0 when the feature sets are one.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
features() { cargo tree --locked --prefix none -f '{p} [{f}]' "$@" | sed 's/ (\*)$//' | sort -u; }
features --workspace -e normal,build,dev > "$tmp/workspace"
features -p photorules-python --features pyo3/extension-module -e normal,build > "$tmp/python"
features -p photorules-cli -e normal,build > "$tmp/cli"
status=0
for alone in python cli; do
  if differ=$(comm -13 "$tmp/workspace" "$tmp/$alone") && [ -n "$differ" ]; then
    echo "features differ from the workspace's when $alone is built alone:"
    echo "$differ" | awk '{print $1, $2}' | while read -r name version; do
      echo "  $(grep "^$name $version " "$tmp/$alone")   (workspace: $(grep "^$name $version " "$tmp/workspace" | tr '\n' ' '))"
    done
    status=1
  fi
done
exit "$status"

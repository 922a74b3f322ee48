#!/usr/bin/env bash
# End-to-end test of the web page: `photorules serve` on a free loopback port, driven by
# playwright-core in Debian's headless Chromium (no browser download). Installs what it needs:
# the chromium package when /usr/bin/chromium is missing, and web/e2e's locked npm packages.
# Artefacts (screenshots, downloaded files) go to target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing Debian's chromium"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

(cd web/e2e && npm ci --no-audit --no-fund --loglevel=error)

cargo build --locked -p photorules-cli
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
binary="$target_dir/debug/photorules"

artefacts="$root/target/e2e"
mkdir -p "$artefacts"
log="$artefacts/server.log"
"$binary" --rules rules serve --addr 127.0.0.1:0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

# The server prints `listening on http://127.0.0.1:PORT/` once it is bound.
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$log" | head -n 1)
  [ -n "$url" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "e2e: the server stopped:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "e2e: the server did not start within 30 s:" >&2
  cat "$log" >&2
  exit 1
fi
echo "e2e: server at $url"

(cd web/e2e && PHOTORULES_URL="$url" E2E_ARTEFACTS="$artefacts" npm test)
echo "e2e: screenshots and downloads in $artefacts"

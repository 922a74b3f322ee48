#!/usr/bin/env bash
# Installs the ONNX Runtime shared library that runs the face-mesh and eye networks
# (photorules-vision) into .cache/onnxruntime/. It comes from the `onnxruntime` wheel on PyPI
# (MIT licence, kept beside it with the third-party notices); only the library is extracted,
# and its SHA-256 is checked, so every machine measures with the same build. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.32.0
# SHA-256 of libonnxruntime.so.1.32.0 in onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl.
sha256_x86_64=6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f
dir=.cache/onnxruntime
lib=$dir/libonnxruntime.so.$version

pinned() { [ -f "$lib" ] && echo "$sha256_x86_64  $lib" | sha256sum --check --status; }

if [ "$(uname -m)" = x86_64 ] && pinned; then
  exit 0
fi

if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo "install-onnxruntime: setup installs ONNX Runtime only on Linux x86_64; on $(uname -sm)," \
    "set PHOTORULES_ONNXRUNTIME to the path of an ONNX Runtime $version shared library" >&2
  exit 1
fi

# The library inside the wheel does not depend on the Python version; asking for one fixed
# wheel makes the download the same file on every machine, whatever Python it has.
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  --platform manylinux_2_28_x86_64 --implementation cp --python-version 3.11 --abi cp311 \
  --dest "$download" "onnxruntime==$version"
mkdir -p "$dir"
python3 - "$download"/onnxruntime-"$version"-*.whl "$dir" "$version" <<'PY'
import sys, zipfile
wheel, target, version = sys.argv[1:]
wanted = {
    f"onnxruntime/capi/libonnxruntime.so.{version}": f"libonnxruntime.so.{version}",
    "onnxruntime/LICENSE": "LICENSE",
    "onnxruntime/ThirdPartyNotices.txt": "ThirdPartyNotices.txt",
}
with zipfile.ZipFile(wheel) as archive:
    for member, name in wanted.items():
        with archive.open(member) as source, open(f"{target}/{name}", "wb") as out:
            out.write(source.read())
PY
if ! pinned; then
  rm -f "$lib"
  echo "install-onnxruntime: the downloaded $lib does not have the expected SHA-256" >&2
  exit 1
fi
echo "install-onnxruntime: ONNX Runtime $version in $dir"

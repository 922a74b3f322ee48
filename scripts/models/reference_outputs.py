"""Writes what ONNX Runtime computes for each bundled network on a fixed input, the reference
that photorules-vision's own inference is tested against (tests/inference.rs).

Run with a Python that has `onnxruntime` and `numpy` (any recent release; the committed file
was made with onnxruntime 1.32.0):

    python scripts/models/reference_outputs.py > crates/photorules-vision/tests/fixtures/reference_outputs.json

The input is the same formula the test builds: value i of the flattened 1 × 3 × S × S tensor
is ((i · 7919) mod 255) / 255; for the blendshape network, 146 points built as
`blendshape_points` says.
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime

MODELS = Path(__file__).resolve().parents[2] / "crates" / "photorules-vision" / "models"
NETWORKS = [
    ("face_landmark.onnx", 192),
    ("iris_landmark.onnx", 64),
    ("face_detection_back.onnx", 256),
    ("face_landmarker_mesh.onnx", 256),
]


def reference(file: str, size: int) -> dict:
    count = 3 * size * size
    data = (np.arange(count, dtype=np.int64) * 7919 % 255).astype(np.float32) / np.float32(255)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(MODELS / file), options, providers=["CPUExecutionProvider"]
    )
    name = session.get_inputs()[0].name
    outputs = session.run(None, {name: data.reshape(1, 3, size, size)})
    return {
        "size": size,
        "outputs": {
            out.name: [float(v) for v in value.ravel()]
            for out, value in zip(session.get_outputs(), outputs)
        },
    }


def blendshape_points() -> np.ndarray:
    """The blendshape network's fixed input: 146 points, point i at
    (((i · 7919) mod 251) + 40, ((i · 104729) mod 241) + 60) pixels."""
    i = np.arange(146, dtype=np.int64)
    return np.stack([(i * 7919 % 251) + 40, (i * 104729 % 241) + 60], axis=1).astype(np.float32)


def blendshape_reference() -> dict:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(MODELS / "face_blendshapes.onnx"), options, providers=["CPUExecutionProvider"]
    )
    scores = session.run(None, {"input_points": blendshape_points()[None]})[0]
    return {"scores": [float(v) for v in scores.ravel()]}


def main() -> None:
    document = {
        "made_with": f"onnxruntime {onnxruntime.__version__}, CPU, one thread",
        "networks": {file: reference(file, size) for file, size in NETWORKS},
        "blendshapes": blendshape_reference(),
    }
    json.dump(document, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

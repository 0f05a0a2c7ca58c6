#!/usr/bin/env python3
"""Independent references for the end-to-end tests in test/Sim/e2e-*.mlir.

The tests compile hand-written accel IR (accel-opt --accel-tile
--accel-plan-memory), emit a program (accel-translate --accel-to-bin), run it
in accel-sim and compare the simulator's output with what this script
computes *from the original layer*: PyTorch for f32 (conv2d,
conv_transpose2d, add), exact numpy integer arithmetic for int8.

Weights are read from the test's own .mlir file: every line of the form
    %NAME = arith.constant dense<LITERAL> : tensor<AxBx...xTYPE>
defines constant NAME (a nested-list or splat literal). A test may declare a
constant it does not compute with (e.g. the full transposed-conv kernel
next to its hand-split phases) just for the reference.

Usage:
  e2e_reference.py make-input SHAPE DTYPE SEED OUT.npy
  e2e_reference.py constant NAME SHAPE DTYPE SEED      (prints an MLIR line)
  e2e_reference.py check CASE TEST.mlir OUT.npy INPUT.npy...
"""

import json
import sys

import numpy as np

from accel_tools import mlir_text, reference
from accel_tools.metrics import peak_rel_error

F32_TOLERANCE = 1e-5


def parse_shape(text):
    return [int(d) for d in text.split("x") if d]


def random_array(shape, dtype, seed):
    rng = np.random.RandomState(seed)
    if dtype == "f32":
        return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)
    if dtype == "i8":
        return rng.randint(-128, 128, size=shape).astype(np.int8)
    if dtype == "i32":
        return rng.randint(-2000, 2000, size=shape).astype(np.int32)
    raise SystemExit("unknown dtype " + dtype)


def load_constants(path):
    """{NAME: array} of every `%NAME = arith.constant dense<...> : tensor<...>` op of the
    test file (comment lines skipped), read with accel_tools.mlir_text."""
    constants = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if line.lstrip().startswith("//"):
                continue
            op = mlir_text.parse_op(line.rstrip("\n"), number)
            if (op is not None and op.name == "arith.constant" and op.results
                    and op.body.startswith("dense<")):
                constants[op.results[0]] = mlir_text.dense_value(op.body + " : " + op.types)
    return constants


def compare_f32(actual, expected):
    expected = np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise SystemExit("shape mismatch: simulator %s, reference %s" %
                         (actual.shape, expected.shape))
    error = peak_rel_error(actual, expected)
    print("max relative error %.3g (tolerance %g)" % (error, F32_TOLERANCE))
    if not error <= F32_TOLERANCE:
        raise SystemExit("MISMATCH: relative error %g > %g" %
                         (error, F32_TOLERANCE))


def compare_exact(actual, expected):
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        raise SystemExit("mismatch: simulator %s %s, reference %s %s" %
                         (actual.shape, actual.dtype, expected.shape,
                          expected.dtype))
    wrong = int((actual != expected).sum())
    print("exact match: %d of %d elements differ" % (wrong, actual.size))
    if wrong:
        raise SystemExit("MISMATCH")


def torch_conv(x_nhwc, w_ohwi, bias, stride, pad, dilation=(1, 1)):
    return reference.conv2d_torch(x_nhwc, w_ohwi, bias, stride, pad, dilation)


def torch_conv_transpose(x_nhwc, w_iohw, bias, stride, padding,
                         output_padding=(0, 0)):
    """PyTorch conv_transpose2d(padding, output_padding) of a kernel stored in
    PyTorch's [Cin][Cout][KH][KW] layout."""
    out_pad = (-padding[0], -padding[0] + output_padding[0],
               -padding[1], -padding[1] + output_padding[1])
    return reference.transpose_conv2d_torch(
        x_nhwc, np.asarray(w_iohw).transpose(1, 2, 3, 0), bias, stride, out_pad,
        padding=padding, output_padding=output_padding)


# --- The cases ------------------------------------------------------------------

def case_conv(c, inputs):
    # e2e-conv.mlir: 3x3 stride 2, pad (1, 0, 1, 0), dilation 1, bias, clamp.
    y = torch_conv(inputs[0], c["w"], c["b"], (2, 2), (1, 0, 1, 0))
    return np.clip(y, -0.5, 0.75)


def case_split_deconv(c, inputs):
    # e2e-split-deconv.mlir: conv_transpose2d k=2 s=3 (K < S: five phases
    # are bias only), relu, from the *unsplit* kernel w_full [Cin][Cout][2][2].
    y = torch_conv_transpose(inputs[0], c["w_full"], c["b"], (3, 3), (0, 0))
    return np.maximum(y, 0.0)


def case_split_deconv_k4(c, inputs):
    # e2e-split-deconv-k4.mlir: conv_transpose2d k=4 s=2 p=1, four 2x2 phases
    # from the unsplit kernel w_full [Cin][Cout][4][4], no activation.
    return torch_conv_transpose(inputs[0], c["w_full"], c["b"], (2, 2), (1, 1))


def case_zero_insert_deconv(c, inputs):
    # e2e-zero-insert.mlir: conv_transpose2d k=3 s=2 p=1 op=1 via zero_insert
    # and a stride-1 conv with the flipped kernel; reference from w_full.
    return torch_conv_transpose(inputs[0], c["w_full"], c["b"], (2, 2), (1, 1),
                                (1, 1))


def case_residual_add(c, inputs):
    # e2e-add.mlir: relu(conv3x3(x) + x).
    y = torch_conv(inputs[0], c["w"], c["b"], (1, 1), (1, 1, 1, 1))
    return np.maximum(y + inputs[0].astype(np.float64), 0.0)


def case_concat(c, inputs):
    # e2e-concat.mlir: concat(conv1x1(x), x, conv3x3(x)) along channels.
    a = torch_conv(inputs[0], c["w1"], c["b1"], (1, 1), (0, 0, 0, 0))
    b = torch_conv(inputs[0], c["w3"], c["b3"], (1, 1), (1, 1, 1, 1))
    return np.concatenate([a, inputs[0].astype(np.float64), b], axis=3)


def case_conv_i8(c, inputs):
    # e2e-conv-i8.mlir: int8 3x3 stride 1 pad 1, input_zp=-3, weight_zp=2,
    # i32 bias, requantize (multiplier 1518500250, shift 40), output_zp=5, relu.
    # Exact integer reference in numpy (no PyTorch).
    acc = reference.conv2d(inputs[0], c["w"], c["b"].astype(np.int64), (1, 1), (1, 1, 1, 1),
                           input_zp=-3, weight_zp=2)
    q = reference.requantize(acc, 1518500250, 40, 5, relu=True)  # relu: quantized domain
    return q.astype(np.int8)


def case_stacked(c, inputs):
    # e2e-stacked.mlir: conv3x3 pad 1 with 2x2x2 channels, then the stacked
    # depth_to_space (block 2x2, origins (-1, 0) per axis, cropped to 7x7),
    # implemented here directly from the op's definition.
    s = torch_conv(inputs[0], c["w"], c["b"], (1, 1), (1, 1, 1, 1))
    return reference.depth_to_space(np.split(s, 4, axis=3), (2, 2), (-1, 0), (-1, 0),
                                    (1, 7, 7, 2))


CASES = {
    "stacked": (case_stacked, compare_f32),
    "conv": (case_conv, compare_f32),
    "split-deconv": (case_split_deconv, compare_f32),
    "split-deconv-k4": (case_split_deconv_k4, compare_f32),
    "zero-insert-deconv": (case_zero_insert_deconv, compare_f32),
    "residual-add": (case_residual_add, compare_f32),
    "concat": (case_concat, compare_f32),
    "conv-i8": (case_conv_i8, compare_exact),
}


def main(argv):
    if len(argv) >= 5 and argv[0] == "make-input":
        shape, dtype, seed, out = argv[1:5]
        np.save(out, random_array(parse_shape(shape), dtype, int(seed)))
        return
    if len(argv) >= 5 and argv[0] == "constant":
        name, shape, dtype, seed = argv[1:5]
        dims = parse_shape(shape)
        value = random_array(dims, dtype, int(seed))
        if dtype == "f32":
            literal = json.dumps([float("%.6g" % v) for v in value.ravel()])
            literal = json.dumps(np.array(json.loads(literal)).reshape(dims)
                                 .tolist())
        else:
            literal = json.dumps(value.tolist())
        print("%%%s = arith.constant dense<%s> : tensor<%sx%s>" %
              (name, literal, shape, dtype))
        return
    if len(argv) >= 5 and argv[0] == "check":
        case, mlir, out = argv[1:4]
        if case not in CASES:
            raise SystemExit("unknown case " + case)
        inputs = [np.load(path) for path in argv[4:]]
        compute, compare = CASES[case]
        expected = compute(load_constants(mlir), inputs)
        compare(np.load(out), expected)
        return
    raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

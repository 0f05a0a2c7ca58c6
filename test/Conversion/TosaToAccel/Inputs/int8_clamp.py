#!/usr/bin/env python3
"""int8 requantization and clamp through the whole flow, against numpy.

  int8_clamp.py make KIND SEED DIR   writes DIR/layer.mlir, DIR/x.npy, DIR/ref.npy
  int8_clamp.py check DIR            compares DIR/y.npy (accel-sim) with DIR/ref.npy

KIND (all int8 with zero points and an i32 bias, then tosa.rescale to i8):
  conv-out    tosa.conv2d -> rescale -> tosa.clamp on the i8 result
  tconv-out   tosa.transpose_conv2d (stride 4, kernel 3: a split has
              bias-only phases, whose fills are requantized and clamped
              too) -> rescale -> clamp on i8
  tconv-acc   transpose_conv2d -> clamp on the i32 accumulators -> rescale

The reference is TOSA's semantics in numpy int64, written from the TOSA
specification, not from accel: acc = sum((x - x_zp) * (w - w_zp)) + bias;
rescale (SINGLE_ROUND, scale32): ((acc * M + 2^(shift-1)) >> shift) + out_zp,
saturated to i8; clamp where the graph has it. `make` also checks that
the bounds matter: reading the clamp in the other domain (output-domain
bounds applied to the accumulators, or accumulator bounds to the i8 result)
gives a different result, so the test tells the two semantics apart. The
convolutions and the rescale are accel_tools.reference's (int64, exact).
"""
import os
import sys

import numpy as np

from accel_tools import reference


def rescale(acc, mult, shift, out_zp):
    return reference.requantize(acc, mult, shift, out_zp)


def tensor(shape, elem):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), elem)


def dense(a):
    return "dense<%s>" % np.array2string(a, separator=", ", threshold=1 << 30).replace("\n", "")


def make(kind, seed, out_dir):
    rng = np.random.RandomState(seed)
    c, oc = 3, 4
    x = rng.randint(-128, 128, size=(1, 4, 5, c)).astype(np.int8)
    w = rng.randint(-128, 128, size=(oc, 3, 3, c)).astype(np.int8)
    b = rng.randint(-3000, 3000, size=(oc,)).astype(np.int32)
    xzp, wzp = 7, -3
    mult, shift, out_zp = 1 << 30, 39, -9  # acc / 512, then + out_zp
    stride = 4
    if kind == "conv-out":
        acc = reference.conv2d(x, w, b, pad=(1, 1, 1, 1), input_zp=xzp, weight_zp=wzp)
    else:
        acc = reference.transpose_conv2d(x, w, b, (stride, stride), input_zp=xzp,
                                         weight_zp=wzp)
    q = rescale(acc, mult, shift, out_zp)
    if kind == "tconv-acc":
        lo, hi = -2000, 3000  # accumulator domain
        ref = rescale(np.clip(acc, lo, hi), mult, shift, out_zp)
        other = np.clip(q, max(lo, -128), min(hi, 127))
    else:
        lo, hi = -20, 30  # i8 domain
        ref = np.clip(q, lo, hi)
        other = rescale(np.clip(acc, lo, hi), mult, shift, out_zp)
    assert not np.array_equal(ref, other), "the two clamp domains agree here"
    assert np.any(ref == lo if kind != "tconv-acc" else ref != q), "clamp inactive"

    xt, wt = tensor(x.shape, "i8"), tensor(w.shape, "i8")
    at, qt = tensor(acc.shape, "i32"), tensor(acc.shape, "i8")
    bt = tensor(b.shape, "i32")
    lines = [
        'func.func @layer(%%x: %s {accel.name = "x"}) -> (%s {accel.name = "y"}) {' % (xt, qt),
        '  %%w = "tosa.const"() <{values = %s : %s}> : () -> %s' % (dense(w), wt, wt),
        '  %%b = "tosa.const"() <{values = %s : %s}> : () -> %s' % (dense(b), bt, bt),
        '  %%xzp = "tosa.const"() <{values = dense<%d> : tensor<1xi8>}> : () -> tensor<1xi8>' % xzp,
        '  %%wzp = "tosa.const"() <{values = dense<%d> : tensor<1xi8>}> : () -> tensor<1xi8>' % wzp,
        '  %%m = "tosa.const"() <{values = dense<%d> : tensor<1xi32>}> : () -> tensor<1xi32>' % mult,
        '  %%s = "tosa.const"() <{values = dense<%d> : tensor<1xi8>}> : () -> tensor<1xi8>' % shift,
        '  %izp = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>',
        '  %%ozp = "tosa.const"() <{values = dense<%d> : tensor<1xi8>}> : () -> tensor<1xi8>' % out_zp,
    ]
    operands = "(%s, %s, %s, tensor<1xi8>, tensor<1xi8>) -> %s" % (xt, wt, bt, at)
    if kind == "conv-out":
        lines.append("  %%acc = tosa.conv2d %%x, %%w, %%b, %%xzp, %%wzp {acc_type = i32, "
                     "dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, "
                     "stride = array<i64: 1, 1>} : %s" % operands)
    else:
        lines.append("  %%acc = tosa.transpose_conv2d %%x, %%w, %%b, %%xzp, %%wzp {acc_type = i32, "
                     "out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: %d, %d>} : %s"
                     % (stride, stride, operands))
    rescale_attrs = ("{input_unsigned = false, output_unsigned = false, per_channel = false, "
                     "rounding_mode = SINGLE_ROUND, scale32 = true}")
    if kind == "tconv-acc":
        lines.append("  %%c = tosa.clamp %%acc {max_val = %d : i32, min_val = %d : i32} : (%s) -> %s"
                     % (hi, lo, at, at))
        lines.append("  %%y = tosa.rescale %%c, %%m, %%s, %%izp, %%ozp %s : (%s, tensor<1xi32>, "
                     "tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> %s" % (rescale_attrs, at, qt))
    else:
        lines.append("  %%q = tosa.rescale %%acc, %%m, %%s, %%izp, %%ozp %s : (%s, tensor<1xi32>, "
                     "tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> %s" % (rescale_attrs, at, qt))
        lines.append("  %%y = tosa.clamp %%q {max_val = %d : i8, min_val = %d : i8} : (%s) -> %s"
                     % (hi, lo, qt, qt))
    lines += ["  return %%y : %s" % qt, "}"]
    with open(os.path.join(out_dir, "layer.mlir"), "w") as f:
        f.write("\n".join(lines) + "\n")
    np.save(os.path.join(out_dir, "x.npy"), x)
    np.save(os.path.join(out_dir, "ref.npy"), ref.astype(np.int8))


def check(out_dir):
    got = np.load(os.path.join(out_dir, "y.npy"))
    ref = np.load(os.path.join(out_dir, "ref.npy"))
    if got.dtype != np.int8 or got.shape != ref.shape:
        print("FAIL: got %s %s, expected %s int8" % (got.dtype, got.shape, ref.shape))
        return 1
    bad = int(np.count_nonzero(got != ref))
    print("elements %d, mismatches %d" % (ref.size, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(check(sys.argv[2]))

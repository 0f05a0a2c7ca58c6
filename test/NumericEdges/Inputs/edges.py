"""Numeric-edge inputs and references for test/NumericEdges.

usage:
  edges.py input SHAPE KIND OUT.npy
      f32 inputs: KIND = nan-inf (random values with NaN, +inf, -inf sprinkled
      in), huge (1e38..3.4e38, so sums overflow to inf), tiny (subnormals
      and +-1e-30), ones; i8 inputs: KIND = i8-extreme (only -128 and 127).
  edges.py check-conv X W B Y STRIDE PAD ACT
      f32 conv (accel-conv-gen) against PyTorch conv2d + bias, then the
      activation, in float32: NaN positions must be identical, infinities identical with
      sign, finite values within 1e-4 relative (plus an absolute floor of
      1e-30 for the tiny values).
  edges.py check-requant X W B Y IN_ZP W_ZP OUT_ZP MULT SHIFT ACT
      int8 conv: exact reference (int64 accumulators, requantization in Python
      integers: no int64 overflow), prints the number of outputs that saturated at -128 and 127.
  edges.py make-deconv KIND SEED IH IW C K S OUTPAD OC MLIR X.npy W.npy B.npy
      a f32 tosa.transpose_conv2d module with constant weights, and its input
      of the given KIND.
  edges.py check-deconv X W B Y S OUTPAD
      the transposed conv against torch.nn.functional.conv_transpose2d, with
      the same NaN / inf rules as check-conv.
"""
import sys

import numpy as np

from accel_tools import reference


def load(path):
    return np.load(path)


def make_input(shape, kind, out):
    dims = [int(d) for d in shape.split("x")]
    rng = np.random.RandomState(7)
    if kind == "i8-extreme":
        data = rng.choice([-128, 127], dims).astype(np.int8)
    elif kind == "nan-inf":
        data = rng.uniform(-1, 1, dims).astype(np.float32)
        flat = data.reshape(-1)
        n = flat.size
        for value, count in ((np.nan, max(1, n // 40)), (np.inf, max(1, n // 40)),
                             (-np.inf, max(1, n // 40))):
            flat[rng.choice(n, count, replace=False)] = value
    elif kind == "huge":
        data = rng.uniform(1e38, 3.4e38, dims).astype(np.float32)
    elif kind == "tiny":
        data = (rng.choice([-1, 1], dims) *
                rng.choice([1e-45, 1e-40, 1e-38, 1e-30], dims)).astype(np.float32)
    elif kind == "ones":
        data = np.ones(dims, np.float32)
    else:
        raise SystemExit("unknown kind " + kind)
    np.save(out, data)


def compare(got, ref):
    """Prints a one-line verdict; NaN and inf must match exactly."""
    assert got.shape == ref.shape, (got.shape, ref.shape)
    nan_got, nan_ref = np.isnan(got), np.isnan(ref)
    inf_got, inf_ref = np.isinf(got), np.isinf(ref)
    bad_nan = int(np.sum(nan_got != nan_ref))
    bad_inf = int(np.sum((inf_got != inf_ref) |
                         (inf_ref & (np.sign(got) != np.sign(ref)))))
    finite = ~(nan_ref | inf_ref | nan_got | inf_got)
    diff = np.abs(got[finite].astype(np.float64) - ref[finite])
    tol = 1e-4 * np.abs(ref[finite]) + 1e-30
    bad_finite = int(np.sum(diff > tol))
    print("nan %d inf %d finite %d; mismatches: nan %d inf %d finite %d" %
          (int(nan_ref.sum()), int(inf_ref.sum()), int(finite.sum()), bad_nan,
           bad_inf, bad_finite))
    return bad_nan + bad_inf + bad_finite == 0


def check_conv(x, w, b, y, stride, pad, act):
    x, w, b, got = load(x), load(w), load(b), load(y)
    s = [int(v) for v in stride.split("x")]
    p = [int(v) for v in pad.split(",")]
    ref = reference.conv2d_torch(x, w, b, s, p, dtype=np.float32)
    ref = reference.activation(ref, act)
    ok = compare(got, ref)
    sys.exit(0 if ok else 1)


def check_requant(x, w, b, y, in_zp, w_zp, out_zp, mult, shift, act):
    acc = reference.conv2d(load(x), load(w), load(b).astype(np.int64),
                           input_zp=int(in_zp), weight_zp=int(w_zp))
    q = reference.requantize(acc, int(mult), int(shift), int(out_zp), relu=act == "relu")
    got = load(y).astype(np.int64)
    assert got.shape == q.shape, (got.shape, q.shape)
    low, high = int(np.sum(q == -128)), int(np.sum(q == 127))
    mismatches = int(np.sum(q != got))
    print("saturated low %d high %d of %d; mismatches %d" %
          (low, high, got.size, mismatches))
    sys.exit(0 if mismatches == 0 else 1)


def make_deconv(kind, seed, ih, iw, c, k, s, outpad, oc, mlir, xpath, wpath,
                bpath):
    rng = np.random.RandomState(int(seed))
    ih, iw, c, k, s, oc = (int(v) for v in (ih, iw, c, k, s, oc))
    pads = [int(v) for v in outpad.split(",")]
    make_input("1x%dx%dx%d" % (ih, iw, c), kind, xpath)
    w = rng.uniform(-1, 1, (oc, k, k, c)).astype(np.float32)
    b = rng.uniform(-1, 1, (oc,)).astype(np.float32)
    np.save(wpath, w)
    np.save(bpath, b)
    oh = (ih - 1) * s + pads[0] + pads[1] + k
    ow = (iw - 1) * s + pads[2] + pads[3] + k

    def dense(a):
        return "dense<\"0x%s\">" % a.astype("<f4").tobytes().hex().upper()

    xt = "tensor<1x%dx%dx%dxf32>" % (ih, iw, c)
    wt = "tensor<%dx%dx%dx%dxf32>" % (oc, k, k, c)
    bt = "tensor<%dxf32>" % oc
    yt = "tensor<1x%dx%dx%dxf32>" % (oh, ow, oc)
    zt = "tensor<1xf32>"
    text = f"""func.func @deconv(%x: {xt} {{accel.name = "x"}}) -> ({yt} {{accel.name = "y"}}) {{
  %w = "tosa.const"() <{{values = {dense(w)} : {wt}}}> : () -> {wt}
  %b = "tosa.const"() <{{values = {dense(b)} : {bt}}}> : () -> {bt}
  %zp = "tosa.const"() <{{values = dense<0.0> : {zt}}}> : () -> {zt}
  %y = tosa.transpose_conv2d %x, %w, %b, %zp, %zp {{acc_type = f32, out_pad = array<i64: {pads[0]}, {pads[1]}, {pads[2]}, {pads[3]}>, stride = array<i64: {s}, {s}>}} : ({xt}, {wt}, {bt}, {zt}, {zt}) -> {yt}
  return %y : {yt}
}}
"""
    with open(mlir, "w") as f:
        f.write(text)


def check_deconv(x, w, b, y, s, outpad):
    """TOSA out_pad (top, bottom, left, right) on conv_transpose2d: the full
    transposed conv (padding 0), then crop negative pads / extend positive
    pads with outputs no tap reaches (bias only)."""
    x, w, b, got = load(x), load(w), load(b), load(y)
    s = int(s)
    pads = [int(v) for v in outpad.split(",")]
    ref = reference.transpose_conv2d_torch(x, w, b, (s, s), pads, dtype=np.float32)
    ok = compare(got, ref)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"input": make_input, "check-conv": check_conv,
     "check-requant": check_requant, "make-deconv": make_deconv,
     "check-deconv": check_deconv}[command](*args)

"""Numeric-edge inputs and references for test/NumericEdges.

usage:
  edges.py input SHAPE KIND OUT.npy
      f32 inputs: KIND = nan-inf (random values with NaN, +inf, -inf sprinkled
      in), huge (1e38..3.4e38, so sums overflow to inf), tiny (subnormals
      and +-1e-30), ones; i8 inputs: KIND = i8-extreme (only -128 and 127).
  edges.py check-conv X W B Y STRIDE PAD ACT
      f32 conv (accel-conv-gen) against PyTorch conv2d + bias + activation in
      float32: NaN positions must be identical, infinities identical with
      sign, finite values within 1e-4 relative (plus an absolute floor of
      1e-30 for the tiny values).
  edges.py check-requant X W B Y IN_ZP W_ZP OUT_ZP MULT SHIFT ACT
      int8 conv: exact reference with Python integers (no int64 overflow),
      prints the number of outputs that saturated at -128 and 127.
  edges.py make-deconv KIND SEED IH IW C K S OUTPAD OC MLIR X.npy W.npy B.npy
      a f32 tosa.transpose_conv2d module with constant weights, and its input
      of the given KIND.
  edges.py check-deconv X W B Y S OUTPAD
      the transposed conv against torch.nn.functional.conv_transpose2d, with
      the same NaN / inf rules as check-conv.
"""
import sys

import numpy as np


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


def activate(torch, y, act):
    if act == "relu":
        return torch.relu(y)
    if act == "clamp":
        return torch.clamp(y, 0.0, 6.0)
    if act == "leaky_relu":
        return torch.nn.functional.leaky_relu(y, 0.125)
    if act == "tanh":
        return torch.tanh(y)
    if act == "sigmoid":
        return torch.sigmoid(y)
    return y


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
    import torch
    import torch.nn.functional as F

    x, w, b, got = load(x), load(w), load(b), load(y)
    s = [int(v) for v in stride.split("x")]
    p = [int(v) for v in pad.split(",")]
    xt = torch.from_numpy(x).permute(0, 3, 1, 2)
    xt = F.pad(xt, (p[2], p[3], p[0], p[1]))
    wt = torch.from_numpy(w).permute(0, 3, 1, 2)
    ref = F.conv2d(xt, wt, torch.from_numpy(b), stride=s)
    ref = activate(torch, ref, act).permute(0, 2, 3, 1).numpy()
    ok = compare(got, ref)
    sys.exit(0 if ok else 1)


def check_requant(x, w, b, y, in_zp, w_zp, out_zp, mult, shift, act):
    x = load(x).astype(np.int64) - int(in_zp)
    w = load(w).astype(np.int64) - int(w_zp)
    b = load(b).astype(np.int64)
    got = load(y).astype(np.int64)
    n, h, wd, c = x.shape
    oc, kh, kw, _ = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    mult, shift, out_zp = int(mult), int(shift), int(out_zp)
    mismatches = low = high = 0
    for bi in range(n):
        for oy in range(oh):
            for ox in range(ow):
                patch = x[bi, oy:oy + kh, ox:ox + kw, :]
                for k in range(oc):
                    acc = int(np.sum(patch * w[k])) + int(b[k])
                    v = acc * mult
                    if shift > 0:
                        v = (v + (1 << (shift - 1))) >> shift
                    v += out_zp
                    if act == "relu":
                        v = max(v, out_zp)
                    q = min(max(v, -128), 127)
                    low += q == -128
                    high += q == 127
                    mismatches += q != int(got[bi, oy, ox, k])
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
    import torch
    import torch.nn.functional as F

    x, w, b, got = load(x), load(w), load(b), load(y)
    s = int(s)
    top, bottom, left, right = (int(v) for v in outpad.split(","))
    xt = torch.from_numpy(x).permute(0, 3, 1, 2)
    wt = torch.from_numpy(w).permute(3, 0, 1, 2)  # OHWI -> (I, O, H, W)
    full = F.conv_transpose2d(xt, wt, None, stride=s)
    full = full.permute(0, 2, 3, 1).numpy()  # NHWC, (IH-1)*s + K
    n, fh, fw, oc = full.shape
    oh, ow = fh + top + bottom, fw + left + right
    ref = np.zeros((n, oh, ow, oc), np.float32)
    for oy in range(oh):
        fy = oy - top
        if not 0 <= fy < fh:
            continue
        for ox in range(ow):
            fx = ox - left
            if 0 <= fx < fw:
                ref[:, oy, ox, :] = full[:, fy, fx, :]
    ref = ref + b
    ok = compare(got, ref)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"input": make_input, "check-conv": check_conv,
     "check-requant": check_requant, "make-deconv": make_deconv,
     "check-deconv": check_deconv}[command](*args)

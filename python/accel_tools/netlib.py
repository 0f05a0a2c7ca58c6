"""Benchmark-network library: one declarative spec → shapes, seeded parameters, TOSA MLIR,
PyTorch model, seeded inputs.

A network spec (see accel_tools.specs) is a dict:

    {"name": "dcgan", "title": ..., "source": ..., "seed": 1, "preset": "ci",
     "input": {"kind": "latent" | "image", "shape": [1, C] or [1, H, W, C], "dist": ...},
     "layers": [ {"name": ..., "op": "fc" | "conv" | "deconv" | "add" | "concat", ...}, ... ]}

Layer fields (all sizes in elements; every layer reads the previous layer unless `inputs`
names other layers or "input"):
  fc      out=(H, W, C); bias; bn None|"channel"|"feature"; act
  conv    out_ch, kernel=(KH, KW), stride=(SH, SW), pad=(top, bottom, left, right) as PyTorch
          declares it (floor semantics), bias, bn, act; emitted with the exact padding TOSA
          requires (`tosa_pad`: the never-read remainder rows trimmed from bottom/right)
  deconv  out_ch, kernel, stride, out_pad=(top, bottom, left, right) as TOSA's
          transpose_conv2d (PyTorch padding p / output_padding op ≡ (-p, -p+op) per axis),
          bias, bn, act
  add     inputs=[a, b], act          (residual)
  concat  inputs=[a, b, ...]          (channel concat, NHWC axis 3)
  act     None | "relu" | ("lrelu", alpha) | "tanh" | "sigmoid"
  bn      BatchNorm after the layer (eval mode, running statistics): per channel ("channel",
          True) or, for fc only, per output feature before the reshape ("feature")
  source  where the layer's shape comes from (paper, official code, section)

Parameters are generated from the spec's seed in layer order (numpy default_rng): weights
N(0, 1)·gain/√fan_in (He gain √2 before ReLU-like activations, fan_in of a transposed conv =
C_in·K_h·K_w/(S_h·S_w)), biases U(-0.1, 0.1), BN γ ~ U(0.8, 1.2) and β ~ U(-0.2, 0.2). BN
running mean/variance are *calibrated*: one PyTorch pass in train mode over a small seeded
calibration batch, i.e. the statistics a trained BN layer would hold, so activations stay in a
sensible range through deep networks (the final tanh/sigmoid is not saturated and really checks
the numbers). All parameters are kept in PyTorch layouts; the TOSA side folds BN into the
preceding layer's weights and bias, the PyTorch side runs real BatchNorm, so a comparison also
checks the folding.
"""

import math
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from accel_tools import specs
from accel_tools.mlir_text import dense_attr, tensor_type

BN_EPS = 1e-5
F32_MAX = "3.40282347E+38"

# ----------------------------------------------------------------------------------------------
# Spec normalisation and shape inference
# ----------------------------------------------------------------------------------------------


def _pair(v) -> Tuple[int, int]:
    if isinstance(v, int):
        return (v, v)
    return (int(v[0]), int(v[1]))


def normalize(spec: dict) -> dict:
    """Fills defaults, resolves inputs and infers every layer's output shape (`shape`, NHWC or
    [1, C]) and input shapes (`in_shapes`). Raises ValueError on inconsistent specs."""
    shapes = {"input": tuple(spec["input"]["shape"])}
    prev = "input"
    layers = []
    for raw in spec["layers"]:
        l = dict(raw)
        name = l["name"]
        if name in shapes:
            raise ValueError("%s: duplicate layer name" % name)
        op = l["op"]
        l.setdefault("inputs", [prev])
        for i in l["inputs"]:
            if i not in shapes:
                raise ValueError("%s: unknown input %r" % (name, i))
        ins = [shapes[i] for i in l["inputs"]]
        l["in_shapes"] = ins
        l.setdefault("act", None)
        l.setdefault("bn", None)
        if l["bn"] is True:
            l["bn"] = "channel"
        l.setdefault("source", "")
        x = ins[0]
        if op == "fc":
            if len(x) != 2 or x[0] != 1:
                raise ValueError("%s: fc reads a [1, C] tensor, got %s" % (name, x))
            h, w, c = l["out"]
            l.setdefault("bias", True)
            shape = (1, h, w, c)
        elif op in ("conv", "deconv"):
            if len(x) != 4:
                raise ValueError("%s: %s reads an NHWC tensor, got %s" % (name, op, x))
            l["kernel"] = _pair(l["kernel"])
            l["stride"] = _pair(l.get("stride", 1))
            l.setdefault("bias", True)
            kh, kw = l["kernel"]
            sh, sw = l["stride"]
            if op == "conv":
                l["dilation"] = _pair(l.get("dilation", 1))
                t, b, le, r = l.setdefault("pad", (0, 0, 0, 0))
                dh, dw = l["dilation"]
                oh = (x[1] + t + b - dh * (kh - 1) - 1) // sh + 1
                ow = (x[2] + le + r - dw * (kw - 1) - 1) // sw + 1
                # TOSA (MLIR 22 verifier) wants (I - 1 + pad_begin + pad_end - (K - 1)·D)
                # divisible by the stride. PyTorch floors instead, never reading the last
                # (remainder) padded rows, so the exact TOSA padding trims them from the end.
                rh = (x[1] - 1 + t + b - dh * (kh - 1)) % sh
                rw = (x[2] - 1 + le + r - dw * (kw - 1)) % sw
                if rh > b or rw > r:
                    raise ValueError("%s: conv would drop input rows/columns (not modelled)"
                                     % name)
                l["tosa_pad"] = (t, b - rh, le, r - rw)
            else:
                t, b, le, r = l.setdefault("out_pad", (0, 0, 0, 0))
                oh = (x[1] - 1) * sh + t + b + kh
                ow = (x[2] - 1) * sw + le + r + kw
            if oh < 1 or ow < 1:
                raise ValueError("%s: empty output %dx%d" % (name, oh, ow))
            shape = (1, oh, ow, int(l["out_ch"]))
        elif op == "add":
            if len(ins) != 2 or ins[0] != ins[1]:
                raise ValueError("%s: add needs two equal shapes, got %s" % (name, ins))
            if l["bn"]:
                raise ValueError("%s: no BN after add" % name)
            shape = x
        elif op == "concat":
            if any(len(s) != 4 or s[:3] != x[:3] for s in ins):
                raise ValueError("%s: concat needs equal N, H, W, got %s" % (name, ins))
            if l["bn"] or l["act"]:
                raise ValueError("%s: concat takes no BN/activation" % name)
            shape = x[:3] + (sum(s[3] for s in ins),)
        else:
            raise ValueError("%s: unknown op %r" % (name, op))
        if l["bn"] not in (None, "channel", "feature"):
            raise ValueError("%s: bn must be None, 'channel' or 'feature'" % name)
        if l["bn"] == "feature" and op != "fc":
            raise ValueError("%s: per-feature BN only after fc" % name)
        l["shape"] = shape
        shapes[name] = shape
        layers.append(l)
        prev = name
    out = dict(spec)
    out["layers"] = layers
    out["output_shape"] = layers[-1]["shape"]
    return out


def macs(l: dict) -> int:
    """Useful multiply-accumulates of one layer (a transposed conv counts each input pixel ×
    each tap once, i.e. no zero-insertion waste)."""
    if l["op"] == "fc":
        return l["in_shapes"][0][1] * int(np.prod(l["shape"][1:]))
    if l["op"] == "conv":
        kh, kw = l["kernel"]
        return int(np.prod(l["shape"][1:])) * kh * kw * l["in_shapes"][0][3]
    if l["op"] == "deconv":
        kh, kw = l["kernel"]
        _, ih, iw, ic = l["in_shapes"][0]
        # Taps landing outside the (cropped) output are not useful work; count the ones that
        # land inside, exactly, per axis.
        def useful(i_n, k, s, top, o_n):
            return sum(1 for i in range(i_n) for t in range(k) if 0 <= i * s + top + t < o_n)
        t, _, le, _ = l["out_pad"]
        sh, sw = l["stride"]
        return (useful(ih, kh, sh, t, l["shape"][1]) * useful(iw, kw, sw, le, l["shape"][2])
                * ic * l["out_ch"])
    return 0


def param_count(l: dict) -> int:
    if l["op"] == "fc":
        f = int(np.prod(l["shape"][1:]))
        return l["in_shapes"][0][1] * f + (f if l["bias"] else 0)
    if l["op"] in ("conv", "deconv"):
        kh, kw = l["kernel"]
        return kh * kw * l["in_shapes"][0][3] * l["out_ch"] + (l["out_ch"] if l["bias"] else 0)
    return 0


def act_name(act) -> str:
    if act is None:
        return "-"
    if isinstance(act, (tuple, list)):
        return "%s(%g)" % (act[0], act[1])
    return act


def torch_padding(l: dict) -> Optional[Tuple[Tuple[int, int], Tuple[int, int]]]:
    """(padding, output_padding) if a deconv's out_pad is PyTorch-expressible, else None."""
    t, b, le, r = l["out_pad"]
    res = []
    for (lo, hi), s in (((t, b), l["stride"][0]), ((le, r), l["stride"][1])):
        p, op = -lo, hi - lo
        if p < 0 or not (0 <= op < s):
            return None
        res.append((p, op))
    return (res[0][0], res[1][0]), (res[0][1], res[1][1])


def padding_text(l: dict) -> str:
    if l["op"] == "conv":
        t, b, le, r = l["pad"]
        txt = ("p %d" % t) if t == b == le == r else "pad %s" % (tuple(l["pad"]),)
        if tuple(l["tosa_pad"]) != tuple(l["pad"]):
            txt += " (TOSA pad %s)" % ", ".join(str(v) for v in l["tosa_pad"])
        return txt
    if l["op"] == "deconv":
        tp = torch_padding(l)
        op = "out_pad %s" % ", ".join(str(v) for v in l["out_pad"])
        if tp is None:
            return op
        (p, _), (o, _) = tp
        torch_txt = "p %d" % p + (", op %d" % o if o else "")
        return "%s (%s)" % (torch_txt, op)
    return ""


# ----------------------------------------------------------------------------------------------
# Parameters
# ----------------------------------------------------------------------------------------------


def _gain(act) -> float:
    if act == "relu":
        return math.sqrt(2.0)
    if isinstance(act, (tuple, list)) and act[0] == "lrelu":
        return math.sqrt(2.0 / (1.0 + act[1] ** 2))
    return 1.0


def _bn_channels(l: dict) -> int:
    if l["bn"] == "feature":
        return int(np.prod(l["shape"][1:]))
    return l["shape"][3]


def random_params(spec: dict) -> Dict[str, Dict[str, np.ndarray]]:
    """Seeded weights/biases/BN affine in PyTorch layouts. BN running statistics start at
    mean 0, var 1 here; calibrate_bn then sets them from a seeded batch."""
    rng = np.random.default_rng(spec["seed"])
    params = {}
    for l in spec["layers"]:
        if l["op"] not in ("fc", "conv", "deconv"):
            continue
        ic = l["in_shapes"][0][-1]
        gain = _gain(l["act"]) if not l["bn"] else math.sqrt(2.0)
        if l["op"] == "fc":
            f = int(np.prod(l["shape"][1:]))
            shape, fan_in = (f, ic), ic
        elif l["op"] == "conv":
            kh, kw = l["kernel"]
            shape, fan_in = (l["out_ch"], ic, kh, kw), ic * kh * kw
        else:
            kh, kw = l["kernel"]
            sh, sw = l["stride"]
            shape, fan_in = (ic, l["out_ch"], kh, kw), max(1.0, ic * kh * kw / (sh * sw))
        p = {"weight": (rng.standard_normal(shape) * (gain / math.sqrt(fan_in))).astype(np.float32)}
        nout = shape[0] if l["op"] != "deconv" else shape[1]
        p["bias"] = (rng.uniform(-0.1, 0.1, nout).astype(np.float32) if l["bias"]
                     else np.zeros(nout, np.float32))
        if l["bn"]:
            c = _bn_channels(l)
            p["bn_gamma"] = rng.uniform(0.8, 1.2, c).astype(np.float32)
            p["bn_beta"] = rng.uniform(-0.2, 0.2, c).astype(np.float32)
            p["bn_mean"] = np.zeros(c, np.float32)
            p["bn_var"] = np.ones(c, np.float32)
        params[l["name"]] = p
    return params


def random_input(spec: dict, seed: int, batch: int = 1) -> np.ndarray:
    """A seeded input in the network's layout (NHWC image, or [N, C] latent)."""
    inp = spec["input"]
    rng = np.random.default_rng(seed)
    shape = (batch,) + tuple(inp["shape"][1:])
    dist = inp.get("dist", "uniform")
    if dist == "normal":
        x = rng.standard_normal(shape)
    else:
        x = rng.uniform(-1.0, 1.0, shape)
    if inp.get("one_hot"):
        # The last `one_hot` entries are a class label (conditional GANs): one-hot, not noise.
        k = inp["one_hot"]
        x[..., -k:] = 0.0
        x[np.arange(batch), -k + rng.integers(0, k, batch)] = 1.0
    return x.astype(np.float32)


def calibrate_bn(spec: dict, params: dict, batch: Optional[int] = None) -> dict:
    """Sets every BN's running mean/variance to the batch statistics of one seeded calibration
    batch (PyTorch float64, train mode, rounded to float32): what a trained BN would hold.
    float64 keeps the statistics, and so the weights, the same on every machine: float32
    reductions change with the thread count (GP-GAN's variances differed by 4e-6)."""
    if not any(l["bn"] for l in spec["layers"]):
        return params
    import torch
    if batch is None:
        # Enough samples per BN channel (N·H·W ≥ 16, e.g. GP-GAN's 1×1 bottleneck, SNGAN's
        # per-feature BN) for statistics that are not degenerate; at least 2 images.
        fewest = min(1 if l["bn"] == "feature" else l["shape"][1] * l["shape"][2]
                     for l in spec["layers"] if l["bn"])
        batch = max(2, -(-16 // fewest))
    x = random_input(spec, spec["seed"] + 1000, batch).astype(np.float64)
    model = TorchNet(spec, params, dtype=torch.float64)
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            m.reset_running_stats()
            m.momentum = None          # cumulative average: one batch → its statistics
    model.train()
    with torch.no_grad():
        model(torch.from_numpy(x))
    for l in spec["layers"]:
        if l["bn"]:
            bn = model.bns[l["name"]]
            params[l["name"]]["bn_mean"] = bn.running_mean.numpy().astype(np.float32)
            params[l["name"]]["bn_var"] = np.maximum(bn.running_var.numpy(), 1e-3).astype(
                np.float32)
    return params


def build_params(spec: dict) -> dict:
    return calibrate_bn(spec, random_params(spec))


def save_params(params: dict, path: str) -> None:
    flat = {"%s.%s" % (ln, k): v for ln, p in params.items() for k, v in p.items()}
    np.savez(path, **flat)


def load_params(path: str) -> dict:
    params: Dict[str, Dict[str, np.ndarray]] = {}
    with np.load(path) as f:
        for key in f.files:
            ln, k = key.rsplit(".", 1)
            params.setdefault(ln, {})[k] = f[key]
    return params


# ----------------------------------------------------------------------------------------------
# TOSA emission
# ----------------------------------------------------------------------------------------------


def _fold_bn(l: dict, p: dict) -> Tuple[np.ndarray, np.ndarray]:
    """(weight, bias) in PyTorch layout with the BN folded in (float64 math, f32 result)."""
    w = p["weight"].astype(np.float64)
    b = p["bias"].astype(np.float64)
    if not l["bn"]:
        return w.astype(np.float32), b.astype(np.float32)
    scale = p["bn_gamma"].astype(np.float64) / np.sqrt(p["bn_var"].astype(np.float64) + BN_EPS)
    shift = p["bn_beta"].astype(np.float64) - p["bn_mean"].astype(np.float64) * scale
    if l["op"] == "fc":
        if l["bn"] == "channel":          # BatchNorm2d after view(N, C, H, W)
            _, h, wd, _ = l["shape"]
            scale, shift = np.repeat(scale, h * wd), np.repeat(shift, h * wd)
        w = w * scale[:, None]
    elif l["op"] == "conv":
        w = w * scale[:, None, None, None]
    else:
        w = w * scale[None, :, None, None]
    return w.astype(np.float32), (b * scale + shift).astype(np.float32)


def fc_nhwc_permutation(h: int, w: int, c: int) -> np.ndarray:
    """perm[j] = PyTorch feature index (c·H·W + h·W + w) of NHWC position j (h·W·C + w·C + c)."""
    hh, ww, cc = np.meshgrid(np.arange(h), np.arange(w), np.arange(c), indexing="ij")
    return (cc * h * w + hh * w + ww).reshape(-1)


class _Emitter:
    """Collects the function body. Every op carries a name location: computing ops the layer's
    name (`loc("deconv1")`, set through `layer` before a layer is emitted), constants their own
    SSA name (`loc("deconv1_w")`). The conversion keeps the location on the accel ops it
    creates, and the emitter names program layers and DRAM weights after it, so a simulator
    report groups per layer (`deconv1`, `deconv1#7`, ...: the part before '#')."""

    def __init__(self):
        self.lines: List[str] = []
        self.layer = "input"

    def _add(self, line: str, loc: str) -> None:
        self.lines.append('%s loc("%s")' % (line, loc))

    def const(self, name: str, arr: np.ndarray, elt: str = "f32") -> str:
        self._add('%%%s = "tosa.const"() {values = %s} : () -> %s'
                  % (name, dense_attr(arr, elt), tensor_type(arr.shape, elt)), name)
        return "%" + name

    def splat(self, name: str, value: str, shape: Sequence[int], elt: str) -> str:
        t = tensor_type(shape, elt)
        self._add('%%%s = "tosa.const"() {values = dense<%s> : %s} : () -> %s'
                  % (name, value, t, t), name)
        return "%" + name

    def shape_const(self, name: str, dims: Sequence[int]) -> str:
        self._add("%%%s = tosa.const_shape {values = dense<[%s]> : tensor<%dxindex>} : "
                  "() -> !tosa.shape<%d>" % (name, ", ".join(str(d) for d in dims),
                                             len(dims), len(dims)), name)
        return "%" + name

    def op(self, name: str, text: str) -> str:
        self._add("%%%s = %s" % (name, text), self.layer)
        return "%" + name


def _ty(shape) -> str:
    return tensor_type(shape, "f32")


def _emit_act(e: _Emitter, name: str, act, val: str, shape) -> str:
    t = _ty(shape)
    if act is None:
        return val
    if act == "relu":
        return e.op(name, "tosa.clamp %s {min_val = 0.0 : f32, max_val = %s : f32} : (%s) -> %s"
                    % (val, F32_MAX, t, t))
    if act in ("tanh", "sigmoid"):
        return e.op(name, "tosa.%s %s : (%s) -> %s" % (act, val, t, t))
    if isinstance(act, (tuple, list)) and act[0] == "lrelu":
        ones = [1] * len(shape)
        alpha = e.splat(name + "_alpha", np.format_float_positional(np.float32(act[1])), ones,
                        "f32")
        shift = e.splat(name + "_shift", "0", [1], "i8")
        scaled = e.op(name + "_scaled", "tosa.mul %s, %s, %s : (%s, %s, tensor<1xi8>) -> %s"
                      % (val, alpha, shift, t, _ty(ones), t))
        return e.op(name, "tosa.maximum %s, %s : (%s, %s) -> %s" % (val, scaled, t, t, t))
    raise ValueError("unknown activation %r" % (act,))


def emit_tosa(spec: dict, params: dict, func_name: Optional[str] = None) -> str:
    """The whole network as one `func.func @NAME(%input) -> output` of TOSA ops (MLIR 22)."""
    e = _Emitter()
    vals = {"input": "%input"}
    for l in spec["layers"]:
        n, op = l["name"], l["op"]
        e.layer = n
        ins = [vals[i] for i in l["inputs"]]
        x, xs = ins[0], l["in_shapes"][0]
        pre = n + "_pre" if l["act"] else n
        if op == "fc":
            w, b = _fold_bn(l, params[n])
            _, h, wd, c = l["shape"]
            cin, f = xs[1], h * wd * c
            perm = fc_nhwc_permutation(h, wd, c)
            s0 = e.shape_const(n + "_s0", [1, 1, cin])
            x3 = e.op(n + "_in", "tosa.reshape %s, %s : (%s, !tosa.shape<3>) -> %s"
                      % (x, s0, _ty(xs), _ty([1, 1, cin])))
            wc = e.const(n + "_w", np.ascontiguousarray(w[perm].T)[None])
            azp = e.splat(n + "_azp", "0.0", [1], "f32")
            bzp = e.splat(n + "_bzp", "0.0", [1], "f32")
            mm = e.op(n + "_mm", "tosa.matmul %s, %s, %s, %s : (%s, %s, tensor<1xf32>, "
                      "tensor<1xf32>) -> %s" % (x3, wc, azp, bzp, _ty([1, 1, cin]),
                                                _ty([1, cin, f]), _ty([1, 1, f])))
            bc = e.const(n + "_b", b[perm].reshape(1, 1, f))
            ad = e.op(n + "_add", "tosa.add %s, %s : (%s, %s) -> %s"
                      % (mm, bc, _ty([1, 1, f]), _ty([1, 1, f]), _ty([1, 1, f])))
            s1 = e.shape_const(n + "_s1", list(l["shape"]))
            y = e.op(pre, "tosa.reshape %s, %s : (%s, !tosa.shape<4>) -> %s"
                     % (ad, s1, _ty([1, 1, f]), _ty(l["shape"])))
        elif op in ("conv", "deconv"):
            w, b = _fold_bn(l, params[n])
            if op == "conv":
                wt = w.transpose(0, 2, 3, 1)                  # OIHW → OHWI
            else:
                wt = w.transpose(1, 2, 3, 0)                  # [IC, OC, KH, KW] → [OC, KH, KW, IC]
            wc = e.const(n + "_w", np.ascontiguousarray(wt))
            bc = e.const(n + "_b", b)
            izp = e.splat(n + "_izp", "0.0", [1], "f32")
            wzp = e.splat(n + "_wzp", "0.0", [1], "f32")
            types = "(%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s" % (
                _ty(xs), _ty(wt.shape), _ty(b.shape), _ty(l["shape"]))
            arr = lambda v: ", ".join(str(int(i)) for i in v)  # noqa: E731
            if op == "conv":
                y = e.op(pre, "tosa.conv2d %s, %s, %s, %s, %s {acc_type = f32, pad = array<i64: "
                         "%s>, stride = array<i64: %s>, dilation = array<i64: %s>} : %s"
                         % (x, wc, bc, izp, wzp, arr(l["tosa_pad"]), arr(l["stride"]),
                            arr(l["dilation"]), types))
            else:
                y = e.op(pre, "tosa.transpose_conv2d %s, %s, %s, %s, %s {acc_type = f32, "
                         "out_pad = array<i64: %s>, stride = array<i64: %s>} : %s"
                         % (x, wc, bc, izp, wzp, arr(l["out_pad"]), arr(l["stride"]), types))
        elif op == "add":
            t = _ty(l["shape"])
            y = e.op(pre, "tosa.add %s, %s : (%s, %s) -> %s" % (ins[0], ins[1], t, t, t))
        elif op == "concat":
            y = e.op(pre, "tosa.concat %s {axis = 3 : i32} : (%s) -> %s"
                     % (", ".join(ins), ", ".join(_ty(s) for s in l["in_shapes"]),
                        _ty(l["shape"])))
        vals[n] = _emit_act(e, n, l["act"], y, l["shape"])
    fname = func_name or spec["name"]
    out_t = _ty(spec["output_shape"])
    header = "func.func @%s(%%input: %s) -> %s {" % (fname, _ty(spec["input"]["shape"]), out_t)
    body = e.lines + ["return %s : %s" % (vals[spec["layers"][-1]["name"]], out_t)]
    return header + "\n  " + "\n  ".join(body) + "\n}\n"


def module_text(spec: dict, params: dict) -> str:
    comment = ["// %s — generated by benchmarks/networks/gen_tosa.py (preset %s, seed %d)."
               % (spec["title"], spec["preset"], spec["seed"]),
               "// Source: %s" % spec["source"],
               "// Input %s, output %s; %d layers, %.1f M parameters, %.1f M MACs."
               % (_ty(spec["input"]["shape"]), _ty(spec["output_shape"]), len(spec["layers"]),
                  sum(param_count(l) for l in spec["layers"]) / 1e6,
                  sum(macs(l) for l in spec["layers"]) / 1e6)]
    return "\n".join(comment) + "\n" + emit_tosa(spec, params)


# ----------------------------------------------------------------------------------------------
# PyTorch model (NCHW, real BatchNorm)
# ----------------------------------------------------------------------------------------------


def _torch():
    import torch
    return torch


def TorchNet(spec: dict, params: dict, dtype=None, nchw: bool = False):
    """The PyTorch model (an nn.Module; classes are defined here so that importing netlib does
    not need torch). Its interface is the TOSA function's (NHWC image or [N, C] latent in, NHWC
    out) or, with nchw=True, PyTorch's own (NCHW image in, NCHW out: what export_onnx
    exports)."""
    torch = _torch()
    nn = torch.nn
    F = torch.nn.functional
    dtype = dtype or torch.float32

    class Deconv(nn.Module):
        """ConvTranspose2d with TOSA's out_pad: PyTorch padding/output_padding when expressible,
        otherwise padding 0 and an exact crop (negative pad) / zero extension, then the bias
        (TOSA: oy = iy·s + out_pad_top + ky)."""

        def __init__(self, l):
            super().__init__()
            ic, oc = l["in_shapes"][0][3], l["out_ch"]
            tp = torch_padding(l)
            self.crop = None
            if tp is not None:
                self.conv = nn.ConvTranspose2d(ic, oc, l["kernel"], l["stride"], padding=tp[0],
                                               output_padding=tp[1], bias=True)
            else:
                self.conv = nn.ConvTranspose2d(ic, oc, l["kernel"], l["stride"], bias=False)
                self.bias = nn.Parameter(torch.zeros(oc))
                t, b, le, r = l["out_pad"]
                self.crop = (le, r, t, b)      # F.pad order: left, right, top, bottom

        def forward(self, x):
            y = self.conv(x)
            if self.crop is not None:
                y = F.pad(y, self.crop) + self.bias.view(1, -1, 1, 1)
            return y

    class Conv(nn.Module):
        def __init__(self, l):
            super().__init__()
            t, b, le, r = l["pad"]
            sym = t == b and le == r
            self.pad = None if sym else (le, r, t, b)
            self.conv = nn.Conv2d(l["in_shapes"][0][3], l["out_ch"], l["kernel"], l["stride"],
                                  padding=(t, le) if sym else 0, dilation=l["dilation"],
                                  bias=True)

        def forward(self, x):
            return self.conv(F.pad(x, self.pad) if self.pad else x)

    class Join(nn.Module):
        """A residual add or a channel concat as a module of its own, so that the exported
        ONNX node carries the layer's name (`/<layer>/Add`), as a module would."""

        def __init__(self, op):
            super().__init__()
            self.op = op

        def forward(self, *ins):
            return ins[0] + ins[1] if self.op == "add" else torch.cat(ins, dim=1)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.spec = spec
            self.mods = nn.ModuleDict()
            self.bns = nn.ModuleDict()
            for l in spec["layers"]:
                n, op = l["name"], l["op"]
                if op == "fc":
                    self.mods[n] = nn.Linear(l["in_shapes"][0][1], int(np.prod(l["shape"][1:])))
                elif op == "conv":
                    self.mods[n] = Conv(l)
                elif op == "deconv":
                    self.mods[n] = Deconv(l)
                else:
                    self.mods[n] = Join(op)
                if l["bn"] == "feature":
                    self.bns[n] = nn.BatchNorm1d(_bn_channels(l), eps=BN_EPS)
                elif l["bn"]:
                    self.bns[n] = nn.BatchNorm2d(_bn_channels(l), eps=BN_EPS)
            self._load(params)

        def _load(self, params):
            with torch.no_grad():
                for l in spec["layers"]:
                    n = l["name"]
                    if n not in params:
                        continue
                    p = params[n]
                    m = self.mods[n]
                    core = m if isinstance(m, nn.Linear) else m.conv
                    core.weight.copy_(torch.from_numpy(p["weight"]))
                    if isinstance(m, Deconv) and m.crop is not None:
                        m.bias.copy_(torch.from_numpy(p["bias"]))
                    else:
                        core.bias.copy_(torch.from_numpy(p["bias"]))
                    if l["bn"]:
                        bn = self.bns[n]
                        bn.weight.copy_(torch.from_numpy(p["bn_gamma"]))
                        bn.bias.copy_(torch.from_numpy(p["bn_beta"]))
                        bn.running_mean.copy_(torch.from_numpy(p["bn_mean"]))
                        bn.running_var.copy_(torch.from_numpy(p["bn_var"]))

        @staticmethod
        def _act(act, y):
            if act is None:
                return y
            if act == "relu":
                return F.relu(y)
            if act == "tanh":
                return torch.tanh(y)
            if act == "sigmoid":
                return torch.sigmoid(y)
            return F.leaky_relu(y, act[1])

        def forward(self, x):
            """x in the network's layout (NHWC image or [N, C] latent; NCHW image with
            nchw=True); returns NHWC (NCHW with nchw=True)."""
            vals = {"input": x.permute(0, 3, 1, 2) if x.dim() == 4 and not nchw else x}
            for l in spec["layers"]:
                n, op = l["name"], l["op"]
                ins = [vals[i] for i in l["inputs"]]
                if op == "fc":
                    y = self.mods[n](ins[0])
                    if l["bn"] == "feature":
                        y = self.bns[n](y)
                    _, h, w, c = l["shape"]
                    y = y.view(y.shape[0], c, h, w)
                    if l["bn"] == "channel":
                        y = self.bns[n](y)
                elif op in ("conv", "deconv"):
                    y = self.mods[n](ins[0])
                    if l["bn"]:
                        y = self.bns[n](y)
                else:
                    y = self.mods[n](*ins)
                vals[n] = self._act(l["act"], y)
            y = vals[spec["layers"][-1]["name"]]
            return y if nchw else y.permute(0, 2, 3, 1)

    return Net().to(dtype)


def export_onnx(spec: dict, params: dict, path: str, opset: int = 13) -> None:
    """Exports the network as a user would: torch.onnx.export of TorchNet in eval mode with
    PyTorch's NCHW interface, input named "input", output "output". Node names come from the
    module names (e.g. /mods/deconv1/conv/ConvTranspose)."""
    torch = _torch()
    model = TorchNet(spec, params, dtype=torch.float32, nchw=True).eval()
    shape = list(spec["input"]["shape"])
    if len(shape) == 4:                      # NHWC spec -> NCHW interface
        shape = [shape[0], shape[3], shape[1], shape[2]]
    x = torch.zeros(shape, dtype=torch.float32)
    with torch.no_grad():
        torch.onnx.export(model, (x,), path, input_names=["input"], output_names=["output"],
                          opset_version=opset, do_constant_folding=True)


def torch_forward(spec: dict, params: dict, x: np.ndarray, dtype: str = "float64",
                  nchw: bool = False) -> np.ndarray:
    """Runs the PyTorch model (eval mode, real BN) on x (network layout); NHWC result. With
    nchw=True, x and the result are NCHW (the exported ONNX model's interface)."""
    torch = _torch()
    tdt = {"float32": torch.float32, "float64": torch.float64}[dtype]
    model = TorchNet(spec, params, dtype=tdt, nchw=nchw).eval()
    with torch.no_grad():
        y = model(torch.from_numpy(np.asarray(x)).to(tdt))
    return y.numpy()


# ----------------------------------------------------------------------------------------------
# Command-line helpers shared by benchmarks/networks/ (gen_tosa.py, torch_ref.py, make_input.py,
# describe.py, check_upstream.py)
# ----------------------------------------------------------------------------------------------


def add_spec_args(ap, multiple: bool = False) -> None:
    if multiple:
        ap.add_argument("names", nargs="*", metavar="NAME",
                        help="networks (default: all of %s)" % ", ".join(specs.NAMES))
    else:
        ap.add_argument("name", metavar="NAME", choices=specs.NAMES,
                        help="one of %s" % ", ".join(specs.NAMES))
    ap.add_argument("--preset", default="ci", choices=["ci", "paper"],
                    help="layer sizes: 'ci' (default, fast) or 'paper' (original shapes)")
    ap.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE",
                    help="override one knob of the preset (e.g. image=128; see accel_tools.specs)")


def spec_from_args(a, name: Optional[str] = None) -> dict:
    overrides = {}
    for kv in a.set:
        k, sep, v = kv.partition("=")
        if not sep:
            raise SystemExit("--set expects KNOB=VALUE, got %r" % kv)
        overrides[k] = v
    try:
        return normalize(specs.get(name or a.name, a.preset, overrides))
    except (KeyError, ValueError, TypeError) as e:   # bad knob or value: a usage error
        raise SystemExit("error: %s" % (e.args[0] if e.args else e))


def input_seed(spec: dict) -> int:
    """The seed of a network's canonical test input (its weights use spec['seed'])."""
    return spec["seed"] + 100


# ----------------------------------------------------------------------------------------------
# Upsample-then-conv decoders (issue 13): PyTorch modules exported to ONNX directly
# ----------------------------------------------------------------------------------------------


def upsample_decoder(latent_channels: int = 4, channels: int = 32, blocks: int = 2,
                     out_channels: int = 3, seed: int = 1):
    """A latent-diffusion-VAE-decoder-style stack, scaled down: conv 3×3 (latent → channels) +
    ReLU, then `blocks` × [nearest ×2 upsampling + conv 3×3 (padding 1) + ReLU], then conv 3×3
    to `out_channels`. Source of the shape: the decoder of Rombach et al., "High-Resolution
    Image Synthesis with Latent Diffusion Models" (CVPR 2022; CompVis/latent-diffusion,
    ldm/modules/diffusionmodules/model.py: `Upsample` = F.interpolate(scale_factor=2.0,
    mode="nearest") followed by a 3×3 conv with padding 1; 4 latent channels, 3 output
    channels), without its ResNet blocks, attention and GroupNorm. Weights seeded
    (torch.manual_seed(seed), PyTorch's default init); NCHW in and out; eval mode."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional

    class UpsampleDecoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv_in = nn.Conv2d(latent_channels, channels, 3, padding=1)
            self.up = nn.ModuleList([nn.Conv2d(channels, channels, 3, padding=1)
                                     for _ in range(blocks)])
            self.conv_out = nn.Conv2d(channels, out_channels, 3, padding=1)

        def forward(self, x):
            y = F.relu(self.conv_in(x))
            for conv in self.up:
                y = F.relu(conv(F.interpolate(y, scale_factor=2.0, mode="nearest")))
            return self.conv_out(y)

    torch.manual_seed(seed)
    return UpsampleDecoder().eval()


def export_module_onnx(model, input_shape, path: str, opset: int = 13) -> None:
    """torch.onnx.export of an nn.Module with one output named "output". `input_shape` is the
    NCHW shape of its one input, named "input" (as export_onnx does for spec networks), or a
    dict {name: shape} of its inputs in forward()'s order."""
    torch = _torch()
    shapes = input_shape if isinstance(input_shape, dict) else {"input": input_shape}
    with torch.no_grad():
        torch.onnx.export(model, tuple(torch.zeros(list(s), dtype=torch.float32)
                                       for s in shapes.values()), path,
                          input_names=list(shapes), output_names=["output"],
                          opset_version=opset, do_constant_folding=True)


# ----------------------------------------------------------------------------------------------
# 1-D vocoders (issue 13): PyTorch modules exported to ONNX directly
# ----------------------------------------------------------------------------------------------


def hifigan_generator(width: int = 512, mels: int = 80, seed: int = 1):
    """HiFi-GAN V1 generator (Kong et al., NeurIPS 2020; jik876/hifi-gan, models.py
    `Generator` with config_v1.json): conv_pre Conv1d(mels, width, 7, padding 3); four
    ConvTranspose1d with upsample rates 8, 8, 2, 2, kernels 16, 16, 4, 4, padding (k − u)/2,
    channels width → width/2 → … → width/16; after each, the multi-receptive-field fusion: the
    mean of three ResBlock1 (kernels 3, 7, 11, dilations 1, 3, 5; leaky ReLU 0.1, dilated Conv1d,
    leaky ReLU 0.1, Conv1d, residual add); leaky ReLU (0.01), conv_post Conv1d(width/16, 1, 7,
    padding 3), tanh. `width` 512 is V1; smaller values scale every channel count (for CI).
    Weight norm is folded away, as for inference. Seeded with torch.manual_seed(seed)."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional

    class ResBlock1(nn.Module):
        def __init__(self, ch, k, dilations):
            super().__init__()
            self.convs1 = nn.ModuleList([nn.Conv1d(ch, ch, k, dilation=d,
                                                   padding=(k * d - d) // 2) for d in dilations])
            self.convs2 = nn.ModuleList([nn.Conv1d(ch, ch, k, padding=(k - 1) // 2)
                                         for _ in dilations])

        def forward(self, x):
            for c1, c2 in zip(self.convs1, self.convs2):
                xt = c2(F.leaky_relu(c1(F.leaky_relu(x, 0.1)), 0.1))
                x = xt + x
            return x

    class Generator(nn.Module):
        rates, kernels = (8, 8, 2, 2), (16, 16, 4, 4)
        res_kernels, res_dilations = (3, 7, 11), (1, 3, 5)

        def __init__(self):
            super().__init__()
            self.conv_pre = nn.Conv1d(mels, width, 7, padding=3)
            self.ups = nn.ModuleList([
                nn.ConvTranspose1d(width >> i, width >> (i + 1), k, u, padding=(k - u) // 2)
                for i, (u, k) in enumerate(zip(self.rates, self.kernels))])
            self.resblocks = nn.ModuleList([
                ResBlock1(width >> (i + 1), k, self.res_dilations)
                for i in range(len(self.rates)) for k in self.res_kernels])
            self.conv_post = nn.Conv1d(width >> len(self.rates), 1, 7, padding=3)

        def forward(self, x):
            x = self.conv_pre(x)
            n = len(self.res_kernels)
            for i, up in enumerate(self.ups):
                x = up(F.leaky_relu(x, 0.1))
                xs = self.resblocks[i * n](x)
                for j in range(1, n):
                    xs = xs + self.resblocks[i * n + j](x)
                x = xs / n
            return torch.tanh(self.conv_post(F.leaky_relu(x)))

    torch.manual_seed(seed)
    return Generator().eval()


def seanet_decoder(filters: int = 32, dimension: int = 128, seed: int = 1):
    """EnCodec / SEANet-style decoder (Défossez et al., "High Fidelity Neural Audio
    Compression", 2022; facebookresearch/encodec, modules/seanet.py `SEANetDecoder` with ratios
    8, 5, 4, 2, n_filters 32, dimension 128, kernel 7, residual kernel 3, one residual layer,
    dilation base 2): Conv1d(dimension, 16·filters, 7); per ratio s: activation,
    ConvTranspose1d(kernel 2s, stride s) halving the channels, trimmed by s − s//2 on the left
    and s//2 on the right exactly as EnCodec's non-causal unpadding (written as padding
    s − s//2, output_padding (s − s//2) − s//2 — odd stride 5 trims 3 and 2), then a residual
    block (activation, Conv1d(k 3) to half the channels, activation, Conv1d(k 1) back, identity
    skip add); activation, Conv1d(filters, 1, 7). Differences from EnCodec, so that every layer
    is an accelerator layer: leaky ReLU (0.1) instead of ELU, zero padding instead of reflect
    padding, no LSTM, no weight norm. Seeded with torch.manual_seed(seed)."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional
    ratios = (8, 5, 4, 2)

    class ResBlock(nn.Module):
        def __init__(self, ch, dilation):
            super().__init__()
            self.c1 = nn.Conv1d(ch, ch // 2, 3, dilation=dilation, padding=dilation)
            self.c2 = nn.Conv1d(ch // 2, ch, 1)

        def forward(self, x):
            return x + self.c2(F.leaky_relu(self.c1(F.leaky_relu(x, 0.1)), 0.1))

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            mult = 2 ** len(ratios)
            self.conv_in = nn.Conv1d(dimension, mult * filters, 7, padding=3)
            ups, res = [], []
            for s in ratios:
                p = s - s // 2
                ups.append(nn.ConvTranspose1d(mult * filters, mult * filters // 2, 2 * s, s,
                                              padding=p, output_padding=p - s // 2))
                mult //= 2
                res.append(ResBlock(mult * filters, 1))
            self.ups, self.res = nn.ModuleList(ups), nn.ModuleList(res)
            self.conv_out = nn.Conv1d(filters, 1, 7, padding=3)

        def forward(self, x):
            x = self.conv_in(x)
            for up, res in zip(self.ups, self.res):
                x = res(up(F.leaky_relu(x, 0.1)))
            return self.conv_out(F.leaky_relu(x, 0.1))

    torch.manual_seed(seed)
    return Decoder().eval()


def fsrcnn(scale: int, d: int = 56, s: int = 12, m: int = 4, channels: int = 1, seed: int = 1):
    """FSRCNN (Dong, Loy, Tang, "Accelerating the Super-Resolution Convolutional Neural
    Network", ECCV 2016, Sec. 3.1 and Table 1: FSRCNN(d = 56, s = 12, m = 4) on the luminance
    channel): feature extraction Conv2d(1, d, 5, padding 2) + PReLU; shrinking Conv2d(d, s, 1)
    + PReLU; m mapping layers Conv2d(s, s, 3, padding 1) + PReLU; expanding Conv2d(s, d, 1) +
    PReLU; deconvolution ConvTranspose2d(d, 1, 9, stride = scale, padding 4, output_padding
    scale − 1), so the output is exactly scale × the input (as the reference PyTorch port,
    yjn870/FSRCNN-pytorch models.py, writes it). PReLU has one learned slope per channel
    (initialised 0.25, then perturbed so that the slopes differ). Seeded with
    torch.manual_seed(seed)."""
    torch = _torch()
    nn = torch.nn
    PReLU = nn.PReLU  # ONNX PRelu, one slope per channel (accel-prepare-tosa rewrites it)

    class FSRCNN(nn.Module):
        def __init__(self):
            super().__init__()
            layers = [nn.Conv2d(channels, d, 5, padding=2), PReLU(d),
                      nn.Conv2d(d, s, 1), PReLU(s)]
            for _ in range(m):
                layers += [nn.Conv2d(s, s, 3, padding=1), PReLU(s)]
            layers += [nn.Conv2d(s, d, 1), PReLU(d)]
            self.body = nn.Sequential(*layers)
            self.deconv = nn.ConvTranspose2d(d, channels, 9, stride=scale, padding=4,
                                             output_padding=scale - 1)
            with torch.no_grad():
                for module in self.body:
                    if isinstance(module, PReLU):
                        module.weight.uniform_(0.05, 0.45)

        def forward(self, x):
            return self.deconv(self.body(x))

    torch.manual_seed(seed)
    return FSRCNN().eval()


# ----------------------------------------------------------------------------------------------
# 3-D U-Net decoder stage (issue 13)
# ----------------------------------------------------------------------------------------------


def unet3d_decoder(in_ch: int = 320, skip_ch: int = 256, upsample=(2, 2, 2), seed: int = 1):
    """One decoder stage of a 3-D U-Net in the nnU-Net style (Isensee et al., "nnU-Net",
    Nature Methods 18, 2021; MIC-DKFZ/dynamic-network-architectures, `UNetDecoder`: per stage a
    ConvTranspose3d with kernel = stride = the encoder's pooling, from the lower stage's
    features to the skip's, the skip concatenated on channels, then a `StackedConvBlocks` of two
    3x3x3 convs, padding 1). Defaults are the 3d_fullres plan's deepest stage (features 320
    below, 256 in the skip); `upsample` (2, 2, 2) is isotropic pooling, (2, 2, 1) the
    anisotropic pooling nnU-Net plans for thick-slice data (the last axis not pooled). Inputs
    (x, skip) are NCDHW with skip's D, H, W = x's times `upsample`. Difference from nnU-Net, so
    that every layer is an accelerator layer: ReLU after each conv instead of
    InstanceNorm + leaky ReLU (norms do not fold into the convs). Seeded with
    torch.manual_seed(seed)."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional

    class DecoderStage(nn.Module):
        def __init__(self):
            super().__init__()
            self.up = nn.ConvTranspose3d(in_ch, skip_ch, tuple(upsample), tuple(upsample))
            self.conv1 = nn.Conv3d(2 * skip_ch, skip_ch, 3, padding=1)
            self.conv2 = nn.Conv3d(skip_ch, skip_ch, 3, padding=1)

        def forward(self, x, skip):
            x = torch.cat((self.up(x), skip), 1)
            return F.relu(self.conv2(F.relu(self.conv1(x))))

    torch.manual_seed(seed)
    return DecoderStage().eval()

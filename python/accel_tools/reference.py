"""Reference implementations of the layers accel compiles, written from the TOSA
specification and PyTorch, never from accel's code.

Layouts are TOSA's: activations NHWC, conv weights OHWI ([OC, KH, KW, IC / groups]),
transpose_conv2d weights [OC, KH, KW, IC]; PyTorch's conv_transpose2d weights [IC, OC, KH, KW]
are `w_ohwi.transpose(3, 0, 1, 2)`.

numpy (no torch needed):
  conv2d            direct convolution: stride, dilation, pad (negative pad crops the input,
                    as accel.conv2d allows), groups, input / weight zero points
  transpose_conv2d  TOSA's transpose_conv2d as a scatter: out[i·s + out_pad_top + k] += x[i]·w[k]
  depth_to_space    accel.depth_to_space: phase p = rh·bw + rw lands at origin + block·index
  requantize        the int8 POST of docs/ISA.md (single rounding, exact in Python integers)
  activation        none / relu / clamp / leaky_relu / tanh / sigmoid

Integer inputs (x and w of integer dtypes) are computed in int64 and are exact; anything else
in float64.

PyTorch (torch.nn.functional, imported on first use):
  conv2d_torch, transpose_conv2d_torch   the same layers through F.conv2d / F.conv_transpose2d,
                    in float64 by default (exact for int8 ranges) or the dtype asked for.
"""

from typing import Optional, Sequence, Tuple

import numpy as np

Pair = Sequence[int]
Pads = Sequence[int]   # (top, bottom, left, right)


def _exact(x, w, *zero_points) -> bool:
    """Integer tensors and integral zero points: computed exactly in int64."""
    return (all(np.issubdtype(np.asarray(a).dtype, np.integer) for a in (x, w))
            and all(float(z).is_integer() for z in zero_points))


def _add_bias(out: np.ndarray, b) -> np.ndarray:
    """Adds a per-channel bias, or a one-element bias broadcast to every channel."""
    if b is None:
        return out
    b = np.asarray(b).reshape(-1).astype(out.dtype)
    return out + (b if b.size == out.shape[-1] else b[0])


def conv2d(x, w, b=None, stride: Pair = (1, 1), pad: Pads = (0, 0, 0, 0),
           dilation: Pair = (1, 1), groups: int = 1, input_zp=0, weight_zp=0) -> np.ndarray:
    """NHWC x, OHWI w → NHWC: Σ (x − input_zp)(w − weight_zp) + b. Padded positions read
    input_zp (they contribute 0); a negative pad crops the input first."""
    dt = np.int64 if _exact(x, w, input_zp, weight_zp) else np.float64
    x = np.asarray(x)
    x = x[:, max(-pad[0], 0):x.shape[1] - max(-pad[1], 0),
          max(-pad[2], 0):x.shape[2] - max(-pad[3], 0), :].astype(dt) - dt(input_zp)
    w = np.asarray(w).astype(dt) - dt(weight_zp)
    pad = [max(int(p), 0) for p in pad]
    n, h, wd, c = x.shape
    oc, kh, kw, icg = w.shape
    xp = np.zeros((n, h + pad[0] + pad[1], wd + pad[2] + pad[3], c), dt)
    xp[:, pad[0]:pad[0] + h, pad[2]:pad[2] + wd, :] = x
    oh = (xp.shape[1] - (kh - 1) * dilation[0] - 1) // stride[0] + 1
    ow = (xp.shape[2] - (kw - 1) * dilation[1] - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, oc), dt)
    ocg = oc // groups
    for g in range(groups):
        for y in range(kh):
            for z in range(kw):
                ys, zs = y * dilation[0], z * dilation[1]
                patch = xp[:, ys:ys + (oh - 1) * stride[0] + 1:stride[0],
                           zs:zs + (ow - 1) * stride[1] + 1:stride[1],
                           g * icg:(g + 1) * icg]
                out[..., g * ocg:(g + 1) * ocg] += np.einsum(
                    "nhwc,oc->nhwo", patch, w[g * ocg:(g + 1) * ocg, y, z, :])
    return _add_bias(out, b)


def transpose_conv2d(x, w, b, stride: Pair, out_pad: Pads = (0, 0, 0, 0), input_zp=0,
                     weight_zp=0) -> np.ndarray:
    """TOSA transpose_conv2d as a scatter, straight from the spec: output size
    (I − 1)·s + out_pad_begin + out_pad_end + K per axis; taps landing outside are dropped;
    positions no tap reaches hold the bias only."""
    dt = np.int64 if _exact(x, w, input_zp, weight_zp) else np.float64
    x = np.asarray(x).astype(dt) - dt(input_zp)
    w = np.asarray(w).astype(dt) - dt(weight_zp)
    n, ih, iw, _ = x.shape
    oc, kh, kw, _ = w.shape
    oh = (ih - 1) * stride[0] + out_pad[0] + out_pad[1] + kh
    ow = (iw - 1) * stride[1] + out_pad[2] + out_pad[3] + kw
    out = _add_bias(np.zeros((n, oh, ow, oc), dt), b)
    for i in range(ih):
        for j in range(iw):
            for y in range(kh):
                for z in range(kw):
                    oy = i * stride[0] + y + out_pad[0]
                    ox = j * stride[1] + z + out_pad[2]
                    if 0 <= oy < oh and 0 <= ox < ow:
                        out[:, oy, ox, :] += x[:, i, j, :] @ w[:, y, z, :].T
    return out


def depth_to_space(phases: Sequence[np.ndarray], block: Pair, origins_h: Sequence[int],
                   origins_w: Sequence[int], out_shape: Sequence[int]) -> np.ndarray:
    """accel.depth_to_space: phase p = rh·block_w + rw (NHWC each) writes output position
    (origins_h[rh] + block_h·i, origins_w[rw] + block_w·j); positions outside the output are
    dropped. Raises ValueError when a position is written twice or left unwritten. For one
    stacked tensor pass np.split(stacked, block_h · block_w, axis=3)."""
    bh, bw = block
    out = np.zeros(tuple(out_shape), np.float64)
    written = np.zeros(tuple(out_shape[1:3]), bool)
    for rh in range(bh):
        for rw in range(bw):
            phase = np.asarray(phases[rh * bw + rw], np.float64)
            for i in range(phase.shape[1]):
                y = origins_h[rh] + bh * i
                if not 0 <= y < out_shape[1]:
                    continue
                for j in range(phase.shape[2]):
                    x = origins_w[rw] + bw * j
                    if 0 <= x < out_shape[2]:
                        if written[y, x]:
                            raise ValueError("depth_to_space writes (%d, %d) twice" % (y, x))
                        written[y, x] = True
                        out[:, y, x, :] = phase[:, i, j, :]
    if not written.all():
        raise ValueError("depth_to_space leaves %d positions unwritten"
                         % int((~written).sum()))
    return out


def requantize(acc, multiplier: int, shift: int, output_zp: int,
               relu: bool = False) -> np.ndarray:
    """The ISA's int8 POST (docs/ISA.md), TOSA rescale with SINGLE_ROUND / scale32:
    q = ((acc · M + 2^(shift−1)) >> shift) + zp_out; relu: max(q, zp_out); saturate to
    [−128, 127]. Computed in Python integers (acc · M may exceed int64); returns int64."""
    acc = np.asarray(acc)
    multiplier, shift, output_zp = int(multiplier), int(shift), int(output_zp)
    rounding = 1 << (shift - 1) if shift > 0 else 0
    low = output_zp if relu else -128
    flat = [min(max(((int(a) * multiplier + rounding) >> shift) + output_zp, low, -128), 127)
            for a in acc.reshape(-1)]
    return np.array(flat, dtype=np.int64).reshape(acc.shape)


def activation(y, kind: Optional[str], clamp: Tuple[float, float] = (0.0, 6.0),
               alpha: float = 0.125) -> np.ndarray:
    """Elementwise activation in y's precision. Defaults are accel-conv-gen's (clamp to
    [0, 6], leaky slope 1/8); NaN propagates."""
    y = np.asarray(y)
    with np.errstate(over="ignore", invalid="ignore"):
        if kind in (None, "none"):
            return y
        if kind == "relu":
            return np.maximum(y, y.dtype.type(0))
        if kind == "clamp":
            return np.clip(y, clamp[0], clamp[1]).astype(y.dtype)
        if kind == "leaky_relu":
            return np.where(y < 0, y * y.dtype.type(alpha), y)
        if kind == "tanh":
            return np.tanh(y)
        if kind == "sigmoid":
            one = y.dtype.type(1)
            return one / (one + np.exp(-y))
    raise ValueError("unknown activation %r" % (kind,))


# ----------------------------------------------------------------------------------------------
# PyTorch
# ----------------------------------------------------------------------------------------------

def conv2d_torch(x, w, b=None, stride: Pair = (1, 1), pad: Pads = (0, 0, 0, 0),
                 dilation: Pair = (1, 1), groups: int = 1, dtype=np.float64) -> np.ndarray:
    """torch.nn.functional.conv2d on NHWC x / OHWI w with TOSA's explicit (top, bottom, left,
    right) zero padding, computed in `dtype`; NHWC result."""
    import torch
    import torch.nn.functional as F
    xt = torch.from_numpy(np.asarray(x).astype(dtype)).permute(0, 3, 1, 2)
    xt = F.pad(xt, (pad[2], pad[3], pad[0], pad[1]))
    wt = torch.from_numpy(np.asarray(w).astype(dtype)).permute(0, 3, 1, 2)
    bt = None if b is None else torch.from_numpy(np.asarray(b).astype(dtype))
    y = F.conv2d(xt, wt, bt, stride=tuple(stride), dilation=tuple(dilation), groups=groups)
    return y.permute(0, 2, 3, 1).numpy()


def transpose_conv2d_torch(x, w, b, stride: Pair, out_pad: Pads = (0, 0, 0, 0), input_zp=0,
                           weight_zp=0, padding: Optional[Pair] = None,
                           output_padding: Optional[Pair] = None,
                           dtype=np.float64) -> np.ndarray:
    """TOSA transpose_conv2d (NHWC x, OHWI w) through torch.nn.functional.conv_transpose2d in
    `dtype`: Σ (x − zp_x)(w − zp_w) + b. With PyTorch `padding` (and `output_padding`) the
    layer goes straight through conv_transpose2d(padding, output_padding), which must agree
    with out_pad = (−p, −p + op) per axis; otherwise conv_transpose2d(padding=0) is cropped
    (negative out_pad) or zero-extended (positive: those rows get only the bias), which is
    TOSA's definition oy = iy·s + out_pad_top + ky. NHWC result."""
    import torch
    import torch.nn.functional as F
    x = np.asarray(x)
    w = np.asarray(w)
    xt = torch.from_numpy(x.astype(dtype) - dtype(input_zp)).permute(0, 3, 1, 2)
    wt = torch.from_numpy(w.astype(dtype) - dtype(weight_zp)).permute(3, 0, 1, 2)
    bt = torch.from_numpy(np.asarray(b).astype(dtype).reshape(-1))
    n, ih, iw, _ = x.shape
    oc, kh, kw, _ = w.shape
    oh = (ih - 1) * stride[0] + out_pad[0] + out_pad[1] + kh
    ow = (iw - 1) * stride[1] + out_pad[2] + out_pad[3] + kw
    if padding is not None:
        op = tuple(output_padding or (0, 0))
        if tuple(out_pad) != (-padding[0], -padding[0] + op[0], -padding[1],
                              -padding[1] + op[1]):
            raise ValueError("padding %s / output_padding %s do not match out_pad %s"
                             % (tuple(padding), op, tuple(out_pad)))
        y = F.conv_transpose2d(xt, wt, bt, stride=tuple(stride), padding=tuple(padding),
                               output_padding=op)
    else:
        full = F.conv_transpose2d(xt, wt, None, stride=tuple(stride))
        y = torch.zeros((n, oc, oh, ow), dtype=full.dtype)
        top, left = out_pad[0], out_pad[2]
        fh, fw = full.shape[2], full.shape[3]
        # Output row oy reads full row oy - top.
        oy0, oy1 = max(0, top), min(oh, fh + top)
        ox0, ox1 = max(0, left), min(ow, fw + left)
        if oy0 < oy1 and ox0 < ox1:
            y[:, :, oy0:oy1, ox0:ox1] = full[:, :, oy0 - top:oy1 - top, ox0 - left:ox1 - left]
        y += bt.view(1, -1, 1, 1)
    y = y.permute(0, 2, 3, 1).numpy()
    assert y.shape == (n, oh, ow, oc), (y.shape, (n, oh, ow, oc))
    return y

"""A tiny numpy interpreter for the generic-form MLIR that
convert-tosa-to-accel reads (TOSA) and writes (accel).

Only what the tests need: one function at a time, one op per line, the
generic op syntax (`accel-opt --mlir-print-op-generic
--mlir-print-elementsattrs-with-hex-if-larger=-1`). The TOSA side follows the
TOSA specification directly (transpose_conv2d as a scatter), independently of
accel's split plan; the accel side follows the op descriptions in
AccelOps.td. Everything is computed in float64 (exact for int8 ranges).
"""

import re

import numpy as np

OP_RE = re.compile(
    r'^\s*(?:(%[\w#]+) = )?"([\w.]+)"\((.*?)\)\s*(?:<\{(.*?)\}>)?\s*'
    r'(?:\{(.*)\})?\s*:\s*\((.*?)\)\s*->\s*(.*)$')
FUNC_RE = re.compile(r'sym_name = "(\w+)"')
ARGS_RE = re.compile(r'\^bb0\((.*)\):')
TENSOR_RE = re.compile(r'tensor<([^>]*)>')


def parse_tensor_type(text):
    dims = text.split('x')
    return tuple(int(d) for d in dims[:-1]), dims[-1]


def attr_array(attrs, key):
    m = re.search(r'\b%s = array<i64(?:: ([^>]*))?>' % key, attrs)
    if not m:
        return None
    return [int(v) for v in m.group(1).split(',')] if m.group(1) else []


def attr_int(attrs, key, default=0):
    m = re.search(r'\b%s = (-?\d+) : i\d+' % key, attrs)
    return int(m.group(1)) if m else default


def attr_float(attrs, key):
    m = re.search(r'\b%s = ([-+\w.]+) : f32' % key, attrs)
    return float(m.group(1)) if m else None


def parse_dense(attrs):
    m = re.search(r'values = dense<(.*)> : tensor<([^>]*)>', attrs)
    body, ttype = m.group(1), m.group(2)
    shape, _ = parse_tensor_type(ttype)
    body = body.replace('true', '1').replace('false', '0')
    value = np.array(eval(body), dtype=np.float64)  # nested lists / scalar
    if value.ndim == 0:
        return np.full(shape, float(value))
    return value.reshape(shape)


def split_functions(text):
    """{name: (arg names, [op lines])} of the module's functions."""
    funcs, current = {}, None
    for line in text.splitlines():
        m = FUNC_RE.search(line)
        if '"func.func"' in line and m:
            current = m.group(1)
            funcs[current] = ([], [])
            continue
        if current is None:
            continue
        m = ARGS_RE.search(line)
        if m:
            funcs[current] = (re.findall(r'(%\w+):', m.group(1)), [])
            continue
        funcs[current][1].append(line)
        if '"func.return"' in line:
            current = None
    return funcs


def post_op(attrs, acc):
    m = re.search(r'post_op = #accel.post_op<(\w+)>', attrs)
    kind = m.group(1) if m else 'none'
    if kind == 'relu':
        return np.maximum(acc, 0)
    if kind == 'clamp':
        return np.clip(acc, attr_float(attrs, 'clamp_min'),
                       attr_float(attrs, 'clamp_max'))
    if kind == 'leaky_relu':
        alpha = attr_float(attrs, 'leaky_alpha')
        return np.where(acc >= 0, acc, acc * alpha)
    if kind == 'tanh':
        return np.tanh(acc)
    if kind == 'sigmoid':
        return 1 / (1 + np.exp(-acc))
    assert kind == 'none', kind
    return acc


def conv2d(x, w, b, stride, dilation, pad, groups=1, xzp=0, wzp=0):
    """Direct NHWC x OHWI convolution (TOSA / accel semantics)."""
    # Negative padding (accel.conv2d) crops the input first.
    x = x[:, max(-pad[0], 0):x.shape[1] - max(-pad[1], 0),
          max(-pad[2], 0):x.shape[2] - max(-pad[3], 0), :]
    pad = [max(p, 0) for p in pad]
    n, h, wd, c = x.shape
    oc, kh, kw, icg = w.shape
    xp = np.full((n, h + pad[0] + pad[1], wd + pad[2] + pad[3], c),
                 float(xzp))
    xp[:, pad[0]:pad[0] + h, pad[2]:pad[2] + wd, :] = x
    xp = xp - xzp
    w = w - wzp
    oh = (xp.shape[1] - (kh - 1) * dilation[0] - 1) // stride[0] + 1
    ow = (xp.shape[2] - (kw - 1) * dilation[1] - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, oc))
    ocg = oc // groups
    for g in range(groups):
        for y in range(kh):
            for z in range(kw):
                ys, zs = y * dilation[0], z * dilation[1]
                patch = xp[:, ys:ys + (oh - 1) * stride[0] + 1:stride[0],
                           zs:zs + (ow - 1) * stride[1] + 1:stride[1],
                           g * icg:(g + 1) * icg]
                out[..., g * ocg:(g + 1) * ocg] += np.einsum(
                    'nhwc,oc->nhwo', patch, w[g * ocg:(g + 1) * ocg, y, z, :])
    if b is not None:
        out += b.reshape(-1) if b.size == oc else b.reshape(-1)[0]
    return out


def transpose_conv2d(x, w, b, out_pad, stride, xzp=0, wzp=0):
    """TOSA transpose_conv2d as a scatter, straight from the spec."""
    n, ih, iw, c = x.shape
    oc, kh, kw, _ = w.shape
    oh = (ih - 1) * stride[0] + out_pad[0] + out_pad[1] + kh
    ow = (iw - 1) * stride[1] + out_pad[2] + out_pad[3] + kw
    out = np.zeros((n, oh, ow, oc))
    out += b.reshape(-1) if b.size == oc else b.reshape(-1)[0]
    x = x - xzp
    w = w - wzp
    for i in range(ih):
        for j in range(iw):
            for y in range(kh):
                for z in range(kw):
                    oy = i * stride[0] + y + out_pad[0]
                    ox = j * stride[1] + z + out_pad[2]
                    if 0 <= oy < oh and 0 <= ox < ow:
                        out[:, oy, ox, :] += x[:, i, j, :] @ w[:, y, z, :].T
    return out


def scalar(values):
    return float(np.asarray(values).reshape(-1)[0])


def run_function(lines, args, inputs):
    """Interprets one function; returns its results."""
    env = dict(zip(args, inputs))
    for line in lines:
        m = OP_RE.match(line)
        if not m:
            continue
        result, name, operands, props, attrs, _, rtype = m.groups()
        props = (props or '') + ' ' + (attrs or '')
        ops = [o.strip() for o in operands.split(',') if o.strip()]
        vals = [env[o] for o in ops]
        rt = TENSOR_RE.search(rtype)
        rshape = parse_tensor_type(rt.group(1))[0] if rt else None
        if name == 'func.return':
            return vals
        if name in ('tosa.const', 'arith.constant'):
            out = parse_dense(props)
        elif name == 'tosa.const_shape':
            out = None
        elif name == 'accel.conv2d':
            out = conv2d(vals[0], vals[1], vals[2] if len(vals) > 2 else None,
                         attr_array(props, 'stride') or [1, 1],
                         attr_array(props, 'dilation') or [1, 1],
                         attr_array(props, 'pad') or [0, 0, 0, 0],
                         attr_int(props, 'groups', 1),
                         attr_int(props, 'input_zp'),
                         attr_int(props, 'weight_zp'))
            out = post_op(props, out)
        elif name == 'accel.bias_fill':
            out = post_op(props, np.broadcast_to(vals[0], rshape).copy())
        elif name == 'accel.depth_to_space':
            bh, bw = attr_array(props, 'block')
            orh = attr_array(props, 'origins_h')
            orw = attr_array(props, 'origins_w')
            out = np.full(rshape, np.nan)
            c = rshape[3]
            for rh in range(bh):
                for rw in range(bw):
                    p = rh * bw + rw
                    phase = (vals[0][..., p * c:(p + 1) * c]
                             if len(vals) == 1 and bh * bw > 1 else vals[p])
                    for i in range(phase.shape[1]):
                        y = orh[rh] + bh * i
                        if not 0 <= y < rshape[1]:
                            continue
                        for j in range(phase.shape[2]):
                            x = orw[rw] + bw * j
                            if 0 <= x < rshape[2]:
                                assert np.isnan(out[0, y, x, 0]), 'written twice'
                                out[:, y, x, :] = phase[:, i, j, :]
            assert not np.isnan(out).any(), 'depth_to_space left a hole'
        elif name == 'accel.zero_insert':
            sh, sw = attr_array(props, 'stride')
            pad = attr_array(props, 'pad')
            x = vals[0]
            n, h, w, c = x.shape
            full = np.full((n, (h - 1) * sh + 1 + max(pad[0], 0) + max(pad[1], 0),
                            (w - 1) * sw + 1 + max(pad[2], 0) + max(pad[3], 0),
                            c), float(attr_int(props, 'fill')))
            full[:, max(pad[0], 0)::sh, max(pad[2], 0)::sw, :][:, :h, :w] = x
            top, left = -min(pad[0], 0), -min(pad[2], 0)
            out = full[:, top:top + rshape[1], left:left + rshape[2], :]
            assert out.shape == tuple(rshape)
        elif name == 'accel.add':
            out = post_op(props, vals[0] + vals[1])
        elif name in ('accel.concat', 'tosa.concat'):
            out = np.concatenate(vals, axis=-1 if name == 'accel.concat'
                                 else attr_int(props, 'axis'))
        elif name in ('accel.reshape', 'tosa.reshape'):
            out = vals[0].reshape(rshape)
        elif name == 'tosa.transpose_conv2d':
            out = transpose_conv2d(vals[0], vals[1], vals[2],
                                   attr_array(props, 'out_pad'),
                                   attr_array(props, 'stride'),
                                   scalar(vals[3]), scalar(vals[4]))
        elif name == 'tosa.conv2d':
            out = conv2d(vals[0], vals[1], vals[2], attr_array(props, 'stride'),
                         attr_array(props, 'dilation'), attr_array(props, 'pad'),
                         1, scalar(vals[3]), scalar(vals[4]))
        elif name == 'tosa.matmul':
            out = np.matmul(vals[0] - scalar(vals[2]), vals[1] - scalar(vals[3]))
        elif name == 'tosa.add':
            out = vals[0] + vals[1]
        elif name == 'tosa.mul':
            out = vals[0] * vals[1]
        elif name == 'tosa.maximum':
            out = np.maximum(vals[0], vals[1])
        elif name == 'tosa.clamp':
            lo = re.search(r'min_val = ([-+\w.]+) :', props).group(1)
            hi = re.search(r'max_val = ([-+\w.]+) :', props).group(1)
            out = np.clip(vals[0], float(lo), float(hi))
        elif name == 'tosa.tanh':
            out = np.tanh(vals[0])
        elif name == 'tosa.sigmoid':
            out = 1 / (1 + np.exp(-vals[0]))
        else:
            raise NotImplementedError(name)
        if out is not None and rshape is not None:
            assert tuple(out.shape) == tuple(rshape), (name, out.shape, rshape)
        env[result] = out
    raise ValueError('no func.return')

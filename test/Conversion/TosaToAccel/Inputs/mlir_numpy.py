"""A tiny numpy interpreter for the generic-form MLIR that
convert-tosa-to-accel reads (TOSA) and writes (accel).

Only what the tests need: one function at a time, one op per line, the
generic op syntax (`accel-opt --mlir-print-op-generic
--mlir-print-elementsattrs-with-hex-if-larger=-1`), parsed with
accel_tools.mlir_text. The TOSA side follows the TOSA specification directly
(transpose_conv2d as a scatter), independently of accel's split plan; the
accel side follows the op descriptions in AccelOps.td. The layer references
are accel_tools.reference's; everything is computed in float64 (exact for
int8 ranges).
"""

import numpy as np

from accel_tools import mlir_text as mt
from accel_tools import reference


# The dense_resource blobs of the modules split_functions has read (large
# kernels convert-tosa-to-accel gathers are blobs).
RESOURCES = {}


def parse_dense(attr):
    return mt.dense_value(attr, np.float64, RESOURCES)


def split_functions(text):
    """{name: (arg names, [op lines])} of the module's functions."""
    RESOURCES.update(mt.dense_resources(text))
    funcs, current = {}, None
    for line in text.splitlines():
        op = mt.parse_op(line)
        if op is not None and op.name == 'func.func' and op.attr('sym_name'):
            current = mt.str_attr(op.attr('sym_name'))
            funcs[current] = ([], [])
            continue
        if current is None:
            continue
        if line.strip().startswith('^bb0('):
            args = line.strip()[len('^bb0('):line.strip().rindex(')')]
            funcs[current] = ([a.split(':')[0].strip()
                               for a in mt.split_top_level(args)], [])
            continue
        funcs[current][1].append(line)
        if op is not None and op.name == 'func.return':
            current = None
    return funcs


def post_op(op, acc):
    kind = op.attr('post_op')
    kind = kind[len('#accel.post_op<'):-1] if kind else 'none'
    if kind == 'clamp':
        return reference.activation(acc, 'clamp', (mt.float_attr(op.attr('clamp_min')),
                                                   mt.float_attr(op.attr('clamp_max'))))
    if kind == 'leaky_relu':
        return reference.activation(acc, 'leaky_relu',
                                    alpha=mt.float_attr(op.attr('leaky_alpha')))
    return reference.activation(acc, kind)


def scalar(values):
    return float(np.asarray(values).reshape(-1)[0])


def _array(op, name, default=None):
    value = mt.array_attr(op.attr(name))
    return value if value else default


def _int(op, name, default=0):
    value = mt.int_attr(op.attr(name))
    return default if value is None else value


def run_function(lines, args, inputs):
    """Interprets one function; returns its results."""
    env = dict(zip(args, inputs))
    for line in lines:
        op = mt.parse_op(line)
        if op is None:
            continue
        name = op.name
        vals = [env['%' + o] for o in op.operands]
        rts = op.result_types
        rshape = (mt.parse_tensor_type(rts[0])[0]
                  if rts and rts[0].startswith('tensor<') else None)
        if name == 'func.return':
            return vals
        if name in ('tosa.const', 'arith.constant'):
            out = parse_dense(op.attr('values') or op.attr('value'))
        elif name == 'tosa.const_shape':
            out = None
        elif name == 'accel.conv2d':
            out = reference.conv2d(vals[0], vals[1], vals[2] if len(vals) > 2 else None,
                                   _array(op, 'stride', [1, 1]),
                                   _array(op, 'pad', [0, 0, 0, 0]),
                                   _array(op, 'dilation', [1, 1]),
                                   _int(op, 'groups', 1), _int(op, 'input_zp'),
                                   _int(op, 'weight_zp'))
            out = post_op(op, out)
        elif name == 'accel.bias_fill':
            out = post_op(op, np.broadcast_to(vals[0], rshape).copy())
        elif name == 'accel.depth_to_space':
            bh, bw = _array(op, 'block')
            c = rshape[3]
            phases = ([vals[0][..., p * c:(p + 1) * c] for p in range(bh * bw)]
                      if len(vals) == 1 and bh * bw > 1 else vals)
            out = reference.depth_to_space(phases, (bh, bw), _array(op, 'origins_h'),
                                           _array(op, 'origins_w'), rshape)
        elif name == 'accel.zero_insert':
            sh, sw = _array(op, 'stride')
            pad = _array(op, 'pad')
            x = vals[0]
            n, h, w, c = x.shape
            full = np.full((n, (h - 1) * sh + 1 + max(pad[0], 0) + max(pad[1], 0),
                            (w - 1) * sw + 1 + max(pad[2], 0) + max(pad[3], 0),
                            c), float(_int(op, 'fill')))
            full[:, max(pad[0], 0)::sh, max(pad[2], 0)::sw, :][:, :h, :w] = x
            top, left = -min(pad[0], 0), -min(pad[2], 0)
            out = full[:, top:top + rshape[1], left:left + rshape[2], :]
            assert out.shape == tuple(rshape)
        elif name == 'accel.window':
            # P[n, y, x, j*C + c] = in[n, y, x*stride_w + j, c] (docs/Dialects).
            kw, sw = _int(op, 'kernel_w'), _int(op, 'stride_w')
            x = vals[0]
            out = np.concatenate([x[:, :, j::sw, :][:, :, :rshape[2], :] for j in range(kw)],
                                 axis=-1)
        elif name == 'accel.slice':
            oh, ow = _array(op, 'offsets')
            sh, sw = _array(op, 'strides', [1, 1])
            out = vals[0][:, oh::sh, ow::sw, :][:, :rshape[1], :rshape[2], :]
        elif name == 'accel.add':
            out = post_op(op, vals[0] + vals[1])
        elif name in ('accel.concat', 'tosa.concat'):
            out = np.concatenate(vals, axis=-1 if name == 'accel.concat'
                                 else _int(op, 'axis'))
        elif name in ('accel.reshape', 'tosa.reshape'):
            out = vals[0].reshape(rshape)
        elif name == 'tosa.transpose_conv2d':
            out = reference.transpose_conv2d(vals[0], vals[1], vals[2],
                                             _array(op, 'stride'), _array(op, 'out_pad'),
                                             scalar(vals[3]), scalar(vals[4]))
        elif name == 'tosa.conv2d':
            out = reference.conv2d(vals[0], vals[1], vals[2], _array(op, 'stride'),
                                   _array(op, 'pad'), _array(op, 'dilation'), 1,
                                   scalar(vals[3]), scalar(vals[4]))
        elif name == 'tosa.matmul':
            out = np.matmul(vals[0] - scalar(vals[2]), vals[1] - scalar(vals[3]))
        elif name == 'tosa.add':
            out = vals[0] + vals[1]
        elif name == 'tosa.mul':
            out = vals[0] * vals[1]
        elif name == 'tosa.maximum':
            out = np.maximum(vals[0], vals[1])
        elif name == 'tosa.clamp':
            out = np.clip(vals[0], mt.float_attr(op.attr('min_val')),
                          mt.float_attr(op.attr('max_val')))
        elif name == 'tosa.tanh':
            out = np.tanh(vals[0])
        elif name == 'tosa.sigmoid':
            out = 1 / (1 + np.exp(-vals[0]))
        else:
            raise NotImplementedError(name)
        if out is not None and rshape is not None:
            assert tuple(out.shape) == tuple(rshape), (name, out.shape, rshape)
        env['%' + op.results[0]] = out
    raise ValueError('no func.return')

#!/usr/bin/env python3
"""Numeric check of convert-tosa-to-accel, independent of accel's split plan.

Generates a module of random TOSA functions (transposed convs over strides
1-4 per axis, kernels 1-6, PyTorch-style and arbitrary out_pad, f32 and int8
with zero points; plus network snippets exercising fully connected, bias and
activation fusion, residual add, concat and unfusable activations), converts
it with each strategy, and runs both sides in numpy (mlir_numpy.py): the TOSA
side from the TOSA specification (transpose_conv2d as a scatter), the accel
side from the accel op definitions; references and the error metric
(rel_error) come from accel_tools. Prints one line per strategy and exits 1
on any mismatch.

  check_numerics.py ACCEL_OPT [--seed N] [--count N] [--strategies a,b]
"""

import argparse
import sys

import numpy as np

import mlir_numpy
from accel_tools import mlir_text
from accel_tools.metrics import rel_error
from accel_tools.tools import ToolError, run_tool


class Func:
    """Builds one function in generic MLIR syntax."""

    def __init__(self, name, rng):
        self.name, self.rng = name, rng
        self.args, self.lines, self.count = [], [], 0
        self.arg_values = []

    def value(self):
        self.count += 1
        return '%%v%d' % self.count

    @staticmethod
    def ttype(shape, elem):
        return 'tensor<%s>' % 'x'.join([str(d) for d in shape] + [elem])

    def arg(self, shape, elem='f32', ints=False):
        name = '%%arg%d' % len(self.args)
        self.args.append((name, self.ttype(shape, elem)))
        if ints:
            self.arg_values.append(
                self.rng.randint(-128, 127, size=shape).astype(np.float64))
        else:
            self.arg_values.append(self.rng.randint(-64, 65, size=shape) / 32.0)
        return name

    def const(self, array, elem='f32'):
        v = self.value()
        shape = array.shape
        if elem == 'f32':
            body = np.array2string(np.asarray(array, dtype=np.float64),
                                   separator=', ', threshold=1 << 30,
                                   floatmode='unique', max_line_width=1 << 30)
        else:
            body = np.array2string(np.asarray(array, dtype=np.int64),
                                   separator=', ', threshold=1 << 30,
                                   max_line_width=1 << 30)
        t = self.ttype(shape, elem)
        self.lines.append('%s = "tosa.const"() <{values = dense<%s> : %s}> : '
                          '() -> %s' % (v, body.replace('\n', ''), t, t))
        return v

    def weights(self, shape, ints=False):
        if ints:
            return self.const(self.rng.randint(-128, 128, size=shape), 'i8')
        return self.const(self.rng.randint(-64, 65, size=shape) / 64.0)

    def op(self, name, operands, types, result_type, props=''):
        v = self.value()
        props = ' <{%s}>' % props if props else ''
        self.lines.append('%s = "%s"(%s)%s : (%s) -> %s' % (
            v, name, ', '.join(operands), props, ', '.join(types), result_type))
        return v

    def text(self, result, result_type):
        args = ', '.join('%s: %s' % a for a in self.args)
        body = '\n    '.join(self.lines)
        return ('  func.func @%s(%s) -> %s {\n    %s\n    return %s : %s\n  }\n'
                % (self.name, args, result_type, body, result, result_type))


def tensor_of(shape, elem='f32'):
    return Func.ttype(shape, elem)


def transpose_conv(f, x, xshape, oc, k, s, out_pad, bias_size, ints=False,
                   zps=(0, 0)):
    n, ih, iw, ic = xshape
    elem = 'i8' if ints else 'f32'
    acc = 'i32' if ints else 'f32'
    w = f.weights((oc, k[0], k[1], ic), ints)
    if ints:
        b = f.const(f.rng.randint(-1000, 1000, size=(bias_size,)), 'i32')
        xzp = f.const(np.array([zps[0]]), 'i8')
        wzp = f.const(np.array([zps[1]]), 'i8')
    else:
        b = f.const(f.rng.randint(-64, 65, size=(bias_size,)) / 64.0)
        xzp = wzp = f.const(np.array([0.0]))
    oh = (ih - 1) * s[0] + out_pad[0] + out_pad[1] + k[0]
    ow = (iw - 1) * s[1] + out_pad[2] + out_pad[3] + k[1]
    rshape = (n, oh, ow, oc)
    r = f.op('tosa.transpose_conv2d', [x, w, b, xzp, wzp],
             [tensor_of(xshape, elem), tensor_of((oc, k[0], k[1], ic), elem),
              tensor_of((bias_size,), acc), tensor_of((1,), elem),
              tensor_of((1,), elem)], tensor_of(rshape, acc),
             'acc_type = %s, out_pad = array<i64: %s>, stride = array<i64: %s>'
             % (acc, ', '.join(map(str, out_pad)), ', '.join(map(str, s))))
    return r, rshape


def conv(f, x, xshape, oc, k, pad, stride=(1, 1)):
    n, ih, iw, ic = xshape
    w = f.weights((oc, k, k, ic))
    b = f.const(f.rng.randint(-64, 65, size=(oc,)) / 64.0)
    zp = f.const(np.array([0.0]))
    oh = (ih + pad[0] + pad[1] - k) // stride[0] + 1
    ow = (iw + pad[2] + pad[3] - k) // stride[1] + 1
    rshape = (n, oh, ow, oc)
    r = f.op('tosa.conv2d', [x, w, b, zp, zp],
             [tensor_of(xshape), tensor_of((oc, k, k, ic)), tensor_of((oc,)),
              tensor_of((1,)), tensor_of((1,))], tensor_of(rshape),
             'acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: %s>,'
             ' stride = array<i64: %s>' % (', '.join(map(str, pad)),
                                            ', '.join(map(str, stride))))
    return r, rshape


def unary(f, name, x, shape, props=''):
    return f.op(name, [x], [tensor_of(shape)], tensor_of(shape), props)


def relu(f, x, shape, hi='3.40282347E+38'):
    return unary(f, 'tosa.clamp', x, shape,
                 'max_val = %s : f32, min_val = 0.0 : f32' % hi)


def leaky(f, x, shape, alpha=0.25):
    a = f.const(np.full((1,) * len(shape), alpha))
    shift = f.const(np.array([0]), 'i8')
    m = f.op('tosa.mul', [x, a, shift],
             [tensor_of(shape), tensor_of((1,) * len(shape)),
              tensor_of((1,), 'i8')], tensor_of(shape))
    return f.op('tosa.maximum', [x, m], [tensor_of(shape)] * 2,
                tensor_of(shape))


def add_const(f, x, shape, per_channel=True):
    cshape = (1,) * (len(shape) - 1) + ((shape[-1],) if per_channel else (1,))
    c = f.const(f.rng.randint(-64, 65, size=cshape) / 64.0)
    return f.op('tosa.add', [x, c], [tensor_of(shape), tensor_of(cshape)],
                tensor_of(shape))


def reshape(f, x, shape, new_shape):
    s = f.value()
    f.lines.append('%s = "tosa.const_shape"() <{values = dense<[%s]> : '
                   'tensor<%dxindex>}> : () -> !tosa.shape<%d>' % (
                       s, ', '.join(map(str, new_shape)), len(new_shape),
                       len(new_shape)))
    return f.op('tosa.reshape', [x, s],
                [tensor_of(shape), '!tosa.shape<%d>' % len(new_shape)],
                tensor_of(new_shape))


def random_transpose_conv(name, rng, ints):
    f = Func(name, rng)
    s = (rng.randint(1, 5), rng.randint(1, 5))
    k = (rng.randint(1, 7), rng.randint(1, 7))
    xshape = (rng.randint(1, 3), rng.randint(1, 6), rng.randint(1, 6),
              rng.randint(1, 4))
    oc = rng.randint(1, 4)
    out_pad = []
    for axis in range(2):
        while True:
            if rng.rand() < 0.5:  # PyTorch padding / output_padding
                p = rng.randint(0, k[axis])
                op = rng.randint(0, s[axis])
                begin, end = -p, -p + op
            else:
                begin, end = rng.randint(-k[axis] + 1, 4, size=2)
            size = (xshape[1 + axis] - 1) * s[axis] + begin + end + k[axis]
            if size >= 1:
                break
        out_pad += [int(begin), int(end)]
    x = f.arg(xshape, 'i8' if ints else 'f32', ints)
    zps = (int(rng.randint(-5, 6)), int(rng.randint(-5, 6))) if ints else (0, 0)
    bias_size = oc if (ints or rng.rand() < 0.8) else 1
    r, rshape = transpose_conv(f, x, xshape, oc, k, s, out_pad, bias_size,
                               ints, zps)
    return f, r, tensor_of(rshape, 'i32' if ints else 'f32')


def network_snippets(rng):
    """Hand-written generator-network shapes (f32)."""
    funcs = []
    # DCGAN-like head: FC -> reshape -> relu -> deconv (+bias add, leaky) ->
    # deconv -> tanh.
    f = Func('net_dcgan_head', rng)
    z = f.arg((1, 1, 8))
    v = reshape(f, z, (1, 1, 8), (1, 1, 8))
    w = f.const(rng.randint(-64, 65, size=(1, 8, 64)) / 64.0)
    zp = f.const(np.array([0.0]))
    v = f.op('tosa.matmul', [v, w, zp, zp],
             [tensor_of((1, 1, 8)), tensor_of((1, 8, 64)), tensor_of((1,)),
              tensor_of((1,))], tensor_of((1, 1, 64)))
    v = add_const(f, v, (1, 1, 64))
    v = reshape(f, v, (1, 1, 64), (1, 4, 4, 4))
    v = relu(f, v, (1, 4, 4, 4))
    v, shape = transpose_conv(f, v, (1, 4, 4, 4), 3, (5, 5), (2, 2),
                              [-2, -1, -2, -1], 3)
    v = add_const(f, v, shape)
    v = leaky(f, v, shape, 0.2)
    v, shape = transpose_conv(f, v, shape, 2, (4, 4), (2, 2),
                              [-1, -1, -1, -1], 2)
    v = unary(f, 'tosa.tanh', v, shape)
    funcs.append((f, v, tensor_of(shape)))
    # Residual block with relu6 clamp, then a conv + bias + sigmoid.
    f = Func('net_residual', rng)
    x = f.arg((1, 5, 5, 3))
    a, shape = conv(f, x, (1, 5, 5, 3), 3, 3, [1, 1, 1, 1])
    a = relu(f, a, shape, '6.0')
    b, shape = conv(f, a, shape, 3, 3, [1, 1, 1, 1])
    v = f.op('tosa.add', [b, x], [tensor_of(shape)] * 2, tensor_of(shape))
    v = relu(f, v, shape)
    v, shape = conv(f, v, shape, 2, 1, [0, 0, 0, 0])
    v = add_const(f, v, shape, per_channel=False)
    v = unary(f, 'tosa.sigmoid', v, shape)
    funcs.append((f, v, tensor_of(shape)))
    # Skip concat of a deconv and an input, then an activation that fuses
    # through the concat into both... and one that cannot (an argument).
    f = Func('net_concat', rng)
    x = f.arg((1, 3, 3, 2))
    skip = f.arg((1, 6, 6, 2))
    d, shape = transpose_conv(f, x, (1, 3, 3, 2), 2, (3, 3), (2, 2),
                              [-1, 0, -1, 0], 2)
    c = f.op('tosa.concat', [d, skip], [tensor_of(shape), tensor_of(shape)],
             tensor_of((1, 6, 6, 4)), 'axis = 3 : i32')
    v = leaky(f, c, (1, 6, 6, 4), 0.1)
    funcs.append((f, v, tensor_of((1, 6, 6, 4))))
    # Activation through concat of two convs, and a multi-use conv whose
    # bias add and activation cannot fuse.
    f = Func('net_multiuse', rng)
    x = f.arg((1, 4, 4, 2))
    a, shape = conv(f, x, (1, 4, 4, 2), 2, 3, [1, 1, 1, 1])
    b = add_const(f, a, shape)
    b = relu(f, b, shape)
    v = f.op('tosa.add', [a, b], [tensor_of(shape)] * 2, tensor_of(shape))
    c2, _ = conv(f, v, shape, 3, 1, [0, 0, 0, 0])
    c3, _ = conv(f, v, shape, 1, 3, [1, 1, 1, 1])
    cat = f.op('tosa.concat', [c2, c3],
               [tensor_of((1, 4, 4, 3)), tensor_of((1, 4, 4, 1))],
               tensor_of((1, 4, 4, 4)), 'axis = 3 : i32')
    v = unary(f, 'tosa.tanh', cat, (1, 4, 4, 4))
    funcs.append((f, v, tensor_of((1, 4, 4, 4))))
    return funcs


def run(cmd, text):
    try:
        return run_tool('accel-opt', cmd, text).stdout
    except ToolError as e:
        sys.stderr.write(e.stderr)
        raise SystemExit('command failed: %s' % ' '.join(cmd))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('accel_opt')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--count', type=int, default=60)
    parser.add_argument('--int8', type=int, default=20)
    parser.add_argument('--strategies', default='split,stacked,zero-insert')
    parser.add_argument('--target', default='')
    args = parser.parse_args()
    rng = np.random.RandomState(args.seed)

    funcs = []
    for i in range(args.count):
        funcs.append(random_transpose_conv('tconv%d' % i, rng, False))
    for i in range(args.int8):
        funcs.append(random_transpose_conv('tconv_i8_%d' % i, rng, True))
    funcs += network_snippets(rng)
    attrs = (' attributes {accel.target = #accel.target<"%s">}' % args.target
             if args.target else '')
    module = 'module%s {\n%s}\n' % (attrs, ''.join(
        f.text(r, t) for f, r, t in funcs))
    generic = ['--mlir-print-op-generic',
               '--mlir-print-elementsattrs-with-hex-if-larger=-1']
    reference = mlir_numpy.split_functions(
        run([args.accel_opt] + generic, module))
    expected = {}
    for f, _, _ in funcs:
        fargs, lines = reference[f.name]
        expected[f.name] = mlir_numpy.run_function(lines, fargs,
                                                   f.arg_values)[0]

    failures = 0
    for strategy in args.strategies.split(','):
        out = run([args.accel_opt, '--convert-tosa-to-accel=strategy=' +
                   strategy + ' allow-i32-results=true'] + generic, module)
        converted = mlir_numpy.split_functions(out)
        worst = 0.0
        for f, _, _ in funcs:
            fargs, lines = converted[f.name]
            bad = [op for op in map(mlir_text.parse_op, lines)
                   if op is not None and op.name.startswith('tosa.')
                   and op.name not in ('tosa.const', 'tosa.const_shape')]
            if bad:
                print('%s %s: TOSA op left: %s' % (strategy, f.name, bad[0].text))
                failures += 1
                continue
            got = mlir_numpy.run_function(lines, fargs, f.arg_values)[0]
            want = expected[f.name]
            err = rel_error(got, want)
            worst = max(worst, err)
            if err > 1e-9:
                print('%s %s: max relative error %g' % (strategy, f.name, err))
                failures += 1
        print('%s: %d functions, worst relative error %.1e' % (
            strategy, len(funcs), worst))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()

"""Tiny ONNX models for the importer's tests, written at test time (nothing committed binary).

Most models are tiny torch.nn modules exported with torch.onnx.export (what a user's model
looks like); a few are written with onnx.helper where a test needs an exact attribute
(auto_pad, output_shape, a symbolic dim, an unknown op, external data, quantized graphs). The
reference for every model is PyTorch (the module itself, or the torch.nn.functional call written
from the ONNX operator's definition) or, for the quantized (QDQ, QLinearConv, ConvInteger)
models, ONNX's definition of each node evaluated in float64 (_eval_qdq), never accel.

  # Write model NAME (see MODELS) to OUT.onnx.
  /usr/bin/python3 -m accel_tools.onnx_models write NAME OUT.onnx

  # Run the imported TOSA (accel-translate --import-onnx OUT.onnx -o OUT.mlir) on the CPU
  # through upstream MLIR (accel_tools.oracle) and compare with PyTorch: prints
  # "PASS NAME max_abs_err=..." or exits 1.
  /usr/bin/python3 -m accel_tools.onnx_models check NAME OUT.mlir [--tol 1e-4]

  # Seeded inputs as .npy, and outputs (e.g. accel-sim's) compared with PyTorch.
  /usr/bin/python3 -m accel_tools.onnx_models inputs NAME IN0.npy [IN1.npy ...]
  /usr/bin/python3 -m accel_tools.onnx_models compare NAME OUT0.npy [...] [--tol 1e-4]

Inputs are seeded; the imported function is `@forward` with the model's NCHW interface.
Requires Debian's /usr/bin/python3 with python3-torch and python3-onnx.
"""

import argparse
import os
import sys
from typing import Callable, Dict, List, Tuple

import numpy as np

SEED = 11


def _torch():
    import torch
    return torch


# ---------------------------------------------------------------------------------------------
# torch.nn models: (module factory, input shapes)
# ---------------------------------------------------------------------------------------------

def _seq(*layers):
    torch = _torch()
    return torch.nn.Sequential(*layers)


def _with_stats(module):
    """Gives every BatchNorm non-trivial running statistics (eval mode uses them)."""
    torch = _torch()
    g = torch.Generator().manual_seed(SEED + 1)
    for m in module.modules():
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=g) * 0.5)
            m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
            m.weight.data.copy_(torch.randn(n, generator=g))
            m.bias.data.copy_(torch.randn(n, generator=g))
    return module


def _module(layers: Callable[[], Dict[str, object]], forward: Callable):
    """A torch.nn.Module with the submodules / parameters `layers()` and `forward(self, *x)`."""
    torch = _torch()

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            for name, layer in layers().items():
                setattr(self, name, layer)

        def forward(self, *xs):
            return forward(self, *xs)
    return Net()


def _concat():
    """Two branches joined on channels (a U-Net skip)."""
    torch = _torch()
    nn = torch.nn
    return _module(lambda: {"a": nn.Conv2d(3, 4, 3, padding=1),
                            "up": nn.ConvTranspose2d(3, 2, 4, stride=2, padding=1),
                            "pool": nn.Conv2d(3, 3, 2, stride=2)},
                   lambda m, x: torch.cat([m.a(x), m.up(m.pool(x))], dim=1))


def _arith():
    """Add/Sub/Mul/Div with constants and same-shape tensors."""
    torch = _torch()

    def forward(m, x):
        y = m.conv(x)
        z = (y * m.k + 0.25) - y / 4.0
        return z / (torch.sigmoid(y) + 1.0)
    return _module(lambda: {"conv": torch.nn.Conv2d(2, 3, 1),
                            "k": torch.nn.Parameter(
                                torch.linspace(0.5, 1.5, 3).reshape(1, 3, 1, 1))},
                   forward)


def _view_linear():
    """Linear -> view(-1, C, 3, 3) -> ConvTranspose -> Tanh (a DCGAN generator's head)."""
    torch = _torch()
    nn = torch.nn
    return _module(lambda: {"fc": nn.Linear(6, 4 * 3 * 3),
                            "up": nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1)},
                   lambda m, z: torch.tanh(m.up(m.fc(z).view(-1, 4, 3, 3))))


def _pad_crop(mixed):
    """TF-SAME after a transposed conv: F.pad with negative pads (a crop); `mixed` adds a crop
    of the input and a pad that crops one side and pads the other."""
    nn = _torch().nn
    F = _torch().nn.functional
    return _module(lambda: {"up": nn.ConvTranspose2d(2, 3, 5, stride=2)},
                   lambda m, x: F.pad(F.pad(m.up(F.pad(x, (0, -1, -1, 0))), (-1, -2, -1, -2)),
                                      (2, -1, -3, 1))
                   if mixed else F.pad(m.up(x), (-1, -2, -1, -2)))
def _norm_softmax():
    """conv -> ConvTranspose -> InstanceNorm (affine) -> ReLU -> ConvTranspose -> softmax over
    channels: InstanceNormalization and Softmax run on the host (accel.host)."""
    torch = _torch()
    nn = torch.nn
    g = torch.Generator().manual_seed(SEED + 3)

    def layers():
        norm = nn.InstanceNorm2d(4, affine=True)
        norm.weight.data.copy_(torch.rand(4, generator=g) + 0.5)
        norm.bias.data.copy_(torch.randn(4, generator=g))
        return {"conv": nn.Conv2d(3, 4, 3, padding=1),
                "up1": nn.ConvTranspose2d(4, 4, 4, stride=2, padding=1),
                "norm": norm,
                "up2": nn.ConvTranspose2d(4, 5, 3, stride=2, padding=1, output_padding=1)}
    return _module(layers, lambda m, x: torch.softmax(
        m.up2(torch.relu(m.norm(m.up1(m.conv(x))))), dim=1))


def _reduce_mean(dims, keepdim, fc):
    """ConvTranspose -> mean over `dims` (ONNX ReduceMean) -> optionally a Linear: the mean runs
    on the host."""
    torch = _torch()
    nn = torch.nn
    layers = {"up": nn.ConvTranspose2d(3, 4, 3, stride=2)}
    if fc:
        layers["fc"] = nn.Linear(4, 6)
    return _module(lambda: layers,
                   lambda m, x: (m.fc if fc else (lambda y: y))(
                       m.up(x).mean(dim=dims, keepdim=keepdim)))


def _torch_models() -> Dict[str, Tuple[Callable, List[Tuple[int, ...]]]]:
    nn = _torch().nn
    return {
        "conv": (lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), [(1, 3, 9, 8)]),
        "conv_dilated": (lambda: nn.Conv2d(2, 3, 3, padding=(2, 1), dilation=(2, 1)),
                         [(1, 2, 8, 7)]),
        "conv_grouped": (lambda: nn.Conv2d(4, 6, 3, padding=1, groups=2), [(1, 4, 6, 6)]),
        "conv_depthwise": (lambda: nn.Conv2d(3, 6, 3, stride=2, padding=1, groups=3),
                           [(1, 3, 7, 7)]),
        "conv1d": (lambda: nn.Conv1d(2, 3, 5, stride=2, padding=2), [(1, 2, 17)]),
        "tconv": (lambda: nn.ConvTranspose2d(3, 2, 4, stride=2, padding=1, output_padding=1),
                  [(1, 3, 5, 4)]),
        "tconv_grouped": (lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, groups=2),
                          [(1, 4, 4, 4)]),
        "tconv_dilated": (lambda: nn.ConvTranspose2d(2, 2, 3, stride=2, dilation=2),
                          [(1, 2, 4, 4)]),
        "tconv_dilated_s2g2": (lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, dilation=2,
                                                          padding=1, output_padding=1,
                                                          groups=2),
                               [(1, 4, 5, 4)]),
        "tconv_dilated_s3": (lambda: nn.ConvTranspose2d(3, 4, (3, 2), stride=3,
                                                        dilation=(2, 3), padding=(2, 1),
                                                        output_padding=(1, 2)),
                             [(1, 3, 4, 5)]),
        "tconv_dilated_s3g2": (lambda: nn.ConvTranspose2d(4, 4, 4, stride=3, dilation=2,
                                                          padding=3, groups=2),
                               [(1, 4, 3, 4)]),
        "tconv1d_dilated": (lambda: _seq(nn.ConvTranspose1d(3, 4, 5, stride=2, dilation=3,
                                                            padding=2),
                                         nn.ReLU(),
                                         nn.ConvTranspose1d(4, 2, 4, stride=4, dilation=2)),
                            [(1, 3, 7)]),
        "tconv1d": (lambda: _seq(nn.ConvTranspose1d(3, 4, 16, stride=8, padding=4),
                                 nn.LeakyReLU(0.2),
                                 nn.ConvTranspose1d(4, 2, 4, stride=2, padding=1)),
                    [(1, 3, 5)]),
        "conv_bn_relu": (lambda: _with_stats(_seq(nn.Conv2d(3, 4, 3, padding=1),
                                                  nn.BatchNorm2d(4), nn.ReLU())),
                         [(1, 3, 6, 6)]),
        "tconv_bn": (lambda: _with_stats(_seq(nn.ConvTranspose2d(4, 4, 4, 2, 1, groups=2),
                                              nn.BatchNorm2d(4), nn.ReLU())),
                     [(1, 4, 3, 3)]),
        "bn_alone": (lambda: _with_stats(_seq(nn.Conv2d(2, 3, 1), nn.ReLU(),
                                              nn.BatchNorm2d(3))),
                     [(1, 2, 4, 4)]),
        "activations": (lambda: _seq(nn.Conv2d(2, 4, 1), nn.LeakyReLU(0.1), nn.Tanh(),
                                     nn.Hardtanh(-0.5, 0.5), nn.PReLU(4, 0.3),
                                     nn.Sigmoid()),
                        [(1, 2, 3, 3)]),
        "flatten_linear": (lambda: _seq(nn.Conv2d(2, 3, 3, padding=1), nn.ReLU(), nn.Flatten(),
                                         nn.Linear(3 * 4 * 5, 7)),
                           [(1, 2, 4, 5)]),
        "view_linear": (_view_linear, [(1, 6)]),
        "pad_crop": (lambda: _pad_crop(False), [(1, 2, 5, 4)]),
        "pad_mixed": (lambda: _pad_crop(True), [(1, 2, 5, 4)]),
        "pad": (lambda: _seq(nn.ZeroPad2d((1, 2, 0, 3)), nn.Conv2d(2, 3, 3),
                             nn.ConstantPad2d((2, 0, 1, 1), 0.5)),
                [(1, 2, 5, 6)]),
        "upsample_nearest": (lambda: _seq(nn.Upsample(scale_factor=2, mode="nearest"),
                                          nn.Conv2d(3, 2, 3, padding=1),
                                          nn.Upsample(scale_factor=3, mode="nearest")),
                             [(1, 3, 4, 5)]),
        "upsample_bilinear": (lambda: _seq(nn.Upsample(scale_factor=2, mode="bilinear"),
                                           nn.Conv2d(3, 2, 3, padding=1),
                                           nn.Upsample(scale_factor=3, mode="bilinear")),
                              [(1, 3, 4, 5)]),
        "upsample_align_corners": (lambda: nn.Upsample(scale_factor=2, mode="bilinear",
                                                       align_corners=True),
                                   [(1, 2, 3, 5)]),
        "pixel_shuffle": (lambda: _seq(nn.Conv2d(2, 12, 3, padding=1), nn.PixelShuffle(2)),
                          [(1, 2, 4, 3)]),
        "mlp": (lambda: _seq(nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 5)), [(1, 12)]),
        "linear_bn": (lambda: _with_stats(_seq(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(),
                                               nn.Linear(8, 4, bias=False),
                                               nn.BatchNorm1d(4))),
                      [(1, 6)]),
        "concat": (_concat, [(1, 3, 6, 6)]),
        "arith": (_arith, [(1, 2, 3, 4)]),
        "norm_softmax": (_norm_softmax, [(1, 3, 5, 4)]),
        "global_avg_pool": (lambda: _seq(nn.ConvTranspose2d(3, 4, 4, stride=2, padding=1),
                                         nn.AdaptiveAvgPool2d(1), nn.Conv2d(4, 5, 1)),
                            [(1, 3, 5, 4)]),
        "act_elu_softplus": (lambda: _seq(nn.Conv2d(2, 4, 1), nn.ELU(0.7), nn.Conv2d(4, 4, 1),
                                          nn.Softplus(), nn.Conv2d(4, 4, 1), nn.Mish()),
                             [(1, 2, 5, 4)]),
        "act_gelu_hardswish": (lambda: _seq(nn.Conv2d(2, 4, 1), nn.GELU(), nn.Conv2d(4, 4, 1),
                                            nn.GELU(approximate="tanh"), nn.Conv2d(4, 4, 1),
                                            nn.Hardswish(), nn.Conv2d(4, 4, 1),
                                            nn.Hardsigmoid()),
                               [(1, 2, 5, 4)]),
        # Floor mode with padding, ceil mode (a last window over the end), floor mode that
        # never reads the last row and column (sliced off).
        # LayerNorm over (C, H, W) and over W: opset 13 exports ReduceMean, Sub, Pow,
        # Sqrt, Div; layer_norm_op is the opset 17 LayerNormalization node.
        "layer_norm": (lambda: _seq(nn.Conv2d(2, 4, 1), nn.LayerNorm([4, 5, 6]), nn.Conv2d(4, 4, 1),
                                    nn.LayerNorm(6)),
                       [(1, 2, 5, 6)]),
        "max_pool": (lambda: _seq(nn.Conv2d(2, 3, 3, padding=1), nn.MaxPool2d(3, 2, padding=1),
                                  nn.MaxPool2d(2, ceil_mode=True), nn.MaxPool2d(2)),
                     [(1, 2, 11, 9)]),
        "avg_pool": (lambda: _seq(nn.Conv2d(2, 3, 1), nn.AvgPool2d(3, 2, padding=1),
                                  nn.AvgPool2d((2, 3), stride=(2, 1), padding=(1, 1),
                                               ceil_mode=True, count_include_pad=False)),
                     [(1, 2, 11, 9)]),
        "avg_pool_count_pad": (lambda: _seq(nn.Conv2d(2, 3, 1),
                                            nn.AvgPool2d(3, 2, padding=1, ceil_mode=True)),
                               [(1, 2, 10, 8)]),
        "pool1d": (lambda: _seq(nn.Conv1d(2, 3, 3), nn.MaxPool1d(4, 2, padding=1),
                                nn.AvgPool1d(3, 3, ceil_mode=True)),
                   [(1, 2, 20)]),
        "reduce_mean": (lambda: _reduce_mean((2, 3), False, True), [(1, 3, 5, 4)]),
        "reduce_mean_channels": (lambda: _reduce_mean(1, False, False), [(1, 3, 5, 4)]),
        "reduce_mean_keepdims": (lambda: _reduce_mean((1, 3), True, False), [(1, 3, 5, 4)]),
    }


def torch_module(name: str):
    """(module in eval mode, input shape) of the one-input torch model `name`, seeded as the
    exported one (for end-to-end checks through the whole compiler)."""
    torch = _torch()
    factory, shapes = _torch_models()[name]
    torch.manual_seed(SEED)
    return factory().eval(), shapes[0]


def _seeded_inputs(shapes) -> List[np.ndarray]:
    rng = np.random.default_rng(SEED)
    return [rng.integers(-128, 128, s[1], dtype=np.int8) if s[0] == "int8"
            else rng.standard_normal(s).astype(np.float32) for s in shapes]


def _export_torch(name: str, path: str) -> None:
    torch = _torch()
    factory, shapes = _torch_models()[name]
    torch.manual_seed(SEED)
    module = factory().eval()
    args = tuple(torch.from_numpy(x) for x in _seeded_inputs(shapes))
    names = ["input"] if len(shapes) == 1 else ["input%d" % i for i in range(len(shapes))]
    torch.onnx.export(module, args, path, input_names=names, output_names=["output"],
                      opset_version=13)
    _MODULES[name] = module


_MODULES: Dict[str, object] = {}


def _torch_reference(name: str) -> List[np.ndarray]:
    torch = _torch()
    factory, shapes = _torch_models()[name]
    torch.manual_seed(SEED)
    module = _MODULES.get(name) or factory().eval()
    with torch.no_grad():
        out = module(*(torch.from_numpy(x) for x in _seeded_inputs(shapes)))
    return [out.numpy()]


# ---------------------------------------------------------------------------------------------
# onnx.helper models: exact attributes, bad inputs
# ---------------------------------------------------------------------------------------------

def _weights(*shape) -> np.ndarray:
    rng = np.random.default_rng(SEED + 2)
    return rng.standard_normal(shape).astype(np.float32)


def _helper_model(nodes, inputs, outputs, initializers, opset=13, name="g", elem=None):
    import onnx
    from onnx import helper, numpy_helper
    elem = onnx.TensorProto.FLOAT if elem is None else elem
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, elem, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, elem, s) for n, s in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _conv_same_upper():
    from onnx import helper
    w = _weights(3, 2, 4, 3)
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="same_conv",
                            auto_pad="SAME_UPPER", strides=[2, 1])
    return _helper_model([node], [("x", [1, 2, 7, 6])], [("y", None)], [("w", w)])


def _ref_conv_same_upper(x):
    torch = _torch()
    F = torch.nn.functional
    w = torch.from_numpy(_weights(3, 2, 4, 3))
    # SAME_UPPER, stride (2, 1): out (4, 6); total pad H = 3*2+4-7 = 3 -> (1, 2); W 2 -> (1, 1).
    xp = F.pad(torch.from_numpy(x), (1, 1, 1, 2))
    return F.conv2d(xp, w, stride=(2, 1)).numpy()


def _tconv_output_shape():
    from onnx import helper
    w = _weights(2, 3, 3, 3)
    b = _weights(3)
    node = helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"], name="up",
                            strides=[2, 2], output_shape=[8, 9])
    return _helper_model([node], [("x", [1, 2, 4, 4])], [("y", None)],
                         [("w", w), ("b", b)])


def _ref_tconv_output_shape(x):
    torch = _torch()
    F = torch.nn.functional
    w, b = torch.from_numpy(_weights(2, 3, 3, 3)), torch.from_numpy(_weights(3))
    full = F.conv_transpose2d(torch.from_numpy(x), w, b, stride=2)  # natural size 9 x 9
    # ONNX: total_padding H = 9 - 8 = 1; auto_pad NOTSET puts total - total/2 = 1 at the
    # start (SAME_UPPER would put it at the end); W: 0.
    return full[:, :, 1:, :].numpy()


def _depth_to_space_dcr():
    from onnx import helper
    node = helper.make_node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=2,
                            mode="DCR")
    return _helper_model([node], [("x", [1, 8, 3, 2])], [("y", None)], [])


def _fuzz_d2s_huge_block():
    """accel-fuzz-onnx regression: blocksize 2^40 made blocksize^2 overflow to 0 (a division
    by zero in the importer's check)."""
    from onnx import helper
    node = helper.make_node("DepthToSpace", ["x"], ["y"], name="d2s", blocksize=1 << 40)
    return _helper_model([node], [("x", [1, 8, 3, 2])], [("y", None)], [])


def _ref_depth_to_space_dcr(x):
    # ONNX's definition of DCR, written with numpy.
    n, c, h, w = x.shape
    b = 2
    t = x.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
    return t.reshape(n, c // (b * b), h * b, w * b)


# QLinearConv: int8 interface, per-channel then per-tensor weight scales. The reference is
# ONNX's definition in float64: y = saturate(round_half_even((x - x_zp) * (w - w_zp) + B)
# * x_scale * w_scale / y_scale) + y_zp); accel's TOSA rescale rounds the 31-bit multiplier
# (docs/Import.md), so it may differ by one step: `compare --tol 1`.
_QCONV = [  # x_scale, x_zp, w shape, w_scale, y_scale, y_zp, attributes
    (0.05, -3, (4, 3, 3, 3), [0.011, 0.02, 0.015, 0.031], 1.1, 5,
     dict(pads=[1, 1, 1, 1], strides=[2, 1])),
    (1.1, 5, (3, 4, 3, 2), [0.013], 7.0, -7, dict(pads=[2, 0, 1, 1], dilations=[2, 1])),
]


def _qconv_tensors():
    rng = np.random.default_rng(SEED + 3)
    return [(rng.integers(-127, 128, ws, dtype=np.int8),
             rng.integers(-3000, 3000, ws[0]).astype(np.int32)) for _, _, ws, *_ in _QCONV]


def _qlinear_conv(x_scale_input=False, y_scale=None, zp_type=None, relu=False):
    import onnx
    from onnx import helper
    nodes, inits, x = [], [], "x"
    zp_np = np.int8 if zp_type is None else zp_type
    for k, ((xs, xzp, ws, wsc, ys, yzp, attrs), (w, b)) in enumerate(
            zip(_QCONV, _qconv_tensors())):
        p = "c%d_" % k
        inits += [(p + "xs", np.array(xs, np.float32)), (p + "xzp", np.array(xzp).astype(zp_np)),
                  (p + "w", w), (p + "ws", np.array(wsc, np.float32)),
                  (p + "wzp", np.zeros(len(wsc), np.int8)),
                  (p + "ys", np.array(ys if y_scale is None else y_scale, np.float32)),
                  (p + "yzp", np.array(yzp, np.int8)), (p + "b", b)]
        out = "y" if k == len(_QCONV) - 1 else p + "out"
        xs_name = "x_scale" if x_scale_input and k == 0 else p + "xs"
        nodes.append(helper.make_node(
            "QLinearConv", [x, xs_name, p + "xzp", p + "w", p + "ws", p + "wzp", p + "ys",
                            p + "yzp", p + "b"], [out], name="qconv%d" % k, **attrs))
        x = out
    if relu:
        nodes.append(helper.make_node("Relu", ["y"], ["z"], name="relu"))
    m = _helper_model(nodes, [("x", [1, 3, 9, 7])], [("z" if relu else "y", None)], inits,
                      name="qconv", elem=onnx.TensorProto.INT8)
    if x_scale_input:
        m.graph.input.append(helper.make_tensor_value_info("x_scale", onnx.TensorProto.FLOAT,
                                                           []))
    return m


def _ref_qlinear_conv(x):
    torch = _torch()
    F = torch.nn.functional
    y = x
    for (xs, xzp, _, wsc, ys, yzp, attrs), (w, b) in zip(_QCONV, _qconv_tensors()):
        p = attrs.get("pads", [0] * 4)
        xp = F.pad(torch.from_numpy(y.astype(np.float64) - xzp), (p[1], p[3], p[0], p[2]))
        acc = F.conv2d(xp, torch.from_numpy(w.astype(np.float64)),
                       torch.from_numpy(b.astype(np.float64)), stride=attrs.get("strides", 1),
                       dilation=attrs.get("dilations", 1)).numpy()
        scale = (np.float64(np.float32(xs)) * np.array(wsc, np.float32).astype(np.float64)
                 / np.float64(np.float32(ys)))
        y = np.clip(np.rint(acc * scale.reshape(1, -1, 1, 1)) + yzp, -128, 127).astype(np.int8)
    return y


# ---------------------------------------------------------------------------------------------
# QDQ models (the form onnxruntime's quantize_static and PyTorch's quantizers write): float
# weights of small torch.nn layers, quantized here with numpy (weights int8 symmetric, per
# output channel where noted; biases left f32, or int32 at x_scale * w_scale), activations
# through QuantizeLinear / DequantizeLinear. The interface is the int8 data (docs/Import.md):
# the seeded int8 inputs stand for the input's QuantizeLinear result, the output is the data
# the last DequantizeLinear reads. The reference is ONNX's definition of every node evaluated
# in float64 by _eval_qdq (numpy / torch.nn.functional), independent of accel.
# ---------------------------------------------------------------------------------------------

def _torch_weights(layer):
    torch = _torch()
    torch.manual_seed(SEED + 5)
    m = layer()
    return m.weight.detach().numpy().astype(np.float32), m.bias.detach().numpy().astype(np.float32)


def _quantize_weight(w, axis):
    """Symmetric int8 per-channel (axis given) or per-tensor (axis None) quantization."""
    if axis is None:
        scale = np.array(np.abs(w).max() / 127.0, np.float32)
        return np.clip(np.rint(w / scale), -127, 127).astype(np.int8), scale
    red = tuple(i for i in range(w.ndim) if i != axis)
    scale = (np.abs(w).max(axis=red) / 127.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    return np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(np.int8), scale


class _Qdq:
    """Builds a QDQ graph with onnx.helper."""

    def __init__(self, elem="int8"):
        self.nodes, self.inits, self.n = [], [], 0
        self.np_zp = np.uint8 if elem == "uint8" else np.int8

    def const(self, name, arr):
        self.inits.append((name, arr))
        return name

    def node(self, op, ins, name=None, **attrs):
        from onnx import helper
        self.n += 1
        out = "t%d" % self.n
        self.nodes.append(helper.make_node(op, ins, [out], name=name or "%s%d" % (op.lower(),
                                                                                 self.n),
                                           **attrs))
        return out

    def q(self, x, scale, zp, name=None):
        return self.node("QuantizeLinear", [x, self.const(x + "_ys", np.array(scale, np.float32)),
                                            self.const(x + "_yzp", np.array(zp, self.np_zp))],
                         name=name)

    def dq(self, x, scale, zp, name=None):
        return self.node("DequantizeLinear",
                         [x, self.const(x + "_xs", np.array(scale, np.float32)),
                          self.const(x + "_xzp", np.array(zp).astype(self.np_zp))], name=name)

    def dq_weight(self, w, scale, axis, name):
        ins = [self.const(name + "_q", w), self.const(name + "_s", scale),
               self.const(name + "_zp", np.zeros(scale.shape, np.int8))]
        return self.node("DequantizeLinear", ins, name=name + "_dq", axis=axis)

    def model(self, x_shape, out, out_shape=None, x_elem=None):
        import onnx
        from onnx import helper
        self.nodes[-1].output[0] = "y"
        return _helper_model(self.nodes, [("x", x_shape)], [("y", out_shape)], self.inits,
                             name="qdq")


def _qdq_conv_relu(elem="int8", clip=False):
    g = _Qdq(elem)
    off = 128 if elem == "uint8" else 0
    w, b = _torch_weights(lambda: _torch().nn.Conv2d(3, 4, 3, padding=1, stride=1))
    wq, ws = _quantize_weight(w, 0)
    x = g.dq(g.q("x", 0.05, -3 + off, name="q_in"), 0.05, -3 + off)
    y = g.node("Conv", [x, g.dq_weight(wq, ws, 0, "w"), g.const("b", b)], name="conv",
               pads=[1, 1, 1, 1])
    if clip:
        y = g.node("Clip", [y, g.const("lo", np.array(-0.3, np.float32)),
                            g.const("hi", np.array(1.0, np.float32))], name="clip")
    else:
        y = g.node("Relu", [y], name="relu")
    y = g.dq(g.q(y, 0.03, 10 + off, name="q_out"), 0.03, 10 + off, name="dq_out")
    return g.model([1, 3, 6, 5], y)


def _qdq_tconv():
    g = _Qdq()
    w, b = _torch_weights(lambda: _torch().nn.ConvTranspose2d(3, 4, 4, stride=2, padding=1))
    wq, ws = _quantize_weight(w, 1)  # [C, M, KH, KW]: per output channel M
    x = g.dq(g.q("x", 0.04, 2), 0.04, 2)
    bq = np.rint(b / (0.04 * ws)).astype(np.int32)
    bias = g.node("DequantizeLinear", [g.const("bq", bq), g.const("bs", (np.float32(0.04) * ws)
                                                                   .astype(np.float32)),
                                       g.const("bzp", np.zeros(4, np.int32))], name="b_dq",
                  axis=0)
    y = g.node("ConvTranspose", [x, g.dq_weight(wq, ws, 1, "w"), bias], name="up",
               strides=[2, 2], pads=[1, 1, 1, 1])
    y = g.dq(g.q(y, 0.05, -4), 0.05, -4)
    return g.model([1, 3, 4, 5], y)


def _qdq_gemm():
    g = _Qdq()
    w, b = _torch_weights(lambda: _torch().nn.Linear(6, 5))  # [N, K]
    wq, ws = _quantize_weight(w, 0)
    x = g.dq(g.q("x", 0.03, 1), 0.03, 1)
    y = g.node("Gemm", [x, g.dq_weight(wq, ws, 0, "w"), g.const("b", b)], name="fc",
               transB=1)
    y = g.dq(g.q(y, 0.02, -2), 0.02, -2)
    return g.model([3, 6], y)


def _qdq_matmul():
    """MatMul by a constant [K, N] with per-column (axis 1) weight scales, no bias."""
    g = _Qdq()
    w, _ = _torch_weights(lambda: _torch().nn.Linear(6, 5))
    wq, ws = _quantize_weight(np.ascontiguousarray(w.T), 1)
    x = g.dq(g.q("x", 0.03, -1), 0.03, -1)
    y = g.node("MatMul", [x, g.dq_weight(wq, ws, 1, "w")], name="mm")
    y = g.dq(g.q(y, 0.04, 3), 0.04, 3)
    return g.model([3, 6], y)


def _qdq_add_concat(op):
    """x -> conv (scale 0.07) and x (scale 0.04) joined by Add or Concat (scale 0.06).
    "AddRelu": the Add's result then goes through a Relu between a DQ and a Q of its own at
    the same scale and zero point, and a Clip(0, 2) quantized to another scale (0.03, zero
    point -128): activations quantized on their own, as onnxruntime's quantizer writes a
    residual block's Add -> Relu."""
    g = _Qdq()
    w, b = _torch_weights(lambda: _torch().nn.Conv2d(3, 3, 3, padding=1))
    wq, ws = _quantize_weight(w, None)
    xq = g.q("x", 0.04, 3)
    y = g.node("Conv", [g.dq(xq, 0.04, 3), g.dq_weight(wq, ws, 0, "w"), g.const("b", b)],
               name="conv", pads=[1, 1, 1, 1])
    y = g.dq(g.q(y, 0.07, -6), 0.07, -6)
    if op == "Concat":
        z = g.node("Concat", [g.dq(xq, 0.04, 3), y], name="join", axis=1)
    else:
        z = g.node("Add", [g.dq(xq, 0.04, 3), y], name="residual")
    z = g.dq(g.q(z, 0.06, 5), 0.06, 5)
    if op == "AddRelu":
        z = g.dq(g.q(g.node("Relu", [z], name="relu"), 0.06, 5), 0.06, 5)
        z = g.node("Clip", [z, g.const("lo", np.array(0.0, np.float32)),
                            g.const("hi", np.array(2.0, np.float32))], name="clip")
        z = g.dq(g.q(z, 0.03, -128), 0.03, -128)
    return g.model([1, 3, 5, 4], z)


def _conv_integer():
    from onnx import helper
    import onnx
    rng = np.random.default_rng(SEED + 7)
    w = rng.integers(-128, 128, (4, 3, 3, 3), dtype=np.int8)
    node = helper.make_node("ConvInteger", ["x", "w", "xzp", "wzp"], ["y"], name="convint",
                            pads=[1, 0, 1, 0], strides=[1, 2])
    m = _helper_model([node], [("x", [1, 3, 5, 6])], [("y", None)],
                      [("w", w), ("xzp", np.array(-7, np.int8)), ("wzp", np.array(3, np.int8))],
                      elem=onnx.TensorProto.INT8)
    m.graph.output[0].type.tensor_type.elem_type = onnx.TensorProto.INT32
    return m


def _qlinear_conv_grouped():
    from onnx import helper
    import onnx
    rng = np.random.default_rng(SEED + 8)
    w = rng.integers(-127, 128, (6, 2, 3, 3), dtype=np.int8)
    b = rng.integers(-2000, 2000, 6).astype(np.int32)
    inits = [("xs", np.array(0.05, np.float32)), ("xzp", np.array(-3, np.int8)), ("w", w),
             ("ws", np.linspace(0.01, 0.03, 6).astype(np.float32)),
             ("wzp", np.zeros(6, np.int8)), ("ys", np.array(0.9, np.float32)),
             ("yzp", np.array(4, np.int8)), ("b", b)]
    node = helper.make_node("QLinearConv", ["x", "xs", "xzp", "w", "ws", "wzp", "ys", "yzp", "b"],
                            ["y"], name="gconv", group=2, pads=[1, 1, 1, 1])
    return _helper_model([node], [("x", [1, 4, 5, 5])], [("y", None)], inits,
                         name="gconv", elem=onnx.TensorProto.INT8)


def _qdq_bad(kind):
    """A QDQ Conv whose input scale is a graph input (not a constant), whose output zero
    point is int32 (accel maps int8 and uint8 activations), or whose result is not
    quantized (a float tail)."""
    import onnx
    from onnx import helper
    m = _qdq_conv_relu()
    if kind == "dynamic_scale":
        for n in m.graph.node:
            if n.name == "dequantizelinear2":
                n.input[1] = "x_scale"
        m.graph.input.append(helper.make_tensor_value_info("x_scale", onnx.TensorProto.FLOAT, []))
    elif kind == "float_tail":
        del m.graph.node[-2:]
        m.graph.node[-1].output[0] = "y"
    else:
        for t in m.graph.initializer:
            if t.name == "t5_yzp":
                t.CopyFrom(helper.make_tensor("t5_yzp", onnx.TensorProto.INT32, [], [10]))
    return m


def _qat_conv_relu():
    """PyTorch's own QDQ export: a Conv2d + ReLU fused and trained for quantization
    (torch.ao.quantization QAT, uint8 activations, per-channel symmetric int8 weights; the
    non-fused FakeQuantize so that torch.onnx.export writes QuantizeLinear / DequantizeLinear),
    exported with the observers frozen. Weights come as QuantizeLinear(f32) -> DQ."""
    import io
    import onnx
    torch = _torch()
    aq = torch.ao.quantization
    torch.manual_seed(SEED + 9)
    m = torch.nn.Sequential(aq.QuantStub(), torch.nn.Conv2d(3, 4, 3, padding=1),
                            torch.nn.ReLU(), aq.DeQuantStub())
    m.train()
    aq.fuse_modules_qat(m, [["1", "2"]], inplace=True)
    m.qconfig = aq.QConfig(
        activation=aq.FakeQuantize.with_args(observer=aq.MovingAverageMinMaxObserver,
                                             quant_min=0, quant_max=255, dtype=torch.quint8),
        weight=aq.FakeQuantize.with_args(observer=aq.MovingAveragePerChannelMinMaxObserver,
                                         qscheme=torch.per_channel_symmetric, dtype=torch.qint8,
                                         quant_min=-128, quant_max=127))
    aq.prepare_qat(m, inplace=True)
    g = torch.Generator().manual_seed(SEED + 10)
    for _ in range(4):
        m(torch.randn(2, 3, 6, 5, generator=g))
    m.apply(aq.disable_observer)
    m.eval()
    buf = io.BytesIO()
    torch.onnx.export(m, torch.randn(1, 3, 6, 5), buf, opset_version=13, input_names=["x"],
                      output_names=["y"])
    return onnx.load_from_string(buf.getvalue())


def _ints(t):
    return np.asarray(t).astype(np.float64)


def _eval_qdq(model, inputs):
    """ONNX's definition of every node of `model` in float64 (numpy, torch.nn.functional);
    graph-input QuantizeLinear takes the seeded int8 data as its result and the graph output
    is the int8 form (uint8 - 128) of the data its DequantizeLinear reads."""
    from onnx import numpy_helper
    torch = _torch()
    F = torch.nn.functional
    env = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    u8 = {n for n, a in env.items() if a.dtype == np.uint8}
    graph_in = model.graph.input[0].name
    env[graph_in] = inputs[0]
    outs = {o.name for o in model.graph.output}

    def attr(n, name, default):
        for a in n.attribute:
            if a.name == name:
                return list(a.ints) if a.ints else (a.i if a.type == 2 else a.f)
        return default

    def bshape(arr, axis, rank):
        shape = [1] * rank
        shape[axis] = -1
        return np.asarray(arr, np.float64).reshape(shape) if np.size(arr) > 1 else \
            np.float64(np.asarray(arr).reshape(()))

    def conv(x, w, b, n, transposed):
        p = attr(n, "pads", [0, 0, 0, 0])
        s = attr(n, "strides", [1, 1])
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a, np.float64))
        bias = None if b is None else t(b)
        if transposed:
            full = F.conv_transpose2d(t(x), t(w), bias, stride=s).numpy()
            return full[:, :, p[0]:full.shape[2] - p[2], p[1]:full.shape[3] - p[3]]
        xp = F.pad(t(x), (p[1], p[3], p[0], p[2]))
        return F.conv2d(xp, t(w), bias, stride=s, groups=attr(n, "group", 1)).numpy()

    for n in model.graph.node:
        ins = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "QuantizeLinear" and n.input[0] == graph_in:
            r = ins[0].astype(np.int64) + (128 if n.input[2] in u8 else 0)
        elif op == "QuantizeLinear":
            lo, hi = (0, 255) if n.input[2] in u8 else (-128, 127)
            ax = attr(n, "axis", 1) % max(np.ndim(ins[0]), 1)
            scaled = np.asarray(ins[0]).astype(np.float32) / \
                bshape(ins[1], ax, np.ndim(ins[0])).astype(np.float32)  # f32, as ONNX
            r = np.clip(np.rint(scaled) + bshape(ins[2], ax, np.ndim(ins[0])), lo, hi)
        elif op == "DequantizeLinear":
            if n.output[0] in outs:
                env[n.output[0]] = ins[0] - (128 if n.input[2] in u8 else 0)
                continue
            ax = attr(n, "axis", 1) % max(np.ndim(ins[0]), 1)
            r = (_ints(ins[0]) - bshape(ins[2], ax, np.ndim(ins[0]))) * \
                bshape(ins[1].astype(np.float64), ax, np.ndim(ins[0]))
        elif op in ("Conv", "ConvTranspose"):
            r = conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, n, op == "ConvTranspose")
        elif op == "MatMul":
            r = ins[0] @ ins[1]
        elif op == "Gemm":
            r = ins[0] @ (ins[1].T if attr(n, "transB", 0) else ins[1]) + ins[2]
        elif op == "Relu":
            r = np.maximum(ins[0], 0)
        elif op == "Clip":
            r = np.clip(ins[0], np.float64(ins[1]), np.float64(ins[2]))
        elif op == "Add":
            r = ins[0] + ins[1]
        elif op == "Concat":
            r = np.concatenate(ins, axis=attr(n, "axis", 0))
        elif op == "ConvInteger":
            r = conv(_ints(ins[0]) - _ints(ins[2]), _ints(ins[1]) - _ints(ins[3]), None, n, False)
        elif op == "QLinearConv":
            acc = conv(_ints(ins[0]) - _ints(ins[2]),
                       _ints(ins[3]) - bshape(ins[5], 0, 4), ins[8].astype(np.float64), n, False)
            scale = np.float64(ins[1]) * bshape(ins[4].astype(np.float64), 1, 4) / np.float64(ins[6])
            r = np.clip(np.rint(acc * scale) + _ints(ins[7]), -128, 127)
        else:
            raise KeyError(op)
        env[n.output[0]] = r
    return [np.asarray(env[o.name]).astype(np.int32 if o.type.tensor_type.elem_type == 6
                                           else np.int8)
            for o in model.graph.output]


def _qdq_ref(builder):
    return lambda x: _eval_qdq(builder(), [x])[0]


def _gelu_op():
    """Opset 20's Gelu node, exact and tanh-approximated (PyTorch 1.13 cannot export it)."""
    from onnx import helper
    nodes = [helper.make_node("Gelu", ["x"], ["g"], name="gelu_exact"),
             helper.make_node("Gelu", ["g"], ["y"], name="gelu_tanh", approximate="tanh")]
    return _helper_model(nodes, [("x", [1, 3, 5, 4])], [("y", None)], [], opset=20)


def _ref_gelu_op(x):
    F = _torch().nn.functional
    return F.gelu(F.gelu(_torch().from_numpy(x)), approximate="tanh").numpy()


def _mish_op():
    """Opset 18's Mish node."""
    from onnx import helper
    node = helper.make_node("Mish", ["x"], ["y"], name="mish")
    return _helper_model([node], [("x", [1, 3, 5, 4])], [("y", None)], [], opset=18)


def _ref_mish_op(x):
    return _torch().nn.functional.mish(_torch().from_numpy(x)).numpy()


def _pool_auto_pad():
    """MaxPool with auto_pad SAME_UPPER, stride 2, then AveragePool SAME_LOWER, stride 1
    (opset 19, whose AveragePool has a dilations attribute)."""
    from onnx import helper
    nodes = [helper.make_node("MaxPool", ["x"], ["m"], name="max_same", kernel_shape=[3, 3],
                              strides=[2, 2], auto_pad="SAME_UPPER"),
             helper.make_node("AveragePool", ["m"], ["y"], name="avg_same", kernel_shape=[2, 2],
                              auto_pad="SAME_LOWER", dilations=[1, 1])]
    return _helper_model(nodes, [("x", [1, 2, 7, 6])], [("y", None)], [], opset=19)


def _ref_pool_auto_pad(x):
    torch = _torch()
    F = torch.nn.functional
    # SAME_UPPER k3 s2: out (4, 3); total pad H 3*2+3-7 = 2 -> (1, 1), W 2*2+3-6 = 1 -> (0, 1);
    # padding never wins a max.
    m = F.max_pool2d(F.pad(torch.from_numpy(x), (0, 1, 1, 1), value=float("-inf")), 3, 2)
    # SAME_LOWER k2 s1: total pad 1 per axis, at the start; padding is not counted.
    ones = F.pad(torch.ones_like(m), (1, 0, 1, 0))
    total = F.avg_pool2d(F.pad(m, (1, 0, 1, 0)), 2, 1, divisor_override=1)
    count = F.avg_pool2d(ones, 2, 1, divisor_override=1)
    return (total / count).numpy()


def _avg_pool_count_include_pad():
    """AveragePool with count_include_pad = 1, pads and ceil_mode in one node (PyTorch's
    exporter writes an explicit Pad instead, whose ceil_mode windows then differ from its own
    avg_pool2d at the edge)."""
    from onnx import helper
    node = helper.make_node("AveragePool", ["x"], ["y"], name="avg_count_pad",
                            kernel_shape=[3, 2], strides=[2, 2], pads=[1, 1, 1, 1],
                            ceil_mode=1, count_include_pad=1)
    return _helper_model([node], [("x", [1, 2, 10, 7])], [("y", None)], [])


def _ref_avg_pool_count_include_pad(x):
    F = _torch().nn.functional
    # The declared pads count; a ceil_mode window that starts in the end pad is dropped.
    y = F.avg_pool2d(_torch().from_numpy(x), (3, 2), 2, padding=(1, 1), ceil_mode=True,
                     count_include_pad=True)
    return y.numpy()


def _layer_norm_op():
    """Opset 17's LayerNormalization over H and W (axis 2) with Scale and B."""
    from onnx import helper
    node = helper.make_node("LayerNormalization", ["x", "g", "b"], ["y"], name="ln", axis=2,
                            epsilon=1e-3)
    return _helper_model([node], [("x", [1, 3, 4, 5])], [("y", None)],
                         [("g", _weights(4, 5)), ("b", _weights(4, 5)[::-1].copy())], opset=17)


def _ref_layer_norm_op(x):
    torch = _torch()
    return torch.nn.functional.layer_norm(
        torch.from_numpy(x), (4, 5), torch.from_numpy(_weights(4, 5)),
        torch.from_numpy(_weights(4, 5)[::-1].copy()), eps=1e-3).numpy()


def _bad_node(kind):
    """Nodes the importer rejects with an error naming the node."""
    from onnx import helper
    outputs, opset, inits = [("y", None)], 13, []
    if kind == "pool_dilation":
        node = helper.make_node("MaxPool", ["x"], ["y"], name="dilated_pool",
                                kernel_shape=[2, 2], dilations=[2, 2])
    elif kind == "pool_indices":
        node = helper.make_node("MaxPool", ["x"], ["y", "idx"], name="pool_with_indices",
                                kernel_shape=[2, 2])
        outputs = [("y", None), ("idx", None)]
    elif kind == "layer_norm_stats":
        node = helper.make_node("LayerNormalization", ["x", "g"], ["y", "mean"], name="ln_stats")
        inits, outputs, opset = [("g", _weights(4))], [("y", None), ("mean", None)], 17
    elif kind == "pow":
        node = helper.make_node("Pow", ["x", "e"], ["y"], name="sqrt_pow")
        inits = [("e", np.array(0.5, np.float32))]
    else:  # resize_antialias
        node = helper.make_node("Resize", ["x", "", "s"], ["y"], name="aa_resize",
                                antialias=1)
        inits = [("s", np.array([1, 1, 2, 2], np.float32))]
        opset = 18
    return _helper_model([node], [("x", [1, 3, 4, 4])], outputs, inits, opset=opset)


def _symbolic_input():
    from onnx import helper
    w = _weights(2, 3, 1, 1)
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="pointwise")
    return _helper_model([node], [("x", ["batch", 3, "height", 4])], [("y", None)],
                         [("w", w)])


def _unknown_op():
    from onnx import helper
    node = helper.make_node("Hardmax", ["x"], ["y"], name="my_hardmax", axis=1)
    return _helper_model([node], [("x", [1, 3, 2, 2])], [("y", None)], [])


def _old_opset():
    from onnx import helper
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return _helper_model([node], [("x", [1, 3, 2, 2])], [("y", None)], [], opset=5)


def _external_data():
    from onnx import helper
    w = _weights(4, 3, 3, 3)
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="ext_conv", pads=[1, 1, 1, 1])
    return _helper_model([node], [("x", [1, 3, 5, 5])], [("y", None)], [("w", w)])


def _ref_external_data(x):
    torch = _torch()
    return torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(_weights(4, 3, 3, 3)),
                                      padding=1).numpy()


HELPER_MODELS = {
    # name: (builder, input shapes, reference or None)
    "conv_same_upper": (_conv_same_upper, [(1, 2, 7, 6)], _ref_conv_same_upper),
    "tconv_output_shape": (_tconv_output_shape, [(1, 2, 4, 4)], _ref_tconv_output_shape),
    "depth_to_space_dcr": (_depth_to_space_dcr, [(1, 8, 3, 2)], _ref_depth_to_space_dcr),
    "symbolic_input": (_symbolic_input, [(1, 3, 5, 4)], None),
    "gelu_op": (_gelu_op, [(1, 3, 5, 4)], _ref_gelu_op),
    "mish_op": (_mish_op, [(1, 3, 5, 4)], _ref_mish_op),
    "pool_auto_pad": (_pool_auto_pad, [(1, 2, 7, 6)], _ref_pool_auto_pad),
    "layer_norm_op": (_layer_norm_op, [(1, 3, 4, 5)], _ref_layer_norm_op),
    "avg_pool_count_include_pad": (_avg_pool_count_include_pad, [(1, 2, 10, 7)],
                                   _ref_avg_pool_count_include_pad),
    "bad_pool_dilation": (lambda: _bad_node("pool_dilation"), [(1, 3, 4, 4)], None),
    "bad_pool_indices": (lambda: _bad_node("pool_indices"), [(1, 3, 4, 4)], None),
    "bad_pow": (lambda: _bad_node("pow"), [(1, 3, 4, 4)], None),
    "bad_layer_norm_stats": (lambda: _bad_node("layer_norm_stats"), [(1, 3, 4, 4)], None),
    "bad_resize_antialias": (lambda: _bad_node("resize_antialias"), [(1, 3, 4, 4)], None),
    "fuzz_d2s_huge_block": (_fuzz_d2s_huge_block, [(1, 8, 3, 2)], None),
    "unknown_op": (_unknown_op, [(1, 3, 2, 2)], None),
    "old_opset": (_old_opset, [(1, 3, 2, 2)], None),
    "external_data": (_external_data, [(1, 3, 5, 5)], _ref_external_data),
    "qlinear_conv": (_qlinear_conv, [("int8", (1, 3, 9, 7))], _ref_qlinear_conv),
    "qlinear_conv_dynamic_scale": (lambda: _qlinear_conv(x_scale_input=True),
                                   [("int8", (1, 3, 9, 7))], None),
    "qlinear_conv_bad_scale": (lambda: _qlinear_conv(y_scale=1e-12),
                               [("int8", (1, 3, 9, 7))], None),
    "qlinear_conv_relu": (lambda: _qlinear_conv(relu=True), [("int8", (1, 3, 9, 7))], None),
    "qlinear_conv_uint8_zp": (lambda: _qlinear_conv(zp_type=np.uint8),
                              [("int8", (1, 3, 9, 7))], None),
    "qdq_conv_relu": (_qdq_conv_relu, [("int8", (1, 3, 6, 5))], _qdq_ref(_qdq_conv_relu)),
    "qdq_conv_clip_uint8": (lambda: _qdq_conv_relu("uint8", clip=True), [("int8", (1, 3, 6, 5))],
                            _qdq_ref(lambda: _qdq_conv_relu("uint8", clip=True))),
    "qdq_tconv": (_qdq_tconv, [("int8", (1, 3, 4, 5))], _qdq_ref(_qdq_tconv)),
    "qdq_gemm": (_qdq_gemm, [("int8", (3, 6))], _qdq_ref(_qdq_gemm)),
    "qdq_matmul": (_qdq_matmul, [("int8", (3, 6))], _qdq_ref(_qdq_matmul)),
    "qdq_add": (lambda: _qdq_add_concat("Add"), [("int8", (1, 3, 5, 4))],
                _qdq_ref(lambda: _qdq_add_concat("Add"))),
    "qdq_add_relu": (lambda: _qdq_add_concat("AddRelu"), [("int8", (1, 3, 5, 4))],
                     _qdq_ref(lambda: _qdq_add_concat("AddRelu"))),
    "qdq_concat": (lambda: _qdq_add_concat("Concat"), [("int8", (1, 3, 5, 4))],
                   _qdq_ref(lambda: _qdq_add_concat("Concat"))),
    "conv_integer": (_conv_integer, [("int8", (1, 3, 5, 6))], _qdq_ref(_conv_integer)),
    "qlinear_conv_grouped": (_qlinear_conv_grouped, [("int8", (1, 4, 5, 5))],
                             _qdq_ref(_qlinear_conv_grouped)),
    "qat_conv_relu": (_qat_conv_relu, [("int8", (1, 3, 6, 5))], _qdq_ref(_qat_conv_relu)),
    "qdq_dynamic_scale": (lambda: _qdq_bad("dynamic_scale"), [("int8", (1, 3, 6, 5))], None),
    "qdq_int32_zp": (lambda: _qdq_bad("int32_zp"), [("int8", (1, 3, 6, 5))], None),
    "qdq_float_tail": (lambda: _qdq_bad("float_tail"), [("int8", (1, 3, 6, 5))], None),
}


def write_model(name: str, path: str) -> None:
    """Writes model `name` to `path` (external_data: weights to `<path>.weights` beside it)."""
    if name in _torch_models():
        _export_torch(name, path)
        return
    import onnx
    model = HELPER_MODELS[name][0]()
    if name == "external_data":
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=os.path.basename(path) + ".weights", size_threshold=0)
    else:
        onnx.save_model(model, path)


def reference(name: str) -> Tuple[List[np.ndarray], List[np.ndarray]]:
    """(inputs, expected outputs) of model `name`, NCHW as the ONNX interface."""
    if name in _torch_models():
        return _seeded_inputs(_torch_models()[name][1]), _torch_reference(name)
    _, shapes, ref = HELPER_MODELS[name]
    if ref is None:
        raise KeyError("model %s has no numeric reference" % name)
    inputs = _seeded_inputs(shapes)
    return inputs, [ref(*inputs)]


def check(name: str, mlir_path: str, tol: float) -> int:
    from accel_tools import oracle
    with open(mlir_path) as f:
        text = f.read()
    inputs, expected = reference(name)
    return compare(name, oracle.run_tosa_network(text, inputs, func="forward"), expected, tol)


def compare(name: str, got: List[np.ndarray], expected: List[np.ndarray], tol: float) -> int:
    """Prints PASS/FAIL for `got` against PyTorch's `expected`; returns the exit status."""
    worst = 0.0
    for g, e in zip(got, expected):
        if g.shape != e.shape:
            print("FAIL %s: shape %s, PyTorch %s" % (name, g.shape, e.shape))
            return 1
        worst = max(worst, float(np.max(np.abs(g.astype(np.float64) - e))))
    if worst > tol:
        print("FAIL %s max_abs_err=%.3g > %.3g" % (name, worst, tol))
        return 1
    print("PASS %s max_abs_err=%.3g" % (name, worst))
    return 0


def _main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("name")
    w.add_argument("out")
    c = sub.add_parser("check")
    c.add_argument("name")
    c.add_argument("mlir")
    c.add_argument("--tol", type=float, default=1e-4)
    i = sub.add_parser("inputs", help="write the seeded inputs as .npy files")
    i.add_argument("name")
    i.add_argument("out", nargs="+")
    n = sub.add_parser("compare", help="compare .npy outputs (e.g. accel-sim's) with PyTorch")
    n.add_argument("name")
    n.add_argument("npy", nargs="+")
    n.add_argument("--tol", type=float, default=1e-4)
    args = p.parse_args(argv)
    if args.cmd == "write":
        write_model(args.name, args.out)
        return 0
    if args.cmd == "inputs":
        for arr, path in zip(reference(args.name)[0], args.out):
            np.save(path, arr)
        return 0
    if args.cmd == "compare":
        return compare(args.name, [np.load(p) for p in args.npy], reference(args.name)[1],
                       args.tol)
    return check(args.name, args.mlir, args.tol)


if __name__ == "__main__":
    sys.exit(_main())

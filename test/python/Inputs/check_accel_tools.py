#!/usr/bin/env python3
"""Unit tests of the accel_tools package (python/accel_tools). Expected values come from
numpy, PyTorch (torch.nn.functional) or are written out by hand, never from the code under
test. Run by test/python/accel-tools.test (lit puts python/ on PYTHONPATH)."""

import io
import json
import os
import sys
import unittest
from fractions import Fraction
from math import floor

import numpy as np

from accel_tools import metrics, mlir_text, progress, reference, reports
from accel_tools.tools import ToolError, find_tool, run_tool

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None


class Metrics(unittest.TestCase):
    def test_empty_arrays(self):
        for f in (metrics.rel_error, metrics.peak_rel_error, metrics.elementwise_rel_error):
            self.assertEqual(f(np.zeros((0,)), np.zeros((0,))), 0.0)
            self.assertEqual(f(np.zeros((2, 0, 3)), np.zeros((2, 0, 3))), 0.0)

    def test_shape_mismatch_and_non_finite(self):
        for f in (metrics.rel_error, metrics.peak_rel_error, metrics.elementwise_rel_error):
            self.assertEqual(f(np.zeros(3), np.zeros(4)), float("inf"))
            self.assertEqual(f(np.array([1.0, np.nan]), np.array([1.0, 1.0])), float("inf"))
            self.assertEqual(f(np.array([np.inf]), np.array([1.0])), float("inf"))

    def test_values(self):
        ref = np.array([0.5, -0.25, 0.1])
        got = np.array([0.5, -0.20, 0.1])
        # max|d| = 0.05; max|ref| = 0.5.
        self.assertAlmostEqual(metrics.rel_error(got, ref), 0.05 / 1.0, places=15)
        self.assertAlmostEqual(metrics.peak_rel_error(got, ref), 0.05 / 0.5, places=15)
        self.assertAlmostEqual(metrics.elementwise_rel_error(got, ref), 0.05 / 1.25, places=15)
        big = np.array([4.0, -8.0])
        self.assertAlmostEqual(metrics.rel_error(big + [0.0, 0.8], big), 0.8 / 8.0, places=15)


@unittest.skipUnless(torch is not None, "needs torch")
class ReferenceAgainstTorch(unittest.TestCase):
    def setUp(self):
        self.rng = np.random.default_rng(3)

    def torch_conv(self, x, w, stride, pad, dilation, groups):
        xt = F.pad(torch.from_numpy(x).permute(0, 3, 1, 2), (pad[2], pad[3], pad[0], pad[1]))
        y = F.conv2d(xt, torch.from_numpy(w).permute(0, 3, 1, 2), stride=stride,
                     dilation=dilation, groups=groups)
        return y.permute(0, 2, 3, 1).numpy()

    def test_conv2d_f32_stride_dilation_pad_groups(self):
        x = self.rng.uniform(-1, 1, (2, 9, 8, 6))
        w = self.rng.uniform(-1, 1, (4, 3, 2, 3))            # OHWI, 2 groups of 3 channels
        b = self.rng.uniform(-1, 1, (4,))
        want = self.torch_conv(x, w, (2, 1), (1, 2, 0, 1), (1, 2), 2) + b
        got = reference.conv2d(x, w, b, (2, 1), (1, 2, 0, 1), (1, 2), 2)
        self.assertEqual(got.shape, want.shape)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        got_t = reference.conv2d_torch(x, w, b, (2, 1), (1, 2, 0, 1), (1, 2), 2)
        np.testing.assert_allclose(got_t, want, rtol=0, atol=1e-12)

    def test_conv2d_int8_zero_points_exact(self):
        x = self.rng.integers(-128, 128, (1, 6, 5, 4), dtype=np.int8)
        w = self.rng.integers(-128, 128, (3, 3, 3, 4), dtype=np.int8)
        b = self.rng.integers(-1000, 1000, (3,)).astype(np.int32)
        got = reference.conv2d(x, w, b, pad=(1, 1, 1, 1), input_zp=-3, weight_zp=5)
        self.assertEqual(got.dtype, np.int64)
        # Padding reads the input zero point: pad (x - zp) with zeros in float64 (exact).
        want = self.torch_conv(x.astype(np.float64) + 3, w.astype(np.float64) - 5, (1, 1),
                               (1, 1, 1, 1), (1, 1), 1) + b
        np.testing.assert_array_equal(got, np.rint(want).astype(np.int64))

    def test_conv2d_negative_pad_crops(self):
        x = self.rng.uniform(-1, 1, (1, 7, 7, 2))
        w = self.rng.uniform(-1, 1, (2, 2, 2, 2))
        want = self.torch_conv(np.ascontiguousarray(x[:, 1:, :5, :]), w, (1, 1),
                               (0, 0, 0, 0), (1, 1), 1)
        np.testing.assert_allclose(reference.conv2d(x, w, None, pad=(-1, 0, 0, -2)), want,
                                   rtol=0, atol=1e-12)

    def test_transpose_conv2d_torch_padding(self):
        x = self.rng.uniform(-1, 1, (2, 4, 3, 3))
        w = self.rng.uniform(-1, 1, (5, 3, 4, 3))            # [OC, KH, KW, IC]
        b = self.rng.uniform(-1, 1, (5,))
        want = F.conv_transpose2d(torch.from_numpy(x).permute(0, 3, 1, 2),
                                  torch.from_numpy(w).permute(3, 0, 1, 2),
                                  torch.from_numpy(b), stride=(2, 3), padding=(1, 2),
                                  output_padding=(1, 0)).permute(0, 2, 3, 1).numpy()
        out_pad = (-1, 0, -2, -2)
        np.testing.assert_allclose(reference.transpose_conv2d(x, w, b, (2, 3), out_pad), want,
                                   rtol=0, atol=1e-12)
        np.testing.assert_allclose(reference.transpose_conv2d_torch(x, w, b, (2, 3), out_pad),
                                   want, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(
            reference.transpose_conv2d_torch(x, w, b, (2, 3), out_pad, padding=(1, 2),
                                             output_padding=(1, 0)), want)

    def test_transpose_conv2d_positive_out_pad_and_int8(self):
        x = self.rng.integers(-128, 128, (1, 3, 2, 2), dtype=np.int8)
        w = self.rng.integers(-128, 128, (2, 3, 2, 2), dtype=np.int8)
        b = np.array([7, -9], np.int32)
        full = F.conv_transpose2d(torch.from_numpy(x.astype(np.float64) + 4).permute(0, 3, 1, 2),
                                  torch.from_numpy(w.astype(np.float64) - 1).permute(3, 0, 1, 2),
                                  stride=2)
        # out_pad (1, 2, 0, 3): rows no tap reaches hold the bias only.
        want = F.pad(full, (0, 3, 1, 2)).permute(0, 2, 3, 1).numpy() + b
        got = reference.transpose_conv2d(x, w, b, (2, 2), (1, 2, 0, 3), input_zp=-4,
                                         weight_zp=1)
        self.assertEqual(got.dtype, np.int64)
        np.testing.assert_array_equal(got, np.rint(want).astype(np.int64))
        got_t = reference.transpose_conv2d_torch(x, w, b, (2, 2), (1, 2, 0, 3), -4, 1)
        np.testing.assert_array_equal(got_t, want)

    def test_depth_to_space_is_pixel_shuffle(self):
        c = 3
        s = self.rng.uniform(-1, 1, (1, 4, 5, 4 * c))        # phase p = channels p*c..p*c+c
        got = reference.depth_to_space(np.split(s, 4, axis=3), (2, 2), (0, 1), (0, 1),
                                       (1, 8, 10, c))
        # pixel_shuffle reads channel ch*4 + rh*2 + rw.
        order = [p * c + ch for ch in range(c) for p in range(4)]
        want = F.pixel_shuffle(torch.from_numpy(s[..., order]).permute(0, 3, 1, 2), 2)
        np.testing.assert_array_equal(got, want.permute(0, 2, 3, 1).numpy())
        with self.assertRaises(ValueError):
            reference.depth_to_space(np.split(s, 4, axis=3), (2, 2), (0, 0), (0, 1),
                                     (1, 8, 10, c))

    def test_activation(self):
        y = np.array([-2.0, -0.5, 0.0, 0.5, 7.0, np.nan])
        t = torch.from_numpy(y)
        for kind, want in (("relu", F.relu(t)), ("clamp", torch.clamp(t, 0.0, 6.0)),
                           ("leaky_relu", F.leaky_relu(t, 0.125)), ("tanh", torch.tanh(t)),
                           ("sigmoid", torch.sigmoid(t)), ("none", t)):
            np.testing.assert_allclose(reference.activation(y, kind), want.numpy(),
                                       rtol=1e-15, atol=0, equal_nan=True, err_msg=kind)


class Requantize(unittest.TestCase):
    def test_against_rational_rounding(self):
        acc = np.array([0, 1, -1, 511, -512, 100000, -100000, 3 * 2 ** 40, -(2 ** 40)])
        m, shift, zp = (1 << 30) + 12345, 39, -9
        # round half up of acc·M / 2^shift, plus zp, saturated; computed with fractions.
        want = [min(max(floor(Fraction(int(a) * m, 2 ** shift) + Fraction(1, 2)) + zp, -128),
                    127) for a in acc]
        np.testing.assert_array_equal(reference.requantize(acc, m, shift, zp), want)
        want_relu = [max(v, zp) for v in want]
        np.testing.assert_array_equal(reference.requantize(acc, m, shift, zp, relu=True),
                                      want_relu)


class MlirText(unittest.TestCase):
    LINE = ('    %3 = accel.depth_to_space %2 {accel.est_cycles = 155088 : i64, '
            'accel.strategy = "stacked", accel.strategy_cycles = {split = 211910 : i64, '
            '"zero-insert" = 1060776 : i64}, accel.note = "a, {b} \\22c\\22", '
            'block = array<i64: 2, 2>, origins_h = array<i64: 0, 1>} : '
            '(tensor<1x32x32x12xf32>) -> tensor<1x64x64x3xf32> loc(#loc3)')

    def test_loc_info_skips_the_role_metadata(self):
        aliases = {"loc13": 'fused<"accel.role=transpose_conv2d">[#loc10]',
                   "loc10": '"deconv2"(#loc3)', "loc3": '"net.mlir":15:9'}
        self.assertEqual(mlir_text.loc_info("#loc13", aliases), ("deconv2", 15))
        self.assertEqual(mlir_text.loc_info('fused<"accel.role=conv2d">["conv3"("x.mlir":3:4)]'),
                         ("conv3", 3))

    def test_parse_op_pretty(self):
        op = mlir_text.parse_op(self.LINE)
        self.assertEqual(op.name, "accel.depth_to_space")
        self.assertEqual(op.results, ["3"])
        self.assertEqual(op.operands, ["2"])
        self.assertEqual(mlir_text.int_attr(op.attr("accel.est_cycles")), 155088)
        self.assertEqual(mlir_text.str_attr(op.attr("accel.strategy")), "stacked")
        self.assertEqual(mlir_text.str_attr(op.attr("accel.note")), 'a, {b} "c"')
        self.assertEqual(mlir_text.dict_attr(op.attr("accel.strategy_cycles")),
                         {"split": "211910 : i64", "zero-insert": "1060776 : i64"})
        self.assertEqual(mlir_text.array_attr(op.attr("origins_h")), [0, 1])
        self.assertEqual(op.operand_types, ["tensor<1x32x32x12xf32>"])
        self.assertEqual(op.result_types, ["tensor<1x64x64x3xf32>"])
        self.assertEqual(op.loc, "#loc3")

    def test_parse_op_generic(self):
        op = mlir_text.parse_op('%v3 = "tosa.add"(%v1, %arg0) <{x = 1 : i32}> {y = unit} : '
                                '(tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>')
        self.assertEqual((op.name, op.results, op.operands), ("tosa.add", ["v3"],
                                                              ["v1", "arg0"]))
        self.assertEqual(op.attributes, {"x": "1 : i32", "y": "unit"})
        self.assertIsNone(mlir_text.parse_op("  return %3 : tensor<2xf32>"))

    def test_module_queries(self):
        text = "\n".join([
            'func.func @f(%x: tensor<1x2xf32> {accel.name = "x"}) -> (tensor<1x2xf32> '
            '{accel.name = "y"}) attributes {accel.est_total = #accel.estimate<cycles = 30, '
            'dram_bytes = 8, energy_pj = 1.0, mac_utilization = 0.5>} {',
            '  %0 = accel.conv2d %x {accel.est = #accel.estimate<cycles = 10, dram_bytes = 8, '
            'energy_pj = 1.0, mac_utilization = 0.5>} : (tensor<1x2xf32>) -> '
            'tensor<1x2xf32> loc(#loc1)',
            '  %1 = accel.add %0, %0 {accel.est = #accel.estimate<cycles = 20, dram_bytes = 0, '
            'energy_pj = 0.0, mac_utilization = 0.0>, accel.strategy = "split"} : '
            '(tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32> loc(fused["deconv1#2", '
            '"n.mlir":3:4])',
            '  return %1 : tensor<1x2xf32>', '}',
            '#loc1 = loc("n.mlir":7:8)'])
        self.assertEqual(mlir_text.estimated_cycles(text), ([10, 20], 30))
        self.assertEqual(mlir_text.strategies(text), {"deconv1": "split"})
        self.assertEqual(mlir_text.loc_info("#loc1", mlir_text.loc_aliases(text)), (None, 7))
        sig = mlir_text.parse_func_signature(text, "f")
        self.assertEqual((sig.arg_names, sig.arg_types, sig.result_types),
                         (["x"], [((1, 2), "f32")], [((1, 2), "f32")]))

    def test_dense_round_trip(self):
        rng = np.random.default_rng(1)
        for elt, arr in (("f32", rng.uniform(-1, 1, (2, 3, 4)).astype(np.float32)),
                         ("i8", rng.integers(-128, 128, (5,), dtype=np.int8)),
                         ("i32", rng.integers(-2 ** 31, 2 ** 31, (3, 2), dtype=np.int32))):
            got = mlir_text.dense_value(mlir_text.dense_attr(arr, elt))
            self.assertEqual(got.dtype, arr.dtype)
            np.testing.assert_array_equal(got, arr)
        np.testing.assert_array_equal(mlir_text.dense_value("dense<[[1, 2], [3, 4]]> : "
                                                            "tensor<2x2xi32>"),
                                      [[1, 2], [3, 4]])
        np.testing.assert_array_equal(mlir_text.dense_value("dense<-1.5> : tensor<2x2xf32>"),
                                      np.full((2, 2), -1.5, np.float32))

    def test_dense_resource(self):
        # As MLIR prints a blob: a little-endian u32 alignment word, then the bytes
        # (here i32 1, -2 and f32 0.5, 2.0 written out by hand).
        module = ('%0 = "tosa.const"() <{values = dense_resource<conv1_ab> : tensor<2xi32>}>\n'
                  '{-#\n  dialect_resources: {\n    builtin: {\n'
                  '      conv1_ab: "0x0400000001000000FEFFFFFF",\n'
                  '      "w.2": "0x040000000000003F00000040"\n    }\n  }\n#-}\n')
        blobs = mlir_text.dense_resources(module)
        self.assertEqual(sorted(blobs), ["conv1_ab", "w.2"])
        np.testing.assert_array_equal(
            mlir_text.dense_value("dense_resource<conv1_ab> : tensor<2x1xi32>", None, blobs),
            [[1], [-2]])
        np.testing.assert_array_equal(
            mlir_text.dense_value('dense_resource<"w.2"> : tensor<2xf32>', np.float64, blobs),
            [0.5, 2.0])
        with self.assertRaises(ValueError):
            mlir_text.dense_value("dense_resource<missing> : tensor<2xi32>", None, blobs)


class Reports(unittest.TestCase):
    def test_timing_json(self):
        text = json.dumps([
            {"wall": {"duration": 0.5, "percentage": 50}, "name": "Parser", "passes": [{}]},
            {"wall": {"duration": 0.25, "percentage": 25}, "name": "'func.func' Pipeline",
             "passes": [{"wall": {"duration": 0.25, "percentage": 25},
                         "name": "ConvertTosaToAccel", "passes": [{}]}, {}]},
            {"wall": {"duration": 1.0, "percentage": 100}, "name": "Total"}])
        self.assertEqual(reports.timing_seconds("warning: x\n" + text),
                         {"Parser": 0.5, "'func.func' Pipeline": 0.25,
                          "ConvertTosaToAccel": 0.25, "Total": 1.0})

    def test_target_from_asm(self):
        asm = '; program\n.version 2\n.target "{\\22name\\22:\\22t\\22,\\22atomic_c\\22:8}"\n'
        self.assertEqual(reports.target_from_asm(asm), {"name": "t", "atomic_c": 8})


class ProgressCounter(unittest.TestCase):
    class Tty(io.StringIO):
        def __init__(self, tty):
            super().__init__()
            self.tty = tty

        def isatty(self):
            return self.tty

    def test_counts_and_eta_on_a_terminal(self):
        stream = self.Tty(True)
        env = {k: os.environ.pop(k) for k in ("CI", "ACCEL_PROGRESS") if k in os.environ}
        try:
            p = progress.Progress(4, "runs", stream=stream, interval=0)
            p.start -= 10                     # 10 s ago
            p.step()
            p.step(note="dcgan")
            p.close()
        finally:
            os.environ.update(env)
        lines = stream.getvalue().split("\r")
        self.assertIn("runs: 1/4 (25%), 0:10 elapsed, ETA 0:30", lines[1])
        self.assertIn("runs: 2/4 (50%), 0:10 elapsed, ETA 0:10 — dcgan", lines[2])
        self.assertTrue(stream.getvalue().endswith("\n"))

    def test_quiet_off_a_terminal_and_in_ci(self):
        stream = self.Tty(False)
        p = progress.Progress(2, "runs", stream=stream)
        p.step()
        p.message("a log line")
        p.close()
        self.assertEqual(stream.getvalue(), "a log line\n")
        saved = os.environ.get("CI")
        os.environ["CI"] = "1"
        try:
            self.assertFalse(progress.enabled_for(self.Tty(True)) and
                             "ACCEL_PROGRESS" not in os.environ)
        finally:
            if saved is None:
                del os.environ["CI"]
            else:
                os.environ["CI"] = saved


class Tools(unittest.TestCase):
    def test_run_tool_error_names_stage_command_and_stderr(self):
        cmd = ["/bin/sh", "-c", "echo first line >&2; echo second >&2; exit 3"]
        with self.assertRaises(ToolError) as ctx:
            run_tool("my stage", cmd)
        e = ctx.exception
        self.assertEqual((e.stage, e.returncode, e.cmd), ("my stage", 3, cmd))
        self.assertEqual(str(e), "my stage failed (exit 3): /bin/sh -c 'echo first line >&2; "
                                 "echo second >&2; exit 3'\nfirst line\nsecond")
        self.assertEqual(e.brief(), "sh failed (exit 3): first line")

    def test_timeout_and_missing_tool(self):
        with self.assertRaises(ToolError) as ctx:
            run_tool("sleeper", ["/bin/sleep", "5"], timeout=0.2)
        self.assertEqual(ctx.exception.returncode, -1)
        self.assertIn("timed out after 0.2 s", str(ctx.exception))
        with self.assertRaises(FileNotFoundError) as ctx:
            find_tool("accel-no-such-tool", bin_dir="/nonexistent/bin")
        self.assertIn("accel-no-such-tool not found in /nonexistent/bin", str(ctx.exception))
        self.assertEqual(find_tool("sh", bin_dir="/bin"), "/bin/sh")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print("accel_tools: %d tests, %d failures, %d errors, %d skipped"
          % (result.testsRun, len(result.failures), len(result.errors), len(result.skipped)),
          file=sys.stderr)
    sys.exit(0 if result.wasSuccessful() else 1)

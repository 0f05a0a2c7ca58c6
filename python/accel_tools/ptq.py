"""Post-training quantization of a netlib benchmark network, checked against oracles.

The network is exported from PyTorch to ONNX (as benchmarks/report/collect.py does), imported
with `accel-translate --import-onnx`, and quantized by `accel-opt --accel-prepare-tosa
--accel-quantize` on seeded calibration inputs (docs/Quantization.md). Then:

  * the int8 TOSA runs through upstream MLIR's lowering by mlir-runner (accel_tools.oracle,
    the bit-exact int8 reference), and with --accel also through accel's pipeline
    (--accel-compile -> accel-translate -> accel-sim): the two must be bit-identical;
  * the int8 output, dequantized with the result's accel.scale / accel.zero_point, is compared
    with PyTorch's f32 output (float64 model): SQNR in dB on the calibration inputs (the figure
    the tool prints from its own f32 evaluator, which must agree within --agree dB) and on a
    held-out input (the network's canonical test input).

  PYTHONPATH=python /usr/bin/python3 -m accel_tools.ptq dcgan --work /tmp/q --bin-dir build/bin \\
      [--samples 4] [--accel] [--no-final-act] [--min-sqnr 25] [--agree 1] [--json]

Exit status 0 when every check passed; each failure is one FAIL line.
"""

import argparse
import json
import math
import os
import re
import sys
from typing import List

import numpy as np

from accel_tools import netlib, oracle, specs
from accel_tools.tools import Toolchain, ToolError


def network_spec(name: str, no_final_act: bool) -> dict:
    raw = specs.get(name, "ci", {})
    if no_final_act:                      # a conv / deconv / ReLU stack (no tanh / sigmoid)
        raw = dict(raw, layers=[dict(l) for l in raw["layers"]])
        raw["layers"][-1]["act"] = None
    return netlib.normalize(raw)


def model_input(spec: dict, seed: int) -> np.ndarray:
    x = netlib.random_input(spec, seed)
    if x.ndim == 4:
        x = x.transpose(0, 3, 1, 2)           # the exported model's NCHW interface
    return np.ascontiguousarray(x, dtype=np.float32)


def quantize(x: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """The interface's input quantization: round half to even, saturate (docs/Quantization.md)."""
    return np.clip(np.rint(x.astype(np.float64) / scale) + zero_point, -128, 127).astype(np.int8)


def dequantize(q: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    return (q.astype(np.float64) - zero_point) * scale


def sqnr_db(ref: List[np.ndarray], got: List[np.ndarray]) -> float:
    signal = sum(float(np.sum(np.square(r.astype(np.float64)))) for r in ref)
    noise = sum(float(np.sum(np.square(r.astype(np.float64) - g))) for r, g in zip(ref, got))
    return math.inf if noise == 0 else 10 * math.log10(signal / noise)


def oracle_module(text: str) -> str:
    """The quantized module with argument / result attributes dropped (the oracle's signature
    parser takes plain tensor types)."""
    return re.sub(r" \{accel\.[^{}]*\}", "", text)


def calibration_seeds(spec: dict, samples: int) -> List[int]:
    """The calibration inputs' seeds: the canonical test input's seed + 1, + 2, ... (the test
    input itself is held out)."""
    return [netlib.input_seed(spec) + 1 + k for k in range(samples)]


def quantize_network(tools: Toolchain, mlir: str, calibration: List[str], out: str,
                     report: str) -> dict:
    """`accel-opt --accel-prepare-tosa --accel-quantize` of an f32 TOSA module on the given
    calibration `.npy` files; returns the function's entry of the quantization report
    (`inputs` / `outputs`, each with name, scale, zero_point; outputs with sqnr_db). `out` keeps
    the locations (the ONNX node names that name the program's layers)."""
    tools.run("accel-opt --accel-quantize",
              [tools.accel_opt, mlir, "--accel-prepare-tosa",
               "--accel-quantize=calibration=%s report=%s" % (",".join(calibration), report),
               "--mlir-print-debuginfo", "-o", out])
    with open(report) as f:
        return json.load(f)["functions"][0]


def reference_output(tools: Toolchain, quantized_mlir: str, q: np.ndarray,
                     func: str = "forward") -> np.ndarray:
    """The bit-exact int8 reference: the quantized module's `@func` on input `q` through
    upstream MLIR's TOSA lowering, executed by mlir-runner (accel_tools.oracle). The module is
    printed without locations first (the oracle reads the signature as plain text)."""
    module = oracle_module(tools.run("accel-opt (print)", [tools.accel_opt, quantized_mlir]))
    (y,) = oracle.run_tosa_network(module, [q], func)
    return y


def run(a) -> dict:
    tools = Toolchain(a.bin_dir)
    os.makedirs(a.work, exist_ok=True)
    w = lambda f: os.path.join(a.work, f)
    spec = network_spec(a.name, a.no_final_act)
    params = netlib.build_params(spec)
    netlib.export_onnx(spec, params, w("net.onnx"))
    tools.import_onnx(w("net.onnx"), w("net.mlir"))
    seeds = calibration_seeds(spec, a.samples)
    held_out = netlib.input_seed(spec)
    xs = {s: model_input(spec, s) for s in seeds + [held_out]}
    calib = []
    for s in seeds:
        calib.append(w("calib%d.npy" % s))
        np.save(calib[-1], xs[s])
    report = quantize_network(tools, w("net.mlir"), calib, w("net.i8.mlir"), w("quant.json"))
    (inp,), (out,) = report["inputs"], report["outputs"]
    res = {"network": a.name + ("-noact" if a.no_final_act else ""), "tool_sqnr_db":
           out["sqnr_db"], "samples": a.samples, "accel": a.accel, "failures": []}
    if a.accel:
        tools.compile(w("net.i8.mlir"), w("net.acc.mlir"), a.target, "auto")
        tools.translate(w("net.acc.mlir"), w("net.accel"))
    got, ref = {}, {}
    for s, x in xs.items():
        q = quantize(x, inp["scale"], inp["zero_point"])
        y = reference_output(tools, w("net.i8.mlir"), q)
        if a.accel:
            np.save(w("q%d.npy" % s), q)
            tools.simulate(w("net.accel"), {inp["name"]: w("q%d.npy" % s)},
                           {out["name"]: w("y%d.npy" % s)})
            ys = np.load(w("y%d.npy" % s))
            if ys.dtype != np.int8 or ys.shape != y.shape or not np.array_equal(ys, y):
                res["failures"].append("input seed %d: accel-sim differs from mlir-runner in %d "
                                       "of %d values" % (s, int(np.sum(ys != y)), y.size))
            res["bit_exact_values"] = res.get("bit_exact_values", 0) + int(y.size)
        got[s] = dequantize(y, out["scale"], out["zero_point"])
        ref[s] = netlib.torch_forward(spec, params, x, nchw=True)
    res["pytorch_sqnr_db"] = sqnr_db([ref[s] for s in seeds], [got[s] for s in seeds])
    res["held_out_sqnr_db"] = sqnr_db([ref[held_out]], [got[held_out]])
    tool = res["tool_sqnr_db"] if res["tool_sqnr_db"] is not None else math.inf
    if abs(tool - res["pytorch_sqnr_db"]) > a.agree:
        res["failures"].append("the tool's SQNR %.2f dB and PyTorch's %.2f dB differ by more "
                               "than %g dB" % (tool, res["pytorch_sqnr_db"], a.agree))
    for key in ("pytorch_sqnr_db", "held_out_sqnr_db"):
        if res[key] < a.min_sqnr:
            res["failures"].append("%s %.2f dB is below %g dB" % (key, res[key], a.min_sqnr))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("name", choices=specs.NAMES)
    ap.add_argument("--work", required=True, help="directory for the work files")
    ap.add_argument("--bin-dir", help="directory of accel-opt/-translate/-sim (default: PATH)")
    ap.add_argument("--samples", type=int, default=4, help="calibration inputs")
    ap.add_argument("--accel", action="store_true",
                    help="also run accel-compile/translate/sim and require bit-identity")
    ap.add_argument("--target", default="nvdla-small")
    ap.add_argument("--no-final-act", action="store_true",
                    help="drop the last layer's activation (tanh/sigmoid)")
    ap.add_argument("--min-sqnr", type=float, default=0.0)
    ap.add_argument("--agree", type=float, default=1.0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    try:
        res = run(a)
    except ToolError as e:
        print("FAIL %s: %s" % (a.name, e.brief()))
        return 1
    if a.json:
        print(json.dumps(res, indent=1, sort_keys=True))
    else:
        print("%s: SQNR tool %.2f dB, PyTorch %.2f dB (calibration, %d inputs), held-out %.2f dB%s"
              % (res["network"], res["tool_sqnr_db"] or math.inf, res["pytorch_sqnr_db"],
                 a.samples, res["held_out_sqnr_db"],
                 ", accel-sim bit-exact with mlir-runner (%d values)" % res["bit_exact_values"]
                 if a.accel and not res["failures"] else ""))
    for f in res["failures"]:
        print("FAIL %s: %s" % (res["network"], f))
    return 1 if res["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

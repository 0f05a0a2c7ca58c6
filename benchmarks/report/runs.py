"""Running the tools: one network × target × strategy through compile → translate → simulate.

Every run is four subprocesses (accel-opt --accel-compile, accel-opt to print the compiled IR
with its weights elided, accel-translate --accel-to-bin, accel-sim --report=json) in its own
directory. Runs read the network as MLIR bytecode (converted once per network) because parsing
~100 MB of textual hex weights 12 times per network would dominate the report's runtime; the
compiled IR is the same. Compile *time* is measured separately on the textual module, as a user
would run it (`compile_time`).
"""

import json
import os
import resource
import time
from typing import Dict, List, Optional, Tuple

import numpy as np

from accel_tools.metrics import rel_error
from accel_tools.reports import target_from_asm, timing_seconds
from accel_tools.tools import Toolchain, ToolError, find_tool, run_tool

STRATEGIES = ["zero-insert", "stacked", "split", "auto"]
FIXED_STRATEGIES = ["zero-insert", "stacked", "split"]


def _run(cmd: List[str]) -> str:
    return run_tool(os.path.basename(cmd[0]), cmd).stdout


def to_bytecode(tools: Toolchain, mlir: str, out: str) -> None:
    _run([tools.accel_opt, mlir, "--emit-bytecode", "-o", out])


def target_desc(tools: Toolchain, target: str, work: str) -> dict:
    """The target's full description (targetToJSON), read from the header of a tiny program."""
    d = os.path.join(work, "target-" + target)
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "probe.mlir")
    with open(src, "w") as f:
        f.write("func.func @probe(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {\n"
                "  %w = \"tosa.const\"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> "
                "tensor<1x1x1x1xf32>\n"
                "  %b = \"tosa.const\"() {values = dense<0.0> : tensor<1xf32>} : () -> "
                "tensor<1xf32>\n"
                "  %z = \"tosa.const\"() {values = dense<0.0> : tensor<1xf32>} : () -> "
                "tensor<1xf32>\n"
                "  %y = tosa.conv2d %x, %w, %b, %z, %z {acc_type = f32, pad = array<i64: 0, 0, "
                "0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : "
                "(tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, "
                "tensor<1xf32>) -> tensor<1x2x2x1xf32>\n"
                "  return %y : tensor<1x2x2x1xf32>\n}\n")
    compiled = os.path.join(d, "probe.accel.mlir")
    _run([tools.accel_opt, src, "--accel-compile=target=%s strategy=auto" % target, "-o",
          compiled])
    return target_from_asm(_run([tools.accel_translate, "--accel-to-asm", compiled]))


def run_one(tools: Toolchain, net_bc: str, inp: str, ref: Optional[np.ndarray], target: str,
            strategy: str, work: str, io: Tuple[str, str] = ("input", "output")) -> dict:
    """Compile, translate and simulate one configuration (`io`: the interface's input and
    output names). Returns {ir: compiled IR text (weights elided), sim: accel-sim JSON report,
    rel_error against `ref`, error}; without `ref` (int8: compared later with the mlir-runner
    reference), `output` holds the simulated output instead of rel_error."""
    os.makedirs(work, exist_ok=True)
    compiled = os.path.join(work, "compiled.mlirbc")
    ir = os.path.join(work, "compiled.mlir")
    program = os.path.join(work, "program.accel")
    report = os.path.join(work, "report.json")
    out = os.path.join(work, "out.npy")
    result = {"target": target, "strategy": strategy, "error": None}
    t0 = time.perf_counter()
    try:
        _run([tools.accel_opt, net_bc,
              "--accel-compile=target=%s strategy=%s" % (target, strategy),
              "--emit-bytecode", "-o", compiled])
        _run([tools.accel_opt, compiled, "--mlir-elide-elementsattrs-if-larger=16",
              "--mlir-print-debuginfo", "--mlir-print-local-scope", "-o", ir])
        _run([tools.accel_translate, "--accel-to-bin", compiled, "-o", program])
        _run([tools.accel_sim, program, "--input", "%s=%s" % (io[0], inp),
              "--output", "%s=%s" % (io[1], out),
              "--report=json", "--report-file=" + report])
        with open(ir) as f:
            result["ir"] = f.read()
        with open(report) as f:
            result["sim"] = json.load(f)
        if ref is None:
            result["output"] = np.load(out)
        else:
            result["rel_error"] = rel_error(np.load(out), ref)
    except ToolError as e:
        result["error"] = e.brief()
    result["seconds"] = time.perf_counter() - t0
    # The compiled bytecode and program hold the weights; keep only the small files.
    for big in (compiled, program):
        if os.path.exists(big):
            os.remove(big)
    return result


def _timed_compile(tools: Toolchain, src: str, target: str, out: str, bytecode: bool):
    cmd = [tools.accel_opt, src, "--accel-compile=target=%s strategy=auto" % target, "-o", out,
           "--mlir-timing", "--mlir-output-format=json"] + (["--emit-bytecode"] if bytecode
                                                             else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = run_tool("accel-opt --accel-compile", cmd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    rows = timing_seconds(p.stderr)
    rows["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, rows


def compile_time(tools: Toolchain, mlir: str, bytecode: str, target: str, work: str,
                 repeat: int) -> Dict[str, float]:
    """Wall time of `accel-opt net.mlir --accel-compile=... -o out.mlir` (textual input and
    output, as a user runs it), the best of `repeat` runs, split by --mlir-timing into parsing,
    the passes and printing (`other` = process start-up and file I/O outside the timers); and
    the same compile from and to MLIR bytecode (`wall_bc`)."""
    out = os.path.join(work, "compile-time.out")
    best = None
    for _ in range(repeat):
        wall, rows = _timed_compile(tools, mlir, target, out, False)
        if best is None or wall < best["wall"]:
            best = {"wall": wall, "cpu": rows["cpu"], "parse": rows.get("Parser", 0.0),
                    "convert": rows.get("ConvertTosaToAccel", 0.0),
                    "tile": rows.get("AccelTile", 0.0),
                    "plan": rows.get("AccelPlanMemory", 0.0) + rows.get("AccelSetTarget", 0.0),
                    "print": rows.get("Output", 0.0)}
            best["other"] = wall - sum(best[k] for k in ("parse", "convert", "tile", "plan",
                                                          "print"))
    # The user's next step on the textual result: accel-translate --accel-to-bin.
    program = os.path.join(work, "compile-time.accel")
    best["translate"] = min(_wall([tools.accel_translate, "--accel-to-bin", out, "-o", program])
                            for _ in range(repeat))
    # Upstream's own cost of reading and writing the same input: mlir-opt parse + print, no
    # passes, in the same run (so the machine's load shows as a ratio).
    copy = os.path.join(work, "compile-time.copy.mlir")
    best["mlir_opt"] = min(_wall([find_tool("mlir-opt"), "--allow-unregistered-dialect", mlir,
                                  "-o", copy]) for _ in range(repeat))
    best["wall_bc"] = min(_timed_compile(tools, bytecode, target, out, True)[0]
                          for _ in range(repeat))
    best["translate_bc"] = min(_wall([tools.accel_translate, "--accel-to-bin", out, "-o",
                                      program]) for _ in range(repeat))
    for path in (out, program, copy):
        if os.path.exists(path):
            os.remove(path)
    return best


def _wall(cmd: List[str]) -> float:
    t0 = time.perf_counter()
    _run(cmd)
    return time.perf_counter() - t0

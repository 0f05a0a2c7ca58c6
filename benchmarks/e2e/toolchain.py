#!/usr/bin/env python3
"""Thin Python wrappers around accel's three tools, shared by the main job (demo.py), the
end-to-end tests (test/e2e/) and the results report.

    tc = Toolchain()                          # tools from PATH, or Toolchain("build/bin")
    tc.compile("net.mlir", "net.acc.mlir", target="nvdla-small", strategy="auto")
    tc.translate("net.acc.mlir", "net.accel")
    report = tc.simulate("net.accel", inputs={"arg0": "in.npy"},
                         outputs={"result0": "out.npy"})      # accel-sim --report=json, parsed

`compile` keeps locations in its output (`--mlir-print-debuginfo`): the emitter names each
program layer after its op's name location (`loc("deconv1")`), and a compiled file written
without debug info has lost them (layers become `conv2d_7`, ...).

Every failure raises ToolError with the stage, the command line and the tool's stderr.
Only the standard library is needed.
"""

import json
import os
import shlex
import shutil
import subprocess
import time
from typing import Dict, List, Mapping, Optional, Sequence

STRATEGIES = ("split", "stacked", "zero-insert", "auto")


class ToolError(RuntimeError):
    """A tool failed. `stage` is a short name, `cmd` the argv, `stderr` its diagnostics."""

    def __init__(self, stage: str, cmd: Sequence[str], returncode: int, stderr: str):
        self.stage, self.cmd, self.returncode, self.stderr = stage, list(cmd), returncode, stderr
        super().__init__("%s failed (exit %s): %s\n%s" % (
            stage, returncode, " ".join(shlex.quote(c) for c in cmd), stderr.strip()[-4000:]))


def _find(name: str, bin_dir: Optional[str]) -> str:
    if bin_dir:
        path = os.path.join(bin_dir, name)
        if os.access(path, os.X_OK):
            return os.path.abspath(path)
        raise FileNotFoundError("%s not found in %s (build the accel-tools target)"
                                % (name, bin_dir))
    path = shutil.which(name)
    if not path:
        raise FileNotFoundError("%s is not on PATH (pass the build's bin/ directory)" % name)
    return os.path.abspath(path)


class Toolchain:
    """accel-opt, accel-translate and accel-sim from `bin_dir` (default: PATH)."""

    def __init__(self, bin_dir: Optional[str] = None, timeout: float = 900.0):
        self.accel_opt = _find("accel-opt", bin_dir)
        self.accel_translate = _find("accel-translate", bin_dir)
        self.accel_sim = _find("accel-sim", bin_dir)
        self.timeout = timeout
        self.seconds: Dict[str, float] = {}   # wall time of the last run of each stage

    def run(self, stage: str, cmd: Sequence[str]) -> str:
        """Runs `cmd`; returns its stdout; raises ToolError on a non-zero exit or timeout."""
        start = time.perf_counter()
        try:
            p = subprocess.run(list(cmd), capture_output=True, text=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            raise ToolError(stage, cmd, -1, "timed out after %g s" % self.timeout)
        finally:
            self.seconds[stage] = time.perf_counter() - start
        if p.returncode != 0:
            raise ToolError(stage, cmd, p.returncode, p.stderr)
        return p.stdout

    def compile_cmd(self, src: str, out: str, target: str, strategy: str) -> List[str]:
        return [self.accel_opt, src,
                '--accel-compile=target=%s strategy=%s' % (target, strategy),
                "--mlir-print-debuginfo", "-o", out]

    def compile(self, src: str, out: str, target: str = "nvdla-small",
                strategy: str = "auto") -> str:
        """TOSA file → tiled, memory-planned accel IR (with locations) in `out`."""
        self.run("accel-opt --accel-compile", self.compile_cmd(src, out, target, strategy))
        return out

    def opt(self, src: str, out: str, args: Sequence[str]) -> str:
        """accel-opt with arbitrary pass flags (locations kept)."""
        self.run("accel-opt", [self.accel_opt, src, *args, "--mlir-print-debuginfo",
                               "-o", out])
        return out

    def translate_cmd(self, src: str, out: str) -> List[str]:
        return [self.accel_translate, "--accel-to-bin", src, "-o", out]

    def translate(self, src: str, out: str) -> str:
        """Planned accel IR → binary program file."""
        self.run("accel-translate", self.translate_cmd(src, out))
        return out

    def simulate_cmd(self, program: str, inputs: Mapping[str, str],
                     outputs: Mapping[str, str], report: str = "json") -> List[str]:
        cmd = [self.accel_sim, program]
        for name, path in inputs.items():
            cmd += ["--input", "%s=%s" % (name, path)]
        for name, path in outputs.items():
            cmd += ["--output", "%s=%s" % (name, path)]
        return cmd + ["--report=%s" % report]

    def simulate(self, program: str, inputs: Mapping[str, str],
                 outputs: Mapping[str, str]) -> dict:
        """Runs the program; writes the outputs; returns accel-sim's JSON report as a dict
        (see accel_report.SimReport for the fields)."""
        out = self.run("accel-sim", self.simulate_cmd(program, inputs, outputs))
        try:
            return json.loads(out)
        except ValueError as e:
            raise ToolError("accel-sim report", [program], 0,
                            "not JSON (%s): %s" % (e, out[:500]))


def rel_error(got, ref) -> float:
    """max|got − ref| / max(1, max|ref|) — the project's error metric (oracle_lib.rel_error);
    inf for a shape mismatch or a non-finite value."""
    import numpy as np
    got = np.asarray(got, np.float64)
    ref = np.asarray(ref, np.float64)
    if got.shape != ref.shape or not np.all(np.isfinite(got)):
        return float("inf")
    if got.size == 0:
        return 0.0
    return float(np.max(np.abs(got - ref)) / max(1.0, float(np.max(np.abs(ref)))))

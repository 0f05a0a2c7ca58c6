"""Finding and running accel's tools (and LLVM's): one ToolError, one runner, one toolchain.

    tc = Toolchain()                          # tools from PATH, or Toolchain("build/bin")
    tc.compile("net.mlir", "net.acc.mlir", target="nvdla-small", strategy="auto")
    tc.translate("net.acc.mlir", "net.accel")
    report = tc.simulate("net.accel", inputs={"arg0": "in.npy"},
                         outputs={"result0": "out.npy"})      # accel-sim --report=json, parsed

    out = run_tool("mlir-opt lowering", [find_tool("mlir-opt"), "--pass-pipeline=..."],
                   stdin=text).stdout

`compile` keeps locations in its output (`--mlir-print-debuginfo`) for the scripts that read
source lines from it; the program's layer names do not need them (accel-plan-memory records
each op's layer name and role as attributes, docs/Backend.md "Layer names").

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

# Debian's LLVM 22: where mlir-opt / mlir-runner and the runner's shared libraries live when
# they are not on PATH.
LLVM_BIN = "/usr/lib/llvm-22/bin"
LLVM_LIB = "/usr/lib/llvm-22/lib"


class ToolError(RuntimeError):
    """A stage failed. `stage` is a short name, `cmd` the argv, `returncode` the exit status
    (-1 for a timeout), `stderr` the tool's diagnostics."""

    def __init__(self, stage: str, cmd: Sequence[str], returncode: int, stderr: str):
        self.stage, self.cmd, self.returncode, self.stderr = stage, list(cmd), returncode, stderr
        super().__init__("%s failed (exit %s): %s\n%s" % (
            stage, returncode, " ".join(shlex.quote(c) for c in self.cmd),
            stderr.strip()[-4000:]))

    def brief(self) -> str:
        """One line: `accel-opt failed (exit 1): <first line of stderr>` (for table cells)."""
        lines = [l for l in self.stderr.splitlines() if l.strip()]
        tool = os.path.basename(self.cmd[0]) if self.cmd else self.stage
        return "%s failed (exit %s): %s" % (tool, self.returncode,
                                            lines[0] if lines else "no output")


def find_tool(name: str, bin_dir: Optional[str] = None, explicit: Optional[str] = None) -> str:
    """Absolute path of tool `name`.

    `explicit` (a path, or a command looked up on PATH) wins; else, with `bin_dir`, the tool
    must be there; else PATH, then Debian's LLVM 22 bin directory. FileNotFoundError names
    where it looked."""
    if explicit:
        path = explicit if os.sep in explicit else shutil.which(explicit)
        if not path or not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise FileNotFoundError("%s: not an executable file (nor a command on PATH)"
                                    % explicit)
        return os.path.abspath(path)
    if bin_dir:
        path = os.path.join(bin_dir, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
        raise FileNotFoundError("%s not found in %s (build the accel-tools target)"
                                % (name, bin_dir))
    found = shutil.which(name)
    if found:
        return os.path.abspath(found)
    candidate = os.path.join(LLVM_BIN, name)
    if os.access(candidate, os.X_OK):
        return candidate
    raise FileNotFoundError("%s is not on PATH nor in %s (pass the build's bin/ directory)"
                            % (name, LLVM_BIN))


def run_tool(stage: str, cmd: Sequence[str], stdin: Optional[str] = None,
             timeout: Optional[float] = None) -> subprocess.CompletedProcess:
    """Runs `cmd` with text I/O captured; returns the CompletedProcess (stdout, stderr).
    Raises ToolError naming `stage` on a non-zero exit, a timeout, or a missing executable."""
    try:
        p = subprocess.run(list(cmd), input=stdin, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ToolError(stage, cmd, -1, "timed out after %g s" % timeout)
    except OSError as e:
        raise ToolError(stage, cmd, -1, str(e))
    if p.returncode != 0:
        raise ToolError(stage, cmd, p.returncode, p.stderr)
    return p


def runner_shared_libs() -> str:
    """The `-shared-libs=` value mlir-runner needs for the printMemref functions."""
    return ",".join(os.path.join(LLVM_LIB, lib) for lib in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))


class Toolchain:
    """accel-opt, accel-translate and accel-sim from `bin_dir` (default: PATH)."""

    def __init__(self, bin_dir: Optional[str] = None, timeout: float = 900.0):
        self.accel_opt = find_tool("accel-opt", bin_dir)
        self.accel_translate = find_tool("accel-translate", bin_dir)
        self.accel_sim = find_tool("accel-sim", bin_dir)
        self.timeout = timeout
        self.seconds: Dict[str, float] = {}   # wall time of the last run of each stage

    def run(self, stage: str, cmd: Sequence[str]) -> str:
        """Runs `cmd`; returns its stdout; raises ToolError on a non-zero exit or timeout."""
        start = time.perf_counter()
        try:
            return run_tool(stage, cmd, timeout=self.timeout).stdout
        finally:
            self.seconds[stage] = time.perf_counter() - start

    def import_onnx(self, model: str, out: str) -> str:
        """ONNX model → TOSA file (`accel-translate --import-onnx`), printed with its
        locations (`--mlir-print-debuginfo`): the ONNX node names, which name the program's
        layers."""
        self.run("accel-translate --import-onnx",
                 [self.accel_translate, "--import-onnx", model, "--mlir-print-debuginfo",
                  "-o", out])
        return out

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
        (reports.load_sim_report turns it into a SimReport)."""
        out = self.run("accel-sim", self.simulate_cmd(program, inputs, outputs))
        try:
            return json.loads(out)
        except ValueError as e:
            raise ToolError("accel-sim report", [program], 0,
                            "not JSON (%s): %s" % (e, out[:500]))


def check_torch_modules(cases: Mapping[str, tuple], work: str, target: str,
                        strategy: str = "auto", tolerance: float = 1e-4,
                        toolchain: Optional["Toolchain"] = None) -> int:
    """End to end against PyTorch: each case `name: (module, input_shape)` is exported by
    torch.onnx.export, imported (`accel-translate --import-onnx`), compiled for `target` under
    `strategy`, simulated on a seeded uniform(-1, 1) input, and compared with the module run in
    float64 (metrics.rel_error <= tolerance). Prints `NAME TARGET PASS|FAIL err=...` per case
    (FAIL with the tool's error when a stage fails) and `all passed` when every case passed;
    returns the number of failures. Needs numpy and torch (imported here, not by the module)."""
    import numpy as np
    import torch

    from accel_tools import netlib
    from accel_tools.metrics import rel_error

    os.makedirs(work, exist_ok=True)
    tc, failures = toolchain or Toolchain(), 0
    for name, (model, shape) in cases.items():
        model = model.eval()
        base = os.path.join(work, name)
        netlib.export_module_onnx(model, shape, base + ".onnx")
        x = np.random.RandomState(3).uniform(-1, 1, shape).astype(np.float32)
        np.save(base + ".x.npy", x)
        with torch.no_grad():
            ref = model.double()(torch.from_numpy(x.astype(np.float64))).numpy()
        try:
            tc.import_onnx(base + ".onnx", base + ".mlir")
            tc.compile(base + ".mlir", base + ".acc.mlir", target, strategy)
            tc.translate(base + ".acc.mlir", base + ".accel")
            tc.simulate(base + ".accel", {"input": base + ".x.npy"},
                        {"output": base + ".y.npy"})
            got = np.load(base + ".y.npy")
            err = rel_error(got, ref) if got.shape == ref.shape else float("inf")
        except ToolError as e:
            failures += 1
            print("%s %s FAIL %s" % (name, target, e.brief()))
            continue
        ok = err <= tolerance
        failures += not ok
        print("%s %s %s err=%.1e" % (name, target, "PASS" if ok else "FAIL", err))
    if failures == 0:
        print("all passed")
    return failures

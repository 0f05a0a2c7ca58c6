#!/usr/bin/env python3
"""Oracle library: run TOSA on the CPU with upstream MLIR, and run PyTorch references.

These are the oracles that are *not ours*: upstream MLIR's TOSA→linalg→LLVM lowering executed
by ``mlir-runner``, and PyTorch's ``conv_transpose2d``. Differential tests (test/oracle/) and
the end-to-end suite import this module; it is also a small command-line tool:

  # Run a TOSA network on the CPU through upstream MLIR; write one .npy per result.
  /usr/bin/python3 oracle_lib.py run-tosa net.mlir --func forward \\
      --input x=x.npy [--input arg1=y.npy] --out-dir out/ \\
      [--pre 'accel-opt --accel-split-transpose-conv=strategy=split']

  # Run one transposed convolution in PyTorch from a JSON config (see TransposeConvConfig).
  /usr/bin/python3 oracle_lib.py torch-tconv cfg.json --input x.npy --weight w.npy \\
      [--bias b.npy] --out y.npy

Conventions (MLIR 22 TOSA): activations NHWC; transpose_conv2d weights [OC, KH, KW, IC];
conv_transpose2d(padding=p, output_padding=op) == out_pad (-p, -p + op) per axis, and
torch weights [IC, OC, KH, KW] == tosa_weights.transpose(3, 0, 1, 2).

How results leave the JIT: each result is flattened to 1-D, floats are *bitcast* to integers of
the same width and printed with printMemrefI32/I64, so values come back bit-exact (the float
printer rounds to 6 significant digits). Narrow integers are sign-extended to i32 first.

Requires Python 3 and numpy; the PyTorch helpers also need torch (Debian's /usr/bin/python3
with python3-torch).
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field, asdict
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

LLVM_BIN = "/usr/lib/llvm-22/bin"
LLVM_LIB = "/usr/lib/llvm-22/lib"

# The TOSA part of upstream's CPU lowering (see /work/shared/MLIR22-NOTES.md). It includes
# tosa-optional-decompositions, i.e. upstream's own transpose_conv2d decomposition; after our
# accel-split-transpose-conv pass there is no transpose_conv2d left and it is a no-op.
TOSA_TO_LINALG = ("func.func(tosa-optional-decompositions,tosa-infer-shapes,"
                  "tosa-make-broadcastable,tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith,"
                  "tosa-to-tensor)")
LINALG_TO_LLVM = ("one-shot-bufferize{bufferize-function-boundaries "
                  "function-boundary-type-conversion=identity-layout-map},"
                  "buffer-deallocation-pipeline,convert-linalg-to-loops,convert-scf-to-cf,"
                  "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
                  "convert-math-to-llvm,convert-arith-to-llvm,convert-func-to-llvm,"
                  "convert-cf-to-llvm,reconcile-unrealized-casts")
# One mlir-opt process for the whole lowering (one parse instead of two).
UPSTREAM_CPU_PIPELINE = "builtin.module(%s,%s)" % (TOSA_TO_LINALG, LINALG_TO_LLVM)


def find_tool(name: str, explicit: Optional[str] = None) -> str:
    """Absolute path of a tool. An explicit path or command name wins (a bare name is looked up
    on PATH); then `name` on PATH; then Debian's LLVM 22 bin directory."""
    if explicit:
        path = explicit if os.sep in explicit else shutil.which(explicit)
        if not path or not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise FileNotFoundError("%s: not an executable file (nor a command on PATH)"
                                    % explicit)
        return os.path.abspath(path)
    found = shutil.which(name)
    if found:
        return os.path.abspath(found)
    candidate = os.path.join(LLVM_BIN, name)
    if os.access(candidate, os.X_OK):
        return candidate
    raise FileNotFoundError("cannot find %s (not on PATH, not in %s)" % (name, LLVM_BIN))


def runner_shared_libs() -> str:
    return ",".join(os.path.join(LLVM_LIB, lib) for lib in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))


# ----------------------------------------------------------------------------------------------
# MLIR text helpers
# ----------------------------------------------------------------------------------------------

_NP_OF_MLIR = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i8": np.int8,
               "i16": np.int16, "i32": np.int32, "i64": np.int64}
_MLIR_OF_NP = {np.dtype(v): k for k, v in _NP_OF_MLIR.items()}


def tensor_type(shape: Sequence[int], elt: str) -> str:
    return "tensor<%s>" % "x".join([str(int(d)) for d in shape] + [elt])


def dense_attr(arr: np.ndarray, elt: str) -> str:
    """`dense<"0x...">` with the raw little-endian bytes: exact and fast to parse."""
    arr = np.ascontiguousarray(arr, dtype=_NP_OF_MLIR[elt])
    if sys.byteorder != "little":
        arr = arr.byteswap()
    return 'dense<"0x%s"> : %s' % (arr.tobytes().hex().upper(), tensor_type(arr.shape, elt))


def parse_tensor_type(text: str) -> Tuple[Tuple[int, ...], str]:
    m = re.fullmatch(r"\s*tensor<((?:\d+x)*)(\w+)>\s*", text)
    if not m:
        raise ValueError("only static ranked tensors are supported, got %r" % text)
    dims = tuple(int(d) for d in m.group(1).split("x") if d)
    return dims, m.group(2)


def _split_top_level(text: str, sep: str = ",") -> List[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "(<[{":
            depth += 1
        elif ch in ")>]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return parts


def _strip_attr_dict(text: str) -> str:
    """Drops a trailing `{...}` argument/result attribute dictionary."""
    text = text.strip()
    if text.endswith("}"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += text[i] == "}"
            depth -= text[i] == "{"
            if depth == 0:
                return text[:i].strip()
    return text


@dataclass
class FuncSignature:
    name: str
    arg_names: List[str]            # SSA names without '%' as written in the file
    arg_types: List[Tuple[Tuple[int, ...], str]]
    result_types: List[Tuple[Tuple[int, ...], str]]


def parse_func_signature(module_text: str, func: str) -> FuncSignature:
    """Reads `func.func @func(%a: tensor<..>, ...) -> ...` from the text (static tensors only)."""
    m = re.search(r"func\.func\s+(?:public\s+|private\s+)?@%s\s*\(" % re.escape(func), module_text)
    if not m:
        raise ValueError("function @%s not found" % func)
    i, depth = m.end(), 1
    while depth:
        depth += {"(": 1, ")": -1}.get(module_text[i], 0)
        i += 1
    args_text = module_text[m.end():i - 1]
    rest = module_text[i:]
    results_text = ""
    rm = re.match(r"\s*->\s*", rest)
    if rm:
        j, depth = rm.end(), 0
        while j < len(rest):
            ch = rest[j]
            if depth == 0 and (ch == "{" or rest.startswith("attributes", j)):
                break
            depth += ch in "(<[" and 1 or 0
            depth -= ch in ")>]" and 1 or 0
            j += 1
        results_text = rest[rm.end():j].strip()
        if results_text.startswith("(") and results_text.endswith(")"):
            results_text = results_text[1:-1]
    names, types = [], []
    for arg in _split_top_level(args_text):
        am = re.match(r"\s*%([\w$.-]+)\s*:\s*(.*)$", arg, re.S)
        if not am:
            raise ValueError("cannot parse argument %r of @%s" % (arg, func))
        names.append(am.group(1))
        types.append(parse_tensor_type(_strip_attr_dict(am.group(2))))
    results = [parse_tensor_type(_strip_attr_dict(r)) for r in _split_top_level(results_text)]
    return FuncSignature(func, names, types, results)


def emit_print(value: str, shape: Sequence[int], elt: str, tag: str) -> Tuple[List[str], str]:
    """Lines that print tensor `value` bit-exactly; returns (lines, printed element type)."""
    lines, cur, n = [], value, int(np.prod(shape)) if len(shape) else 1
    if len(shape) == 0:
        lines.append("%%%s_f = tensor.expand_shape %s [] output_shape [1] : %s into %s"
                     % (tag, cur, tensor_type(shape, elt), tensor_type([1], elt)))
        cur = "%%%s_f" % tag
    elif len(shape) > 1:
        lines.append("%%%s_f = tensor.collapse_shape %s [[%s]] : %s into %s"
                     % (tag, cur, ", ".join(str(d) for d in range(len(shape))),
                        tensor_type(shape, elt), tensor_type([n], elt)))
        cur = "%%%s_f" % tag
    flat = lambda t: tensor_type([n], t)  # noqa: E731

    def convert(op, src, dst, suffix):
        # Elementwise arith ops on tensors do not bufferize; a linalg.generic does.
        lines.append("%%%s_%s0 = tensor.empty() : %s" % (tag, suffix, flat(dst)))
        lines.append("%%%s_%s = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, "
                     "affine_map<(d0) -> (d0)>], iterator_types = [\"parallel\"]} "
                     "ins(%s : %s) outs(%%%s_%s0 : %s) {\n  ^bb0(%%a: %s, %%o: %s):\n"
                     "    %%v = %s %%a : %s to %s\n    linalg.yield %%v : %s\n  } -> %s"
                     % (tag, suffix, cur, flat(src), tag, suffix, flat(dst), src, dst, op, src,
                        dst, dst, flat(dst)))
        return "%%%s_%s" % (tag, suffix), dst
    if elt in ("f16", "bf16"):
        cur, elt = convert("arith.extf", elt, "f32", "e")
    if elt in ("i8", "i16"):
        cur, elt = convert("arith.extsi", elt, "i32", "e")
    if elt in ("f32", "f64"):
        cur, elt = convert("arith.bitcast", elt, {"f32": "i32", "f64": "i64"}[elt], "b")
    if elt not in ("i32", "i64"):
        raise ValueError("cannot print element type %s" % elt)
    lines.append("%%%s_u = tensor.cast %s : %s to tensor<*x%s>" % (tag, cur, flat(elt), elt))
    lines.append("call @printMemref%s(%%%s_u) : (tensor<*x%s>) -> ()" % (elt.upper(), tag, elt))
    return lines, elt


PRINT_DECLS = ("func.func private @printMemrefI32(tensor<*xi32>)\n"
               "func.func private @printMemrefI64(tensor<*xi64>)\n")


def decode_printed(values: np.ndarray, elt: str) -> np.ndarray:
    """Inverse of emit_print's bitcast / extension for one result."""
    if elt == "f32":
        return values.astype(np.int32).view(np.float32)
    if elt == "f64":
        return values.astype(np.int64).view(np.float64)
    if elt in ("f16", "bf16"):
        return values.astype(np.int32).view(np.float32)  # widened exactly
    return values.astype(_NP_OF_MLIR[elt])


_DATA_RE = re.compile(r"data =\s*\[([^\]]*)\]")


def parse_printed_memrefs(stdout: str) -> List[np.ndarray]:
    """All 1-D memrefs printed by printMemrefI32/I64, in print order, as int64 arrays."""
    out = []
    for m in _DATA_RE.finditer(stdout):
        body = m.group(1).strip()
        out.append(np.array([int(t) for t in body.split(",")] if body else [], dtype=np.int64))
    return out


# ----------------------------------------------------------------------------------------------
# Running tools
# ----------------------------------------------------------------------------------------------

class ToolError(RuntimeError):
    """A stage of the pipeline failed; `stage` names it, `stderr` holds its diagnostics."""

    def __init__(self, stage: str, cmd: Sequence[str], returncode: int, stderr: str):
        self.stage, self.cmd, self.returncode, self.stderr = stage, list(cmd), returncode, stderr
        super().__init__("%s failed (exit %s): %s\n%s" % (
            stage, returncode, " ".join(os.path.basename(c) if i == 0 else c
                                        for i, c in enumerate(cmd[:3])), stderr.strip()[-3000:]))


def _run(stage: str, cmd: Sequence[str], stdin: str, timeout: float) -> str:
    try:
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ToolError(stage, cmd, -1, "timed out after %ss" % timeout)
    if p.returncode != 0:
        raise ToolError(stage, cmd, p.returncode, p.stderr)
    return p.stdout


@dataclass
class Tools:
    mlir_opt: str = field(default_factory=lambda: find_tool("mlir-opt"))
    mlir_runner: str = field(default_factory=lambda: find_tool("mlir-runner"))
    runner_opt_level: str = "-O0"   # JIT codegen level; O0 compiles fastest for these tests
    timeout: float = 600.0


def run_module(module_text: str, main_text: str, tools: Tools,
               pre_cmd: Optional[Sequence[str]] = None, workdir: Optional[str] = None,
               tag: str = "module", check_pre=None) -> str:
    """[pre_cmd on module_text] + main_text → upstream CPU lowering → mlir-runner; returns the
    runner's stdout.

    `pre_cmd` (e.g. accel-opt --some-pass) sees only `module_text` (the TOSA functions), so it
    needs no dialect beyond those; the driver `main_text` (@main, print declarations, linalg
    for bit-casts) is added afterwards. `check_pre(text)` may raise to reject the pre-pass
    output (e.g. leftover ops). Files written to `workdir` (if given): TAG.mlir (input of
    pre_cmd), TAG.pre.mlir, TAG.full.mlir (what the lowering got), TAG.out.txt."""
    def save(suffix, text):
        if workdir:
            with open(os.path.join(workdir, tag + suffix), "w") as f:
                f.write(text)
    save(".mlir", module_text)
    text = module_text
    if pre_cmd:
        text = _run("pre-pass", list(pre_cmd), text, tools.timeout)
        save(".pre.mlir", text)
        if check_pre:
            check_pre(text)
    text = insert_into_module(text, main_text)
    save(".full.mlir", text)
    llvm = _run("mlir-opt lowering", [tools.mlir_opt, "--pass-pipeline=" + UPSTREAM_CPU_PIPELINE],
                text, tools.timeout)
    out = _run("mlir-runner", [tools.mlir_runner, tools.runner_opt_level, "-e", "main",
                               "-entry-point-result=void",
                               "-shared-libs=" + runner_shared_libs()], llvm, tools.timeout)
    save(".out.txt", out)
    return out


def insert_into_module(module_text: str, extra: str) -> str:
    """Appends top-level ops to a module printed with or without an explicit `module {}`
    (possibly preceded by attribute aliases such as `#map = ...`)."""
    stripped = module_text.rstrip()
    if re.search(r"^\s*module\b", stripped, re.M):
        end = stripped.rindex("}")
        return stripped[:end] + "\n" + extra + "\n}\n"
    return stripped + "\n" + extra + "\n"


def run_tosa_network(module_text: str, inputs: Union[Dict[str, np.ndarray], Sequence[np.ndarray]],
                     func: str = "forward", tools: Optional[Tools] = None,
                     pre_cmd: Optional[Sequence[str]] = None,
                     workdir: Optional[str] = None) -> List[np.ndarray]:
    """Runs `@func` of a TOSA module on the CPU via upstream MLIR and returns its results.

    `inputs` is a list in argument order, or a dict keyed by the SSA argument name as written in
    the file (`x` for `%x`), `argN`, or the position as a string. Inputs are embedded as dense
    constants in a generated `@main`. `pre_cmd` is an optional command run on the module first
    (e.g. `[accel_opt, '--accel-split-transpose-conv=strategy=split']`)."""
    tools = tools or Tools()
    sig = parse_func_signature(module_text, func)
    if isinstance(inputs, dict):
        ordered = []
        for i, name in enumerate(sig.arg_names):
            for key in (name, "arg%d" % i, str(i)):
                if key in inputs:
                    ordered.append(inputs[key])
                    break
            else:
                raise KeyError("no input given for argument %%%s (#%d) of @%s" % (name, i, func))
        unknown = set(inputs) - set(sig.arg_names) - {"arg%d" % i for i in range(len(sig.arg_names))} \
            - {str(i) for i in range(len(sig.arg_names))}
        if unknown:
            raise KeyError("inputs %s match no argument of @%s %s" % (sorted(unknown), func,
                                                                      sig.arg_names))
    else:
        ordered = list(inputs)
    if len(ordered) != len(sig.arg_types):
        raise ValueError("@%s takes %d arguments, %d given" % (func, len(sig.arg_types),
                                                               len(ordered)))
    lines, args = [], []
    for i, (arr, (shape, elt)) in enumerate(zip(ordered, sig.arg_types)):
        arr = np.asarray(arr)
        if tuple(arr.shape) != tuple(shape):
            raise ValueError("argument #%d of @%s has shape %s, input has %s"
                             % (i, func, shape, arr.shape))
        lines.append("%%in%d = arith.constant %s" % (i, dense_attr(arr, elt)))
        args.append("%%in%d" % i)
    res = ["%%r%d" % i for i in range(len(sig.result_types))]
    call = "call @%s(%s) : (%s) -> (%s)" % (
        func, ", ".join(args), ", ".join(tensor_type(*t) for t in sig.arg_types),
        ", ".join(tensor_type(*t) for t in sig.result_types))
    lines.append(("%s = " % ", ".join(res) if res else "") + call)
    for i, (shape, elt) in enumerate(sig.result_types):
        lines += emit_print("%%r%d" % i, shape, elt, "p%d" % i)[0]
    main = PRINT_DECLS + "func.func @main() {\n  " + "\n  ".join(lines) + "\n  return\n}"
    out = run_module(module_text, main, tools, pre_cmd, workdir, "network")
    printed = parse_printed_memrefs(out)
    if len(printed) != len(sig.result_types):
        raise RuntimeError("expected %d printed results, got %d" % (len(sig.result_types),
                                                                    len(printed)))
    return [decode_printed(v, elt).reshape(shape)
            for v, (shape, elt) in zip(printed, sig.result_types)]


# ----------------------------------------------------------------------------------------------
# Transposed convolution: configuration, TOSA emission, PyTorch reference
# ----------------------------------------------------------------------------------------------

@dataclass
class TransposeConvConfig:
    """One 2-D transposed convolution. `out_pad` is TOSA's [top, bottom, left, right]; for
    configs expressible in PyTorch, `padding`/`output_padding` are set too and
    out_pad == (-p_h, -p_h + op_h, -p_w, -p_w + op_w)."""
    n: int
    ic: int
    oc: int
    ih: int
    iw: int
    kh: int
    kw: int
    stride: Tuple[int, int]
    out_pad: Tuple[int, int, int, int]
    padding: Optional[Tuple[int, int]] = None
    output_padding: Optional[Tuple[int, int]] = None
    dtype: str = "f32"              # "f32" or "i8" (i8: i32 bias/accumulator/result)
    input_zp: int = 0
    weight_zp: int = 0
    bias: bool = True               # False: the bias operand is all zeros
    const_weights: bool = True      # False: weights and bias are function arguments

    @property
    def oh(self) -> int:
        return (self.ih - 1) * self.stride[0] + self.out_pad[0] + self.out_pad[1] + self.kh

    @property
    def ow(self) -> int:
        return (self.iw - 1) * self.stride[1] + self.out_pad[2] + self.out_pad[3] + self.kw

    @staticmethod
    def from_torch(n, ic, oc, ih, iw, kh, kw, stride, padding, output_padding, **extra):
        (ph, pw), (oph, opw) = padding, output_padding
        return TransposeConvConfig(n, ic, oc, ih, iw, kh, kw, tuple(stride),
                                   (-ph, -ph + oph, -pw, -pw + opw), tuple(padding),
                                   tuple(output_padding), **extra)

    @staticmethod
    def from_dict(d: dict) -> "TransposeConvConfig":
        d = dict(d)
        for k in ("stride", "out_pad", "padding", "output_padding"):
            if d.get(k) is not None:
                d[k] = tuple(d[k])
        if "out_pad" not in d:
            ph, pw = d["padding"]
            oph, opw = d.get("output_padding") or (0, 0)
            d["out_pad"] = (-ph, -ph + oph, -pw, -pw + opw)
            d["output_padding"] = (oph, opw)
        return TransposeConvConfig(**d)

    def to_dict(self) -> dict:
        return asdict(self)

    def acc_type(self) -> str:
        return "i32" if self.dtype == "i8" else "f32"

    def shapes(self):
        return dict(x=(self.n, self.ih, self.iw, self.ic), w=(self.oc, self.kh, self.kw, self.ic),
                    b=(self.oc,), y=(self.n, self.oh, self.ow, self.oc))

    def verifier_ok(self) -> bool:
        """MLIR 22's verifier: out_pad_* > -K per axis, positive output size."""
        return (self.out_pad[0] > -self.kh and self.out_pad[1] > -self.kh and
                self.out_pad[2] > -self.kw and self.out_pad[3] > -self.kw and
                self.oh >= 1 and self.ow >= 1 and min(self.stride) >= 1)


def random_tconv_data(cfg: TransposeConvConfig, rng: np.random.Generator):
    """x (NHWC), w (OHWI), b (OC) with the config's element types."""
    s = cfg.shapes()
    if cfg.dtype == "i8":
        x = rng.integers(-128, 128, s["x"], dtype=np.int8)
        w = rng.integers(-128, 128, s["w"], dtype=np.int8)
        b = (rng.integers(-(1 << 20), 1 << 20, s["b"], dtype=np.int32) if cfg.bias
             else np.zeros(s["b"], np.int32))
    else:
        x = rng.uniform(-1, 1, s["x"]).astype(np.float32)
        w = rng.uniform(-1, 1, s["w"]).astype(np.float32)
        b = rng.uniform(-1, 1, s["b"]).astype(np.float32) if cfg.bias else np.zeros(s["b"],
                                                                                     np.float32)
    return x, w, b


def emit_tconv_func(name: str, cfg: TransposeConvConfig, w: np.ndarray, b: np.ndarray) -> str:
    """`func.func @name(%x[, %w, %b]) -> y` holding one tosa.transpose_conv2d."""
    s = cfg.shapes()
    elt, acc = cfg.dtype, cfg.acc_type()
    bias_elt = "i32" if elt == "i8" else "f32"
    out_elt = "i32" if elt == "i8" else "f32"
    tx, tw = tensor_type(s["x"], elt), tensor_type(s["w"], elt)
    tb, ty = tensor_type(s["b"], bias_elt), tensor_type(s["y"], out_elt)
    tzp = tensor_type([1], elt)
    lines = []
    if cfg.const_weights:
        header = "func.func @%s(%%x: %s) -> %s {" % (name, tx, ty)
        lines.append('%%w = "tosa.const"() {values = %s} : () -> %s' % (dense_attr(w, elt), tw))
        lines.append('%%b = "tosa.const"() {values = %s} : () -> %s'
                     % (dense_attr(b, bias_elt), tb))
    else:
        header = "func.func @%s(%%x: %s, %%w: %s, %%b: %s) -> %s {" % (name, tx, tw, tb, ty)
    zp = lambda v: dense_attr(np.array([v]), elt)  # noqa: E731
    lines.append('%%izp = "tosa.const"() {values = %s} : () -> %s' % (zp(cfg.input_zp), tzp))
    lines.append('%%wzp = "tosa.const"() {values = %s} : () -> %s' % (zp(cfg.weight_zp), tzp))
    lines.append("%%y = tosa.transpose_conv2d %%x, %%w, %%b, %%izp, %%wzp {acc_type = %s, "
                 "out_pad = array<i64: %s>, stride = array<i64: %d, %d>} : (%s, %s, %s, %s, %s) -> %s"
                 % (acc, ", ".join(str(v) for v in cfg.out_pad), cfg.stride[0], cfg.stride[1],
                    tx, tw, tb, tzp, tzp, ty))
    lines.append("return %%y : %s" % ty)
    return header + "\n  " + "\n  ".join(lines) + "\n}\n"


def emit_tconv_module(items: Sequence[Tuple[str, TransposeConvConfig, np.ndarray, np.ndarray,
                                            np.ndarray]]) -> Tuple[str, str]:
    """(functions, driver): one function per (name, cfg, x, w, b) holding only func + tosa ops,
    and a `@main` (plus declarations) that calls each in order and prints its result (one
    printMemrefI32 per item). run_module() joins them after the pass under test."""
    funcs, body = [], []
    for k, (name, cfg, x, w, b) in enumerate(items):
        funcs.append(emit_tconv_func(name, cfg, w, b))
        s = cfg.shapes()
        elt = cfg.dtype
        bias_elt = out_elt = "i32" if elt == "i8" else "f32"
        body.append("%%x%d = arith.constant %s" % (k, dense_attr(x, elt)))
        args, types = ["%%x%d" % k], [tensor_type(s["x"], elt)]
        if not cfg.const_weights:
            body.append("%%w%d = arith.constant %s" % (k, dense_attr(w, elt)))
            body.append("%%b%d = arith.constant %s" % (k, dense_attr(b, bias_elt)))
            args += ["%%w%d" % k, "%%b%d" % k]
            types += [tensor_type(s["w"], elt), tensor_type(s["b"], bias_elt)]
        ty = tensor_type(s["y"], out_elt)
        body.append("%%y%d = call @%s(%s) : (%s) -> %s" % (k, name, ", ".join(args),
                                                            ", ".join(types), ty))
        body += emit_print("%%y%d" % k, s["y"], out_elt, "p%d" % k)[0]
    main = "func.func @main() {\n  " + "\n  ".join(body) + "\n  return\n}\n"
    return "".join(funcs), PRINT_DECLS + main


def torch_conv_transpose(cfg: TransposeConvConfig, x: np.ndarray, w: np.ndarray,
                         b: np.ndarray) -> np.ndarray:
    """PyTorch reference in float64, NHWC result. For i8 it computes
    Σ (x − zp_x)(w − zp_w) + b, exact in float64 for int8 ranges. Configs with PyTorch
    padding/output_padding go straight through conv_transpose2d(padding, output_padding);
    other TOSA out_pads use conv_transpose2d(padding=0) and crop/zero-extend (extra rows get
    only the bias), which is TOSA's definition oy = iy·s + out_pad_top + ky."""
    import torch
    xt = torch.from_numpy(np.asarray(x, np.float64) - cfg.input_zp).permute(0, 3, 1, 2)
    wt = torch.from_numpy(np.asarray(w, np.float64) - cfg.weight_zp).permute(3, 0, 1, 2)
    bt = torch.from_numpy(np.asarray(b, np.float64))
    f = torch.nn.functional.conv_transpose2d
    if cfg.padding is not None:
        y = f(xt, wt, bt, stride=tuple(cfg.stride), padding=tuple(cfg.padding),
              output_padding=tuple(cfg.output_padding or (0, 0)))
    else:
        full = f(xt, wt, None, stride=tuple(cfg.stride))
        y = torch.zeros((cfg.n, cfg.oc, cfg.oh, cfg.ow), dtype=torch.float64)
        top, left = cfg.out_pad[0], cfg.out_pad[2]
        fh, fw = full.shape[2], full.shape[3]
        # Output row oy reads full row oy - top.
        oy0, oy1 = max(0, top), min(cfg.oh, fh + top)
        ox0, ox1 = max(0, left), min(cfg.ow, fw + left)
        if oy0 < oy1 and ox0 < ox1:
            y[:, :, oy0:oy1, ox0:ox1] = full[:, :, oy0 - top:oy1 - top, ox0 - left:ox1 - left]
        y += bt.view(1, -1, 1, 1)
    y = y.permute(0, 2, 3, 1).numpy()
    assert y.shape == cfg.shapes()["y"], (y.shape, cfg.shapes()["y"])
    return y


def rel_error(got: np.ndarray, ref: np.ndarray) -> float:
    """max|got − ref| / max(1, max|ref|): relative to the output's scale, absolute near zero."""
    got = np.asarray(got, np.float64)
    ref = np.asarray(ref, np.float64)
    if got.shape != ref.shape:
        return float("inf")
    if got.size == 0:
        return 0.0
    if not np.all(np.isfinite(got)):
        return float("inf")
    return float(np.max(np.abs(got - ref)) / max(1.0, float(np.max(np.abs(ref)))))


# ----------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------

def _main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run-tosa", help="run a TOSA function on the CPU via upstream MLIR")
    r.add_argument("mlir")
    r.add_argument("--func", default="forward")
    r.add_argument("--input", action="append", default=[], metavar="NAME=FILE.npy")
    r.add_argument("--out-dir", required=True)
    r.add_argument("--pre", help="command run on the module before lowering (shell words)")
    r.add_argument("--mlir-opt")
    r.add_argument("--mlir-runner")
    r.add_argument("--keep-dir", help="write intermediate files here")
    t = sub.add_parser("torch-tconv", help="PyTorch conv_transpose2d from a JSON config")
    t.add_argument("config")
    t.add_argument("--input", required=True, help="x, NHWC .npy")
    t.add_argument("--weight", required=True, help="w, [OC,KH,KW,IC] .npy")
    t.add_argument("--bias", help="b, [OC] .npy (default zeros)")
    t.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.cmd == "run-tosa":
        tools = Tools(mlir_opt=find_tool("mlir-opt", a.mlir_opt),
                      mlir_runner=find_tool("mlir-runner", a.mlir_runner))
        inputs = {}
        for spec in a.input:
            name, _, path = spec.partition("=")
            inputs[name] = np.load(path)
        with open(a.mlir) as f:
            text = f.read()
        if a.keep_dir:
            os.makedirs(a.keep_dir, exist_ok=True)
        outs = run_tosa_network(text, inputs, a.func, tools,
                                shlex.split(a.pre) if a.pre else None, a.keep_dir)
        os.makedirs(a.out_dir, exist_ok=True)
        for i, o in enumerate(outs):
            np.save(os.path.join(a.out_dir, "result%d.npy" % i), o)
            print("result%d: %s %s" % (i, o.dtype, o.shape))
        return 0
    with open(a.config) as f:
        cfg = TransposeConvConfig.from_dict(json.load(f))
    x, w = np.load(a.input), np.load(a.weight)
    b = np.load(a.bias) if a.bias else np.zeros((cfg.oc,), np.float64)
    np.save(a.out, torch_conv_transpose(cfg, x, w, b))
    return 0


if __name__ == "__main__":
    sys.exit(_main())

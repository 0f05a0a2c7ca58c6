"""Oracle library: run TOSA on the CPU with upstream MLIR, and run PyTorch references.

These are the oracles that are *not ours*: upstream MLIR's TOSA→linalg→LLVM lowering executed
by ``mlir-runner``, and PyTorch's ``conv_transpose2d`` (accel_tools.reference). Differential
tests (test/oracle/) and the benchmark-network check import this module; it is also a small
command-line tool (with python/ on PYTHONPATH):

  # Run a TOSA network on the CPU through upstream MLIR; write one .npy per result.
  /usr/bin/python3 -m accel_tools.oracle run-tosa net.mlir --func forward \\
      --input x=x.npy [--input arg1=y.npy] --out-dir out/ \\
      [--pre 'accel-opt --accel-split-transpose-conv=strategy=split']

  # Run one transposed convolution in PyTorch from a JSON config (see TransposeConvConfig).
  /usr/bin/python3 -m accel_tools.oracle torch-tconv cfg.json --input x.npy --weight w.npy \\
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
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from accel_tools.mlir_text import (NP_OF_MLIR, dense_attr, parse_func_signature,
                                   tensor_type)
from accel_tools.tools import find_tool, run_tool, runner_shared_libs

# The TOSA part of upstream's CPU lowering (see /work/shared/MLIR22-NOTES.md). It includes
# tosa-optional-decompositions, i.e. upstream's own transpose_conv2d decomposition; after our
# accel-split-transpose-conv pass there is no transpose_conv2d left and it is a no-op.
TOSA_TO_LINALG = ("func.func(tosa-optional-decompositions,tosa-infer-shapes,"
                  "tosa-make-broadcastable,tosa-to-linalg-named,tosa-to-linalg,"
                  "tosa-to-arith{include-apply-rescale=true},"
                  "tosa-to-tensor)")
LINALG_TO_LLVM = ("one-shot-bufferize{bufferize-function-boundaries "
                  "function-boundary-type-conversion=identity-layout-map},"
                  "buffer-deallocation-pipeline,convert-linalg-to-loops,convert-scf-to-cf,"
                  "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
                  # libm for what LLVM has no intrinsic for (tosa.erf -> math.erf).
                  "convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
                  "convert-func-to-llvm,"
                  "convert-cf-to-llvm,reconcile-unrealized-casts")
# One mlir-opt process for the whole lowering (one parse instead of two).
UPSTREAM_CPU_PIPELINE = "builtin.module(%s,%s)" % (TOSA_TO_LINALG, LINALG_TO_LLVM)


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
    return values.astype(NP_OF_MLIR[elt])


_DATA_RE = re.compile(r"data =\s*\[([^\]]*)\]")


def parse_printed_memrefs(stdout: str) -> List[np.ndarray]:
    """All 1-D memrefs printed by printMemrefI32/I64, in print order, as int64 arrays."""
    out = []
    for m in _DATA_RE.finditer(stdout):
        body = m.group(1).strip()
        out.append(np.array([int(t) for t in body.split(",")] if body else [], dtype=np.int64))
    return out


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
        text = run_tool("pre-pass", list(pre_cmd), text, tools.timeout).stdout
        save(".pre.mlir", text)
        if check_pre:
            check_pre(text)
    text = insert_into_module(text, main_text)
    save(".full.mlir", text)
    llvm = run_tool("mlir-opt lowering",
                    [tools.mlir_opt, "--pass-pipeline=" + UPSTREAM_CPU_PIPELINE], text,
                    tools.timeout).stdout
    out = run_tool("mlir-runner", [tools.mlir_runner, tools.runner_opt_level, "-e", "main",
                                   "-entry-point-result=void",
                                   "-shared-libs=" + runner_shared_libs()], llvm,
                   tools.timeout).stdout
    save(".out.txt", out)
    return out


def insert_into_module(module_text: str, extra: str) -> str:
    """Appends top-level ops to a module printed with or without an explicit `module {}`
    (possibly preceded by attribute aliases such as `#map = ...`, and followed by a
    `{-# dialect_resources ... #-}` section holding dense_resource blobs)."""
    stripped = module_text.rstrip()
    resources = ""
    start = stripped.find("\n{-#")
    if start >= 0:
        stripped, resources = stripped[:start].rstrip(), stripped[start:] + "\n"
    if re.search(r"^\s*module\b", stripped, re.M):
        end = stripped.rindex("}")
        return stripped[:end] + "\n" + extra + "\n}\n" + resources
    return stripped + "\n" + extra + "\n" + resources


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
        tools = Tools(mlir_opt=find_tool("mlir-opt", explicit=a.mlir_opt),
                      mlir_runner=find_tool("mlir-runner", explicit=a.mlir_runner))
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
    from accel_tools.tconv import TransposeConvConfig, torch_reference
    with open(a.config) as f:
        cfg = TransposeConvConfig.from_dict(json.load(f))
    x, w = np.load(a.input), np.load(a.weight)
    b = np.load(a.bias) if a.bias else np.zeros((cfg.oc,), np.float64)
    np.save(a.out, torch_reference(cfg, x, w, b))
    return 0


if __name__ == "__main__":
    sys.exit(_main())

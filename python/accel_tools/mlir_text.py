"""Writing and reading MLIR text: the one place Python code parses printed IR.

accel-opt prints no machine-readable summary of planned IR yet, so scripts that need the
`accel.*` attributes (estimates, strategies), locations or constants read the printed module
through this parser instead of each using its own regular expressions.

Writing:
  tensor_type((1, 4, 4, 2), "f32")  → "tensor<1x4x4x2xf32>"
  dense_attr(array, "f32")          → 'dense<"0x..."> : tensor<...>' (raw bytes: exact)

Reading (one op per line, pretty or generic form, as MLIR prints them):
  ops = parse_ops(text)             → [Op]: results, name, operands, attributes (properties
                                      `<{...}>` and the attribute dictionary `{...}` merged,
                                      values as raw text), types, loc, line
  int_attr / float_attr / str_attr / array_attr / dict_attr / dense_value
                                    → typed attribute values
  func_attributes(text)             → {func name: {attribute: raw text}}
  loc_aliases(text), loc_info(loc, aliases) → (first NameLoc name, first file line)
  estimated_cycles(text), strategies(text)   the accel attributes scripts ask for
  parse_func_signature(text, func)  → argument names / types, result types
"""

import json
import re
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------

NP_OF_MLIR = {"f16": np.float16, "f32": np.float32, "f64": np.float64, "i8": np.int8,
              "i16": np.int16, "i32": np.int32, "i64": np.int64}


def tensor_type(shape: Sequence[int], elt: str) -> str:
    return "tensor<%s>" % "x".join([str(int(d)) for d in shape] + [elt])


def dense_attr(arr: np.ndarray, elt: str) -> str:
    """`dense<"0x...">` with the raw little-endian bytes: exact and fast to parse."""
    arr = np.ascontiguousarray(arr, dtype=NP_OF_MLIR[elt])
    if sys.byteorder != "little":
        arr = arr.byteswap()
    return 'dense<"0x%s"> : %s' % (arr.tobytes().hex().upper(), tensor_type(arr.shape, elt))


# ----------------------------------------------------------------------------------------------
# Scanning
# ----------------------------------------------------------------------------------------------

_OPEN, _CLOSE = "([{<", ")]}>"


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at text[i] == '"'."""
    i += 1
    while True:
        j = text.find('"', i)
        if j < 0:
            return len(text)
        backslashes = 0
        while j - 1 - backslashes >= i and text[j - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return j + 1
        i = j + 1


def _match_close(text: str, i: int) -> int:
    """Index just past the bracket group opened at text[i] (strings and `->` skipped); the end
    of the text when the group is not closed on it."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            i = _skip_string(text, i)
            continue
        if c == "-" and text.startswith("->", i):
            i += 2
            continue
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def _top_level(text: str):
    """Indices of the characters of `text` outside bracket groups and strings."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            i = _skip_string(text, i)
            continue
        if c in _OPEN:
            i = _match_close(text, i)
            continue
        yield i
        i += 1


def split_top_level(text: str, sep: str = ",") -> List[str]:
    """`text` split at `sep` outside brackets and strings; empty trailing parts dropped."""
    parts, start = [], 0
    for i in _top_level(text):
        if text[i] == sep:
            parts.append(text[start:i])
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:])
    return parts


def parse_attr_dict(text: str) -> Dict[str, str]:
    """`a = 1 : i64, "b-c" = {x = 2 : i64}, unit` (without the braces) → {name: raw value};
    a unit attribute maps to "unit"."""
    out = {}
    for entry in split_top_level(text):
        key, eq, value = entry.partition("=")
        key = key.strip()
        if key.startswith('"'):
            key = str_attr(key)
        out[key] = value.strip() if eq else "unit"
    return out


# ----------------------------------------------------------------------------------------------
# Ops
# ----------------------------------------------------------------------------------------------

_OP_HEAD = re.compile(r'\s*((?:%[\w$.#-]+(?::\d+)?\s*,\s*)*%[\w$.#-]+(?::\d+)?\s*=\s*)?'
                      r'("[\w.$]+"|[A-Za-z_][\w$]*\.[\w.$]+)')
_SSA = re.compile(r"%([\w$.#-]+)")


@dataclass
class Op:
    """One printed op. `attributes` merges the properties `<{...}>` and the attribute
    dictionary; values are raw text (see int_attr & co). `body` is the custom-assembly text
    between the op name and its attribute dictionary / type (operands, inline values)."""
    name: str
    results: List[str] = field(default_factory=list)
    operands: List[str] = field(default_factory=list)
    attributes: Dict[str, str] = field(default_factory=dict)
    body: str = ""
    types: str = ""
    loc: Optional[str] = None
    line: int = 0
    text: str = ""

    def attr(self, name: str) -> Optional[str]:
        return self.attributes.get(name)

    @property
    def operand_types(self) -> List[str]:
        ins, arrow, _ = _split_arrow(self.types)
        if not arrow:
            return []
        ins = ins.strip()
        if ins.startswith("(") and ins.endswith(")"):
            ins = ins[1:-1]
        return [t.strip() for t in split_top_level(ins)]

    @property
    def result_types(self) -> List[str]:
        ins, arrow, outs = _split_arrow(self.types)
        outs = (outs if arrow else ins).strip()
        if outs.startswith("(") and outs.endswith(")"):
            outs = outs[1:-1]
        return [t.strip() for t in split_top_level(outs)]


def _split_arrow(types: str) -> Tuple[str, bool, str]:
    """Splits a function type at its top-level `->`."""
    for i in _top_level(types):
        if types.startswith("->", i):
            return types[:i], True, types[i + 2:]
    return types, False, ""


def parse_op(line: str, line_number: int = 0) -> Optional[Op]:
    """The op printed on `line`, or None when the line holds no op (`return` and `func.func`
    headers are lines too: use func_attributes for the latter)."""
    m = _OP_HEAD.match(line)
    if not m:
        return None
    name = m.group(2).strip('"')
    op = Op(name=name, line=line_number, text=line)
    if m.group(1):
        op.results = [r.split(":")[0] for r in _SSA.findall(m.group(1))]
    generic = m.group(2).startswith('"')
    i, n = m.end(), len(line)
    body_start, body_end, types_start, types_end = i, None, None, n
    while i < n:
        c = line[i]
        if c == '"':
            i = _skip_string(line, i)
            continue
        if line.startswith("loc(", i) and line[i - 1] == " ":
            j = _match_close(line, i + 3)
            op.loc = line[i + 4:j - 1]
            if types_start is not None and types_end == n:
                types_end = i
            body_end = i if body_end is None else body_end
            i = j
            continue
        if types_start is not None:
            i += 1
            continue
        if line.startswith("<{", i):
            j = _match_close(line, i)
            op.attributes.update(parse_attr_dict(line[i + 2:j - 2]))
            body_end = i if body_end is None else body_end
            i = j
            continue
        if c == "{":
            j = _match_close(line, i)
            op.attributes.update(parse_attr_dict(line[i + 1:j - 1]))
            body_end = i if body_end is None else body_end
            i = j
            continue
        if c == "(" and generic and not op.operands and body_end is None:
            j = _match_close(line, i)
            op.operands = _SSA.findall(line[i + 1:j - 1])
            i = j
            continue
        if c in _OPEN:
            i = _match_close(line, i)
            continue
        if c == ":" and line[i - 1:i] == " " and line[i + 1:i + 2] == " ":
            body_end = i if body_end is None else body_end
            types_start = i + 1
        i += 1
    op.body = line[body_start:body_end if body_end is not None else n].strip()
    if not generic:
        op.operands = _SSA.findall(op.body)
    if types_start is not None:
        op.types = line[types_start:types_end].strip()
    return op


def ssa_definitions(text: str) -> Dict[int, str]:
    """{1-based line number: the first SSA name an op defines on it} (cheap: op heads only)."""
    out = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = _OP_HEAD.match(line)
        if m and m.group(1):
            out[number] = _SSA.search(m.group(1)).group(1)
    return out


def parse_ops(text: str) -> List[Op]:
    """Every op of the printed module, one per line, in order."""
    ops = []
    for number, line in enumerate(text.splitlines(), 1):
        op = parse_op(line, number)
        if op is not None and op.name != "func.func":
            ops.append(op)
    return ops


def func_attributes(text: str) -> Dict[str, Dict[str, str]]:
    """{function name: its `attributes {...}` dictionary} of every func.func in the text."""
    out = {}
    for line in text.splitlines():
        m = re.match(r'\s*func\.func\s+(?:public\s+|private\s+)?@([\w$.-]+)\s*', line)
        if not m:
            continue
        attrs, i = {}, m.end()
        while i < len(line):
            c = line[i]
            if c == '"':
                i = _skip_string(line, i)
                continue
            if line.startswith("attributes", i) and line[i - 1] == " ":
                j = line.index("{", i)
                k = _match_close(line, j)
                attrs = parse_attr_dict(line[j + 1:k - 1])
                break
            if c in _OPEN:
                if c == "{":
                    break           # the body: no attributes
                i = _match_close(line, i)
                continue
            i += 1
        out[m.group(1)] = attrs
    return out


# ----------------------------------------------------------------------------------------------
# Attribute values
# ----------------------------------------------------------------------------------------------

def _strip_type(value: str) -> str:
    """`155088 : i64` → `155088` (the trailing `: type` of a typed attribute)."""
    parts = value.rsplit(" : ", 1)
    return parts[0].strip()


def int_attr(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    v = _strip_type(value)
    if v in ("true", "false"):
        return int(v == "true")
    return int(v, 0)


def float_attr(value: Optional[str]) -> Optional[float]:
    if value is None:
        return None
    return float(_strip_type(value))


def str_attr(value: Optional[str]) -> Optional[str]:
    """A quoted MLIR string (`\\XX` hex escapes and `\\"`, `\\\\` decoded)."""
    if value is None:
        return None
    v = value.strip()
    if not (v.startswith('"') and v.endswith('"')):
        raise ValueError("not a string attribute: %r" % value)
    return re.sub(r'\\([0-9A-Fa-f]{2}|.)',
                  lambda g: chr(int(g.group(1), 16)) if len(g.group(1)) == 2 else g.group(1),
                  v[1:-1])


def array_attr(value: Optional[str]) -> Optional[List[int]]:
    """`array<i64: 1, 2>` (or `array<i64>`) → [1, 2]."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*array<\w+(?::([^>]*))?>\s*", value)
    if not m:
        raise ValueError("not a dense array attribute: %r" % value)
    return [int(v) for v in m.group(1).split(",")] if m.group(1) and m.group(1).strip() else []


def dict_attr(value: Optional[str]) -> Dict[str, str]:
    """`{a = 1 : i64, ...}` → {name: raw value}; {} when absent."""
    if value is None:
        return {}
    v = value.strip()
    if not (v.startswith("{") and v.endswith("}")):
        raise ValueError("not a dictionary attribute: %r" % value)
    return parse_attr_dict(v[1:-1])


def parse_tensor_type(text: str) -> Tuple[Tuple[int, ...], str]:
    """`tensor<2x3xf32>` → ((2, 3), "f32") (static ranked tensors only)."""
    m = re.fullmatch(r"\s*tensor<((?:\d+x)*)(\w+)>\s*", text)
    if not m:
        raise ValueError("only static ranked tensors are supported, got %r" % text)
    return tuple(int(d) for d in m.group(1).split("x") if d), m.group(2)


_RESOURCE_ENTRY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[\w.$-]+)\s*:\s*"0x([0-9A-Fa-f]*)"', re.M)


def dense_resources(text: str) -> Dict[str, bytes]:
    """{name: bytes} of the blobs in a printed module's trailing resource section
    (`{-# dialect_resources: { builtin: { NAME: "0x<u32 alignment><data>" } } #-}`); the
    alignment word is dropped."""
    start = text.find("{-#")
    if start < 0:
        return {}
    return {m.group(1).strip('"'): bytes.fromhex(m.group(2))[4:]
            for m in _RESOURCE_ENTRY.finditer(text, start)}


def dense_value(value: str, dtype=None, resources: Optional[Dict[str, bytes]] = None
                ) -> np.ndarray:
    """`dense<LITERAL> : tensor<...>` (nested lists, a splat, or "0x" hex bytes) → ndarray of
    the tensor's shape and element type; with `dtype`, decimal literals are read straight
    into that type instead (e.g. float64: `2.000000e-01` stays 0.2, not float32's 0.2).
    `dense_resource<NAME> : tensor<...>` reads blob NAME of `resources` (dense_resources)."""
    m = re.fullmatch(r"\s*dense_resource<([^>]*)>\s*:\s*(tensor<[^>]*>)\s*", value, re.S)
    if m:
        name = m.group(1).strip().strip('"')
        if resources is None or name not in resources:
            raise ValueError("dense_resource blob %r is not in the module's resources" % name)
        shape, elt = parse_tensor_type(m.group(2))
        elt_dtype = np.dtype(NP_OF_MLIR[elt]) if elt in NP_OF_MLIR else np.dtype(np.int8)
        arr = np.frombuffer(resources[name], dtype=elt_dtype.newbyteorder("<"))
        return arr.astype(dtype or elt_dtype).reshape(shape)
    m = re.fullmatch(r"\s*dense<(.*)>\s*:\s*(tensor<[^>]*>)\s*", value, re.S)
    if not m:
        raise ValueError("not a dense elements attribute: %r" % value[:200])
    shape, elt = parse_tensor_type(m.group(2))
    elt_dtype = np.dtype(NP_OF_MLIR[elt]) if elt in NP_OF_MLIR else np.dtype(np.int8)
    literal = m.group(1).strip()
    if literal.startswith('"0x'):
        raw = bytes.fromhex(literal[3:-1])
        arr = np.frombuffer(raw, dtype=elt_dtype.newbyteorder("<")).astype(dtype or elt_dtype)
    else:
        literal = re.sub(r"\btrue\b", "1", re.sub(r"\bfalse\b", "0", literal))
        arr = np.array(json.loads(literal), dtype=dtype or elt_dtype)
    if arr.size == 1 and int(np.prod(shape)) != 1:
        return np.broadcast_to(arr.reshape(()), shape).copy()
    return arr.reshape(shape)


# ----------------------------------------------------------------------------------------------
# Locations
# ----------------------------------------------------------------------------------------------

_LOC_ALIAS = re.compile(r'^#(loc\d*)\s*=\s*loc\((.*)\)\s*$', re.M)
_LOC_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:\s*(\d+)\s*:\s*\d+)?')


def loc_aliases(text: str) -> Dict[str, str]:
    """{"loc3": text inside loc(...)} for every `#loc3 = loc(...)` line."""
    return {m.group(1): m.group(2) for m in _LOC_ALIAS.finditer(text)}


def loc_info(loc: Optional[str], aliases: Optional[Dict[str, str]] = None
             ) -> Tuple[Optional[str], Optional[int]]:
    """(name of the first NameLoc, line of the first file location) in a printed location
    (`"deconv1"`, `#loc3`, `fused["deconv1", "x.mlir":3:4]`, `"deconv1"("x.mlir":3:4)`,
    `fused<"accel.role=conv2d">["conv1"("x.mlir":3:4)]`); aliases are expanded. Either is None
    when absent."""
    if loc is None:
        return None, None
    aliases = aliases or {}
    for _ in range(8):
        expanded = re.sub(r"#(loc\d*)\b", lambda g: aliases.get(g.group(1), ""), loc)
        if expanded == loc:
            break
        loc = expanded
    # A fused location's metadata (`fused<"accel.role=conv2d">[...]`, the layer's role) is
    # not a name.
    loc = re.sub(r'fused<"(?:[^"\\]|\\.)*">', "fused", loc)
    name = line = None
    for m in _LOC_STRING.finditer(loc):
        if m.group(2) is None:
            if name is None:
                name = m.group(1)
        elif line is None:
            line = int(m.group(3))
    return name, line


# ----------------------------------------------------------------------------------------------
# The accel attributes scripts read
# ----------------------------------------------------------------------------------------------

def estimate_cycles(value: Optional[str]) -> Optional[int]:
    """The cycles of an `#accel.estimate<cycles = N, ...>` attribute value."""
    if value is None:
        return None
    m = re.match(r"#accel\.estimate<cycles = (\d+)", value.strip())
    return int(m.group(1)) if m else None


def estimated_cycles(text: str) -> Tuple[List[int], Optional[int]]:
    """(the `accel.est` cycles of every op carrying one, in program order; the first
    function's `accel.est_total` cycles or None) of planned accel IR."""
    per_op = [estimate_cycles(op.attr("accel.est")) for op in parse_ops(text)
              if op.attr("accel.est") is not None]
    total = None
    for attrs in func_attributes(text).values():
        if "accel.est_total" in attrs:
            total = estimate_cycles(attrs["accel.est_total"])
            break
    return per_op, total


def strategies(text: str) -> Dict[str, str]:
    """{layer: accel.strategy} of compiled accel IR printed with locations (aliased `#locN` or
    inline): the op carrying `accel.strategy` (the result of a transposed conv) names its
    layer with its first NameLoc; a `#N` suffix is dropped."""
    aliases = loc_aliases(text)
    out: Dict[str, str] = {}
    for op in parse_ops(text):
        value = op.attr("accel.strategy")
        if value is None:
            continue
        name, _ = loc_info(op.loc, aliases)
        if name:
            out.setdefault(name.split("#", 1)[0], str_attr(value))
    return out


# ----------------------------------------------------------------------------------------------
# Function signatures
# ----------------------------------------------------------------------------------------------

@dataclass
class FuncSignature:
    name: str
    arg_names: List[str]            # SSA names without '%' as written in the file
    arg_types: List[Tuple[Tuple[int, ...], str]]
    result_types: List[Tuple[Tuple[int, ...], str]]


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


def parse_func_signature(module_text: str, func: str) -> FuncSignature:
    """Reads `func.func @func(%a: tensor<..>, ...) -> ...` from the text (static tensors only)."""
    m = re.search(r"func\.func\s+(?:public\s+|private\s+)?@%s\s*\(" % re.escape(func), module_text)
    if not m:
        raise ValueError("function @%s not found" % func)
    i = _match_close(module_text, m.end() - 1)
    args_text = module_text[m.end():i - 1]
    rest = module_text[i:]
    results_text = ""
    rm = re.match(r"\s*->\s*", rest)
    if rm:
        j = rm.end()
        while j < len(rest):
            ch = rest[j]
            if ch == "{" or rest.startswith("attributes", j):
                break
            if ch == '"':
                j = _skip_string(rest, j)
                continue
            if ch in "(<[":
                j = _match_close(rest, j)
                continue
            j += 1
        results_text = rest[rm.end():j].strip()
        if results_text.startswith("(") and results_text.endswith(")"):
            results_text = results_text[1:-1]
    names, types = [], []
    for arg in split_top_level(args_text):
        am = re.match(r"\s*%([\w$.-]+)\s*:\s*(.*)$", arg, re.S)
        if not am:
            raise ValueError("cannot parse argument %r of @%s" % (arg, func))
        names.append(am.group(1))
        types.append(parse_tensor_type(_strip_attr_dict(am.group(2))))
    results = [parse_tensor_type(_strip_attr_dict(r)) for r in split_top_level(results_text)]
    return FuncSignature(func, names, types, results)

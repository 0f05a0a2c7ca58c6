"""README.md's code blocks, for tests that keep the README and behaviour in step.

A fenced block is addressed by an HTML comment on the line right before its opening
fence, `<!-- KIND: NAME -->`, KIND one of
  block    a file the tests use verbatim (the embedding CMakeLists.txt);
  run      shell commands a reader runs from the repository root;
  output   what the `run` block of the same NAME prints: each of its lines must occur, in
           order, in the commands' stdout + stderr (lines may be left out, not changed).
Nothing else in the file is interpreted.

    python3 -m accel_tools.readme README.md NAME          prints `block` NAME
    python3 -m accel_tools.readme README.md --run BINDIR  runs every `run` block from the
        README's directory with `build/bin/` read as BINDIR, checks its `output`; exit 1
        on the first failure, naming the block and its line
"""

import os
import re
import subprocess
import sys
from typing import Dict, List, NamedTuple

_MARKER = re.compile(r"^<!--\s*(block|run|output):\s*([A-Za-z0-9_.-]+)\s*-->\s*$")
_FENCE = re.compile(r"^(```+|~~~+)")


class Block(NamedTuple):
    kind: str
    name: str
    line: int   # 1-based line of the marker
    text: str


def marked_blocks(text: str) -> List[Block]:
    """Every marked block, in file order; a (kind, name) pair occurs once."""
    lines = text.splitlines()
    blocks: List[Block] = []
    seen = set()
    i = 0
    while i < len(lines):
        marker = _MARKER.match(lines[i])
        fence = _FENCE.match(lines[i + 1]) if marker and i + 1 < len(lines) else None
        if not fence:
            i += 1
            continue
        kind, name = marker.groups()
        if (kind, name) in seen:
            raise ValueError(f"line {i + 1}: {kind} block '{name}' is defined twice")
        seen.add((kind, name))
        body = []
        j = i + 2
        while j < len(lines) and not lines[j].startswith(fence.group(1)):
            body.append(lines[j])
            j += 1
        if j == len(lines):
            raise ValueError(f"line {i + 2}: block '{name}' has no closing fence")
        blocks.append(Block(kind, name, i + 1, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


def named_blocks(text: str) -> Dict[str, str]:
    """The `block` blocks by name."""
    return {b.name: b.text for b in marked_blocks(text) if b.kind == "block"}


def run_blocks(readme: str, bindir: str) -> int:
    """Runs every `run` block (see the module doc); returns how many ran."""
    with open(readme, encoding="utf-8") as f:
        blocks = marked_blocks(f.read())
    outputs = {b.name: b for b in blocks if b.kind == "output"}
    runs = [b for b in blocks if b.kind == "run"]
    for name in outputs.keys() - {b.name for b in runs}:
        raise ValueError(f"{readme}:{outputs[name].line}: output '{name}' has no run block")
    root = os.path.dirname(os.path.abspath(readme))
    for block in runs:
        script = block.text.replace("build/bin/", bindir.rstrip("/") + "/")
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        where = f"{readme}:{block.line}: run block '{block.name}'"
        expected = outputs.get(block.name)
        if expected is None and done.returncode != 0:
            raise RuntimeError(f"{where} exited {done.returncode}:\n{done.stdout}")
        if expected is not None:
            got = done.stdout.splitlines()
            at = 0
            for want in expected.text.splitlines():
                while at < len(got) and got[at].rstrip() != want.rstrip():
                    at += 1
                if at == len(got):
                    raise RuntimeError(f"{where}: line not printed (in order): {want!r}\n"
                                       f"the commands printed:\n{done.stdout}")
                at += 1
        print(f"ran {block.name} ({where})")
    return len(runs)


def main(argv) -> int:
    if len(argv) == 4 and argv[2] == "--run":
        try:
            count = run_blocks(argv[1], argv[3])
        except (RuntimeError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        print(f"{count} run block(s) of {argv[1]} behave as written")
        return 0
    if len(argv) != 3:
        print("usage: python3 -m accel_tools.readme README.md NAME", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        blocks = named_blocks(f.read())
    if argv[2] not in blocks:
        print(f"{argv[1]}: no block named '{argv[2]}' (known: {', '.join(sorted(blocks))})",
              file=sys.stderr)
        return 1
    sys.stdout.write(blocks[argv[2]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

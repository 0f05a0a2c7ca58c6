"""Fails when docs/Targets.md's preset table disagrees with the preset table.

usage: check_target_docs.py ACCEL_OPT TARGETS_MD
The presets are those `accel-opt --help` lists for --accel-dump-target (read
from lib/Target/Target.cpp's table). The documented table must have exactly
one row per preset, and its MAC array, buffer sizes and DRAM bandwidth must
equal the numbers `accel-opt --accel-dump-target=NAME` prints.
"""
import json
import re
import subprocess
import sys

accel_opt, targets_md = sys.argv[1:3]

help_text = subprocess.run([accel_opt, "--help"], capture_output=True,
                           text=True, check=True).stdout
match = re.search(r"--accel-dump-target=\S+\s+- Print the target PRESET \(([^)]*)\)",
                  help_text)
if not match:
    sys.exit("accel-opt --help does not list the presets under --accel-dump-target")
presets = [name.strip() for name in match.group(1).split(",")]

UNITS = {"B": 1, "KiB": 1024, "MiB": 1024 * 1024}


def sizes(cell):
    """'96 / 32 / 32 KiB (note)' -> [98304, 32768, 32768]."""
    cell = re.sub(r"\(.*?\)", "", cell)
    parts = [part.split() for part in cell.split("/")]
    values, unit = [], None
    for part in reversed(parts):
        if len(part) == 2:
            unit = part[1]
        values.append(int(part[0]) * UNITS[unit])
    return values[::-1]


rows = {}
section = open(targets_md).read().split("## Presets", 1)[1]
for line in section.splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) >= 5 and cells[0].startswith("`"):
        rows[cells[0].strip("`")] = cells

errors = []
if sorted(rows) != sorted(presets):
    errors.append(f"documented presets {sorted(rows)} != table {sorted(presets)}")
for name in presets:
    if name not in rows:
        continue
    target = json.loads(subprocess.run(
        [accel_opt, f"--accel-dump-target={name}"], capture_output=True,
        text=True, check=True).stdout)
    cells = rows[name]
    array = [int(x) for x in cells[1].split("×")]
    if array != [target["atomic_c"], target["atomic_k"]]:
        errors.append(f"{name}: MAC array {cells[1]}")
    buffers = [target["input_buffer_bytes"], target["weight_buffer_bytes"],
               target["acc_buffer_bytes"]]
    if sizes(cells[2]) != buffers:
        errors.append(f"{name}: buffers {cells[2]} != {buffers} bytes")
    if float(cells[3]) != target["dram_bytes_per_cycle"]:
        errors.append(f"{name}: DRAM B/cycle {cells[3]}")
if errors:
    sys.exit("docs/Targets.md preset table is stale:\n  " + "\n  ".join(errors))
print(f"{len(presets)} presets documented")

"""Fails when a committed generated doc differs from the freshly generated one.

usage: check_docs.py GENERATED_DIR COMMITTED_DIR
Every .md under GENERATED_DIR (the build's docs/) must exist with identical
contents at the same relative path under COMMITTED_DIR (the source docs/).
Fix with `ninja -C build accel-update-docs`.
"""
import pathlib
import sys

generated, committed = map(pathlib.Path, sys.argv[1:3])
docs = sorted(generated.rglob("*.md"))
if not docs:
    sys.exit(f"no generated docs under {generated}")
stale = []
for doc in docs:
    relative = doc.relative_to(generated)
    other = committed / relative
    if not other.exists() or other.read_text() != doc.read_text():
        stale.append(str(relative))
if stale:
    sys.exit("stale or missing committed docs (run `ninja accel-update-docs`): "
             + ", ".join(stale))
print(f"{len(docs)} generated docs match docs/")

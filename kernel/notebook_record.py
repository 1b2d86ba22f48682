#!/usr/bin/python3
"""What an executed notebook records about its run, and the check that it still matches its code.

A notebook committed with its outputs carries, in `metadata.fastai`, where those outputs came from: the mode
(full or quick), the commit, the date, the machine, the data and models the library read, the figures the notebook
recorded, the wall time of the whole run (each code cell has its own in `metadata.fastai.wall_s`), and `code_sha256`,
a hash of the code cells that ran. A notebook whose code cells changed after its run no longer matches that hash:
its outputs come from other code, and `--check` says so.

    python3 kernel/notebook_record.py --check notebooks/*.ipynb    # one line per problem; status 1 if any
    python3 kernel/notebook_record.py --current notebooks/X.ipynb  # status 0 when X needs no new full run
"""
import hashlib
import json
import os
import sys

REQUIRED = ("mode", "commit", "date", "wall_s", "machine", "data", "models", "code_sha256")


def code_sources(nb):
    """The code cells' sources as strings (nbformat keeps them as a string or as a list of lines)."""
    out = []
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append(src if isinstance(src, str) else "".join(src))
    return out


def code_hash(nb):
    """SHA-256 over every code cell's source, each followed by a NUL: any edit, added or removed cell changes it."""
    h = hashlib.sha256()
    for src in code_sources(nb):
        h.update(src.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def problems(path, mode="full"):
    """Why the notebook at `path` is not a faithful record of a run of its current code in `mode` (empty if it is)."""
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{name}: not a readable notebook ({e})"]
    found = []
    meta = nb.get("metadata", {}).get("fastai")
    if not isinstance(meta, dict):
        return [f"{name}: no run recorded (metadata.fastai missing): run ./fastai execute {name}"]
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        found.append(f"{name}: the run record lacks {', '.join(missing)}")
    if meta.get("mode") != mode:
        found.append(f"{name}: executed in {meta.get('mode')} mode, expected {mode}")
    if meta.get("code_sha256") != code_hash(nb):
        found.append(f"{name}: its code cells changed after the recorded run (hash mismatch): "
                     f"run ./fastai execute {name} and commit the result")
    for i, cell in enumerate(c for c in nb["cells"] if c.get("cell_type") == "code"):
        src = cell.get("source", "")
        src = src if isinstance(src, str) else "".join(src)
        if not src.strip():
            continue
        if cell.get("execution_count") is None:
            found.append(f"{name}: code cell {i + 1} was not executed ({first_line(src)})")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"{name}: code cell {i + 1} holds an error: {out.get('ename')}: {out.get('evalue')}")
    return found


def first_line(src):
    for line in src.splitlines():
        if line.strip():
            return line.strip()[:60]
    return ""


def main(argv):
    if len(argv) >= 2 and argv[0] == "--check":
        found = [p for path in argv[1:] for p in problems(path)]
        for p in found:
            print(p)
        print(f"{len(argv) - 1} notebooks checked, {len(found)} problems")
        return 1 if found else 0
    if len(argv) == 2 and argv[0] == "--current":
        return 0 if not problems(argv[1]) else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

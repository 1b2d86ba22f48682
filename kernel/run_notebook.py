#!/usr/bin/python3
"""Execute one notebook headlessly through our Java kernel and save the executed copy.

Used by the README's main command (lesson 1) and by the notebook test (every notebook).
On a cell error or time-out it prints one line naming the notebook, the cell and the error,
saves what ran so far, and exits with status 1. Other failures (Jupyter or the kernel not
installed, a notebook that does not exist) get a one-line message with the fixing command.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook_record  # noqa: E402

FIX = "run ./fastai setup"


def die(message, status=2):
    print(f"run_notebook: {message}", file=sys.stderr, flush=True)
    sys.exit(status)


try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
except ImportError as e:
    die(f"Jupyter is not installed ({e.name} missing): {FIX} "
        "(it installs jupyter-nbconvert, python3-nbclient, jupyter-client from Debian)")


def first_line(source):
    return notebook_record.first_line(source, 80)


def error_of(cell):
    """The error output of an executed cell, as 'ename: evalue', or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return f"{out.get('ename')}: {out.get('evalue')}"
    return None


def save(nb, path):
    """Writes the notebook atomically: a reader never sees half a file."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    nbformat.write(nb, tmp)
    os.replace(tmp, path)


def results_dir():
    """Where the library writes its results (Config.resultsDir): FASTAI_RESULTS, else FASTAI_HOME/results."""
    if os.environ.get("FASTAI_RESULTS"):
        return os.environ["FASTAI_RESULTS"]
    return os.path.join(os.environ.get("FASTAI_HOME", os.getcwd()), "results")


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


MAX_STREAM_LINES = 60


def fold_streams(nb):
    """Keeps a long streamed log readable: its first 10 and last 40 lines, with a count of those left out."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") != "stream":
                continue
            lines = out["text"].splitlines(keepends=True)
            if len(lines) > MAX_STREAM_LINES:
                left = len(lines) - 50
                out["text"] = "".join(lines[:10]) + f"[... {left} lines of this log left out of the saved notebook ...]\n" \
                    + "".join(lines[-40:])


def record(nb, stem, wall):
    """Writes where these outputs come from into the notebook's metadata (see kernel/notebook_record.py)."""
    fold_streams(nb)
    figures_file = os.path.join(results_dir(), "figures", stem + ".json")
    figures = {}
    if os.path.exists(figures_file):
        with open(figures_file, encoding="utf-8") as f:
            figures = json.load(f)
    dirty = git("status", "--porcelain", "--", "lib", "kernel", "datasets", "pom.xml", f"notebooks/{stem}.ipynb")
    commit = git("rev-parse", "HEAD") or "unknown"
    used = figures.get("used", {})
    nb.metadata["fastai"] = {
        "mode": "quick" if os.environ.get("FASTAI_QUICK", "0") not in ("0", "", "false") else "full",
        "commit": commit + (" with uncommitted changes" if dirty else ""),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wall_s": round(wall, 1),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                    "load_at_end": round(os.getloadavg()[0], 2)},
        "data": used.get("data", []),
        "models": used.get("model", []),
        "figures": figures.get("figures", {}),
        "code_sha256": notebook_record.code_hash(nb),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("notebook")
    ap.add_argument("output", help="where the executed notebook is written")
    ap.add_argument("--kernel", default="fastai-java")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    ap.add_argument("--record", action="store_true",
                    help="record the run in the notebook's metadata (mode, commit, date, machine, data, "
                         "figures, wall times, code hash) and fold long streamed logs; ./fastai execute uses it")
    args = ap.parse_args()

    if not os.path.isfile(args.notebook):
        die(f"no notebook at {args.notebook}: give the path of an .ipynb file (see notebooks/)")
    try:
        KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        die(f"the Jupyter kernel '{args.kernel}' is not installed: {FIX}")

    try:
        nb = nbformat.read(args.notebook, as_version=4)
    except Exception as e:  # a broken file: say which and why, no traceback
        die(f"{args.notebook} is not a readable notebook: {e}")

    name = os.path.basename(args.notebook)
    stem = name[:-len(".ipynb")] if name.endswith(".ipynb") else name
    if args.record:
        # The library records the data and models it reads, and the notebook its figures, under this name.
        os.environ["FASTAI_NOTEBOOK"] = stem
        figures_file = os.path.join(results_dir(), "figures", stem + ".json")
        if os.path.exists(figures_file):
            os.remove(figures_file)  # only this run's figures and data count
    code_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    total = len(code_cells)
    current = {"n": 0, "source": "", "t": time.monotonic()}

    def on_start(cell, cell_index):
        if cell.cell_type != "code" or not cell.source.strip():
            return
        current.update(n=current["n"] + 1, source=first_line(cell.source), t=time.monotonic())
        print(f"[{name}] cell {current['n']}/{total}: {current['source']}", flush=True)

    def on_complete(cell, cell_index, execute_reply=None):
        if cell.cell_type != "code" or not cell.source.strip():
            return
        wall = time.monotonic() - current["t"]
        if args.record:
            cell.metadata["fastai"] = {"wall_s": round(wall, 1)}
        print(f"[{name}]   done in {wall:.1f}s", flush=True)

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_start,
        on_cell_executed=on_complete,
    )
    t0 = time.monotonic()
    in_place = os.path.abspath(args.output) == os.path.abspath(args.notebook)
    failed_copy = os.path.join(results_dir(), name) if in_place else args.output
    try:
        client.execute()
    except CellTimeoutError:
        save(nb, failed_copy)
        print(f"FAILED {name} cell {current['n']} ({current['source']}): "
              f"timed out after {args.timeout}s", file=sys.stderr, flush=True)
        sys.exit(1)
    except DeadKernelError as e:
        save(nb, failed_copy)
        print(f"FAILED {name}: the kernel died ({e})", file=sys.stderr, flush=True)
        sys.exit(1)
    except CellExecutionError:
        save(nb, failed_copy)
        for i, cell in enumerate(code_cells):
            err = error_of(cell)
            if err:
                print(f"FAILED {name} cell {i + 1} ({first_line(cell.source)}): {err}",
                      file=sys.stderr, flush=True)
                break
        else:
            print(f"FAILED {name}: a cell raised an error", file=sys.stderr, flush=True)
        sys.exit(1)
    if args.record:
        record(nb, stem, time.monotonic() - t0)
    save(nb, args.output)
    print(f"[{name}] executed {total} code cells in {time.monotonic() - t0:.1f}s -> {args.output}",
          flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Execute one notebook headlessly through our Java kernel and save the executed copy.

Used by the README's main command (lesson 1) and by the notebook test (every notebook).
On a cell error or time-out it prints one line naming the notebook, the cell and the error,
saves what ran so far, and exits with status 1. Other failures (Jupyter or the kernel not
installed, a notebook that does not exist) get a one-line message with the fixing command.
"""
import argparse
import os
import sys
import time

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
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


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


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("notebook")
    ap.add_argument("output", help="where the executed notebook is written")
    ap.add_argument("--kernel", default="fastai-java")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per cell")
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
        print(f"[{name}]   done in {time.monotonic() - current['t']:.1f}s", flush=True)

    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_start,
        on_cell_executed=on_complete,
    )
    t0 = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError:
        save(nb, args.output)
        print(f"FAILED {name} cell {current['n']} ({current['source']}): "
              f"timed out after {args.timeout}s", file=sys.stderr, flush=True)
        sys.exit(1)
    except DeadKernelError as e:
        save(nb, args.output)
        print(f"FAILED {name}: the kernel died ({e})", file=sys.stderr, flush=True)
        sys.exit(1)
    except CellExecutionError:
        save(nb, args.output)
        for i, cell in enumerate(code_cells):
            err = error_of(cell)
            if err:
                print(f"FAILED {name} cell {i + 1} ({first_line(cell.source)}): {err}",
                      file=sys.stderr, flush=True)
                break
        else:
            print(f"FAILED {name}: a cell raised an error", file=sys.stderr, flush=True)
        sys.exit(1)
    save(nb, args.output)
    print(f"[{name}] executed {total} code cells in {time.monotonic() - t0:.1f}s -> {args.output}",
          flush=True)


if __name__ == "__main__":
    main()

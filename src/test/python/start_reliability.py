"""Starts the fastai-java kernel N times in a row and runs `1+1` in each.

Records, per start, the seconds from starting the kernel process to kernel_info (ready) and to
the execute_result of `1+1`; a start that does not give the result within --timeout seconds
counts as a hang (the kernel is then killed). Prints one line per start and a summary; the exit
status is 1 if any start hung.

    JUPYTER_PATH=<dir with kernels/fastai-java> /usr/bin/python3 start_reliability.py 200 [--csv out.csv]
"""
import argparse
import json
import os
import statistics
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager


def one_start(kernel_name, timeout):
    km = KernelManager(kernel_name=kernel_name)
    t0 = time.time()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    ready = result = None
    try:
        kc.wait_for_ready(timeout=timeout)
        ready = time.time() - t0
        msg_id = kc.execute("1+1")
        deadline = t0 + timeout
        while time.time() < deadline:
            try:
                m = kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
            except Empty:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "execute_result":
                if m["content"]["data"].get("text/plain") != "2":
                    raise AssertionError(f"1+1 gave {m['content']['data']}")
                result = time.time() - t0
                break
            if m["msg_type"] == "error":
                raise AssertionError(f"1+1 failed: {m['content']}")
    except RuntimeError:  # wait_for_ready timed out
        pass
    finally:
        kc.stop_channels()
        if result is None:
            km.shutdown_kernel(now=True)
        else:
            km.shutdown_kernel(now=False)
    return ready, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=200)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--csv")
    ap.add_argument("--kernel", default=os.environ.get("FASTAI_KERNEL_NAME", "fastai-java"))
    args = ap.parse_args()
    load_at_start = os.getloadavg()[0]
    readies, results, hangs = [], [], 0
    rows = []
    for i in range(args.n):
        ready, result = one_start(args.kernel, args.timeout)
        rows.append((i + 1, ready, result))
        if result is None:
            hangs += 1
        else:
            results.append(result)
        if ready is not None:
            readies.append(ready)
        print(f"start {i + 1}: ready {ready if ready is None else round(ready, 3)} s, "
              f"1+1 {result if result is None else round(result, 3)} s", flush=True)
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("start,ready_s,first_result_s\n")
            for i, r, x in rows:
                f.write(f"{i},{'' if r is None else f'{r:.3f}'},{'' if x is None else f'{x:.3f}'}\n")
    summary = {
        "starts": args.n,
        "hangs": hangs,
        "first_result_median_s": round(statistics.median(results), 3) if results else None,
        "first_result_min_s": round(min(results), 3) if results else None,
        "first_result_p90_s": round(sorted(results)[int(0.9 * (len(results) - 1))], 3) if results else None,
        "first_result_max_s": round(max(results), 3) if results else None,
        "ready_median_s": round(statistics.median(readies), 3) if readies else None,
        "ready_max_s": round(max(readies), 3) if readies else None,
        "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg()[0],
    }
    print("SUMMARY " + json.dumps(summary), flush=True)
    sys.exit(1 if hangs else 0)


if __name__ == "__main__":
    main()

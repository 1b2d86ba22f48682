"""A small driver for the fastai-java kernel over jupyter_client, for the behaviour tests."""
import os
import time
from queue import Empty

from jupyter_client.manager import KernelManager

KERNEL_NAME = os.environ.get("FASTAI_KERNEL_NAME", "fastai-java")


class Cell:
    """What one execute request produced: the reply and the IOPub messages in order."""

    def __init__(self, reply, messages, seconds):
        self.reply = reply
        self.messages = messages
        self.seconds = seconds

    @property
    def status(self):
        return self.reply["content"]["status"]

    def of_type(self, msg_type):
        return [m for m in self.messages if m["msg_type"] == msg_type]

    def stdout(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stdout")

    def stderr(self):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stderr")

    def result(self, mime="text/plain"):
        results = self.of_type("execute_result")
        return results[-1]["content"]["data"].get(mime) if results else None

    def error(self):
        errors = self.of_type("error")
        return errors[-1]["content"] if errors else None

    def __repr__(self):
        kinds = [m["msg_type"] for m in self.messages]
        return f"Cell(status={self.status}, outputs={kinds}, error={self.error()}, stdout={self.stdout()[:200]!r})"


class Kernel:
    """Starts the kernel with extra environment variables; runs cells; interrupts; restarts."""

    def __init__(self, env=None, stderr=None, startup_timeout=120):
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        kw = {}
        if env:
            full = dict(os.environ)
            full.update(env)
            kw["env"] = full
        if stderr is not None:
            kw["stderr"] = stderr
        self.km.start_kernel(**kw)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=startup_timeout)

    def send(self, code, allow_stdin=False):
        return self.kc.execute(code, allow_stdin=allow_stdin, stop_on_error=False)

    def collect(self, msg_id, timeout=120, t0=None, reply=None):
        """IOPub messages of msg_id until idle, then its execute_reply."""
        t0 = t0 or time.time()
        deadline = time.time() + timeout
        messages = []
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError(f"no idle status within {timeout} s; got {[m['msg_type'] for m in messages]}")
            try:
                m = self.kc.get_iopub_msg(timeout=left)
            except Empty:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status":
                if m["content"]["execution_state"] == "idle":
                    break
                continue
            if m["msg_type"] == "execute_input":
                continue
            messages.append(m)
        if reply is None:
            reply = self.reply(msg_id, timeout=max(1, deadline - time.time()))
        return Cell(reply, messages, time.time() - t0)

    def reply(self, msg_id, timeout=120):
        deadline = time.time() + timeout
        while True:
            r = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if r["parent_header"].get("msg_id") == msg_id:
                return r

    def run_all(self, codes, stop_on_error=True, timeout=120):
        """Sends every cell at once, as Jupyter's "Run All" does; one Cell per code, in order."""
        ids = [self.kc.execute(c, stop_on_error=stop_on_error) for c in codes]
        messages = {i: [] for i in ids}
        idle = set()
        deadline = time.time() + timeout
        while len(idle) < len(ids):
            if time.time() > deadline:
                raise TimeoutError(f"not idle within {timeout} s: {len(idle)} of {len(ids)} cells")
            try:
                m = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            parent = m["parent_header"].get("msg_id")
            if parent not in messages:
                continue
            if m["msg_type"] == "status":
                if m["content"]["execution_state"] == "idle":
                    idle.add(parent)
            elif m["msg_type"] != "execute_input":
                messages[parent].append(m)
        replies = {}
        while len(replies) < len(ids):
            r = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if r["parent_header"].get("msg_id") in messages:
                replies[r["parent_header"]["msg_id"]] = r
        return [Cell(replies[i], messages[i], 0) for i in ids]

    def run(self, code, timeout=120):
        t0 = time.time()
        return self.collect(self.send(code), timeout=timeout, t0=t0)

    def ok(self, code, timeout=120):
        cell = self.run(code, timeout=timeout)
        if cell.status != "ok":
            raise AssertionError(f"cell failed: {code!r} -> {cell}")
        return cell

    def interrupt_after(self, code, seconds, timeout=60):
        """Runs code, interrupts it after `seconds`; returns (cell, seconds from interrupt to reply)."""
        msg_id = self.send(code)
        # wait for the cell to start (busy) and then the given time
        time.sleep(seconds)
        t_int = time.time()
        self.km.interrupt_kernel()
        reply = self.reply(msg_id, timeout=timeout)
        latency = time.time() - t_int
        return self.collect(msg_id, timeout=timeout, reply=reply), latency

    def shutdown(self):
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=False)

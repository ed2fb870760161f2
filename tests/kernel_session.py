"""A real IPython kernel to run widget code in, recording what it sends to front ends on iopub.

Used by the streaming tests and benchmarks/widget.py: messages, buffers and timings are the ones a
JupyterLab front end would receive, including those sent from the widget's training thread.
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass, field

from jupyter_client.manager import start_new_kernel


@dataclass
class CommMessage:
    time: float
    comm_id: str
    data: dict
    buffers: list[bytes] = field(default_factory=list)

    @property
    def custom(self) -> dict | None:
        return self.data.get("content") if self.data.get("method") == "custom" else None

    @property
    def size(self) -> int:
        import json

        return len(json.dumps(self.data)) + sum(len(b) for b in self.buffers)


class KernelSession:
    def __init__(self) -> None:
        self.km, self.kc = start_new_kernel(kernel_name="python3")
        self.comm_messages: list[CommMessage] = []

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run(self, code: str, timeout: float = 120) -> str:
        """Execute code; return its stdout; raise with the traceback on error. Records comm traffic."""
        out, error = self.collect(self.execute(code), timeout, code)
        if error is not None:
            raise RuntimeError(error)
        return out

    def execute(self, code: str) -> str:
        """Start executing code and return at once (its message id, for ``collect``)."""
        return self.kc.execute(code)

    def collect(self, msg_id: str, timeout: float = 120, code: str = "") -> tuple[str, str | None]:
        """Wait for an execution to end: its stdout and its traceback (None if it succeeded)."""
        out: list[str] = []
        error = None
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline, f"kernel did not finish within {timeout} s:\n{code}")
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = "\n".join(msg["content"]["traceback"])
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out), error

    def wait_for_comm(self, predicate, timeout: float = 60) -> CommMessage:
        """Record comm traffic until a message satisfies ``predicate`` (e.g. the first delta of a run)."""
        deadline = time.monotonic() + timeout
        while True:
            before = len(self.comm_messages)
            self._next(deadline, f"no such comm message within {timeout} s")
            for m in self.comm_messages[before:]:
                if predicate(m):
                    return m

    def interrupt(self) -> None:
        """What the notebook's stop button (or Ctrl-C in a console) does: SIGINT to the kernel."""
        self.km.interrupt_kernel()

    def _next(self, deadline: float, message: str) -> dict:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(message)
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            self._record(msg)
            return msg

    def _record(self, msg: dict) -> None:
        if msg["header"]["msg_type"] == "comm_msg":
            self.comm_messages.append(
                CommMessage(
                    time.monotonic(),
                    msg["content"]["comm_id"],
                    msg["content"]["data"],
                    [bytes(b) for b in msg.get("buffers", [])],
                )
            )

    def drain(self, seconds: float) -> None:
        """Record comm traffic that arrives within ``seconds`` (e.g. replies to a message we sent)."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                return
            self._record(msg)

    def send_custom(self, comm_id: str, content: dict) -> None:
        """What a front end's ``model.send(content)`` does."""
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": content}})
        self.kc.shell_channel.send(msg)

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
        msg_id = self.kc.execute(code)
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"kernel did not finish within {timeout} s:\n{code}")
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "comm_msg":
                self.comm_messages.append(CommMessage(time.monotonic(), msg["content"]["comm_id"], msg["content"]["data"],
                                                      [bytes(b) for b in msg.get("buffers", [])]))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                raise RuntimeError("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)

    def drain(self, seconds: float) -> None:
        """Record comm traffic that arrives within ``seconds`` (e.g. replies to a message we sent)."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                return
            if msg["header"]["msg_type"] == "comm_msg":
                self.comm_messages.append(CommMessage(time.monotonic(), msg["content"]["comm_id"], msg["content"]["data"],
                                                      [bytes(b) for b in msg.get("buffers", [])]))

    def send_custom(self, comm_id: str, content: dict) -> None:
        """What a front end's ``model.send(content)`` does."""
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": content}})
        self.kc.shell_channel.send(msg)

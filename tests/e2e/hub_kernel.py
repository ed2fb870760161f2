"""A kernel in a hub user's own server, driven over the hub-proxied websocket as JupyterLab does.

`HubKernel` starts a kernel through the server's REST API (`/user/NAME/api/kernels`, the user's own
token), executes code over `/user/NAME/api/kernels/ID/channels` and counts every frame the kernel's
side sends back: bytes on the wire and messages, and those of the widget's comm. COURSE_RUN is what
each student runs: the course's three initializers through a TrainingWidget, reporting its numbers
with the kernel's own RSS and CPU seconds. `Classroom` has many students run it at the same moment.
"""

from __future__ import annotations

import json
import struct
import threading
import time
import uuid

import requests
import websocket

SETUP = """
import json, resource, time
import psutil
from ipykernel.connect import get_connection_info
from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
"""

COURSE_RUN = """
w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, iterations=15000)
c0, t0 = cpu_seconds(), time.perf_counter()
w.start()
he = w.wait(timeout=900)[2]
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0,
                  "rss": psutil.Process().memory_info().rss, "comm": w.comm.comm_id,
                  "cost_14000": float(he.costs[14000]), "train_acc": he.accuracy(X, Y),
                  "test_acc": he.accuracy(X_test, Y_test),
                  "transport": json.loads(get_connection_info())["transport"]}))
"""


def _decode(frame: bytes | str) -> tuple[dict, int]:
    """A websocket frame as jupyter_server sends it (JSON text, or binary with buffers): message, buffer count."""
    if isinstance(frame, str):
        return json.loads(frame), 0
    n = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{n}I", frame[4 : 4 + 4 * n])
    end = offsets[1] if n > 1 else len(frame)
    return json.loads(frame[offsets[0] : end]), n - 1


class HubKernel:
    """One kernel of one user, reached only through the hub's proxy."""

    def __init__(self, hub, user: str):
        self.hub, self.user = hub, user
        self.headers = {"Authorization": f"token {hub.tokens[user]}"}
        r = requests.post(
            hub.user_url(user, "api/kernels"), json={"name": "python3"}, headers=self.headers, timeout=120
        )
        r.raise_for_status()
        self.kernel_id = r.json()["id"]
        ws_url = hub.user_url(user, f"api/kernels/{self.kernel_id}/channels").replace("http://", "ws://")
        self.ws = websocket.create_connection(ws_url, header=[f"Authorization: token {hub.tokens[user]}"], timeout=120)
        self.session = uuid.uuid4().hex
        self.bytes_received = 0
        self.messages = 0
        self.comm_bytes: dict[str, int] = {}
        self.comm_messages: dict[str, int] = {}

    def run(self, code: str, timeout: float = 900) -> str:
        """Execute code; return its stdout; raise with the traceback on error."""
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": self.user,
                        "session": self.session,
                        "msg_type": "execute_request",
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            self.ws.settimeout(max(1.0, deadline - time.monotonic()))
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.user}: kernel did not finish within {timeout} s")
            frame = self.ws.recv()
            msg, _ = _decode(frame)
            self.bytes_received += len(frame)
            self.messages += 1
            kind = msg["header"]["msg_type"]
            if kind == "comm_msg":
                comm = msg["content"]["comm_id"]
                self.comm_bytes[comm] = self.comm_bytes.get(comm, 0) + len(frame)
                self.comm_messages[comm] = self.comm_messages.get(comm, 0) + 1
            if msg["parent_header"].get("msg_id") != msg_id or msg.get("channel") != "iopub":
                continue
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                raise RuntimeError(f"{self.user}: " + "\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)

    def course_run(self) -> dict:
        """COURSE_RUN's report, with what reached the websocket during it (all of it, and the widget's comm)."""
        bytes_before, messages_before = self.bytes_received, self.messages
        report = json.loads(self.run(COURSE_RUN).strip().splitlines()[-1])
        report["ws_bytes"] = self.bytes_received - bytes_before
        report["ws_messages"] = self.messages - messages_before
        report["comm_bytes"] = self.comm_bytes.get(report["comm"], 0)
        report["comm_messages"] = self.comm_messages.get(report["comm"], 0)
        return report

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            requests.delete(
                self.hub.user_url(self.user, f"api/kernels/{self.kernel_id}"), headers=self.headers, timeout=60
            )


class Classroom:
    """One kernel per student, set up in parallel; `course_runs` releases their course runs together."""

    def __init__(self, hub, users: list[str]):
        self.hub = hub
        self.kernels: dict[str, HubKernel] = {}
        failures = self._each(users, self._open)
        if failures:
            self.close()
            raise RuntimeError(f"kernels failed to start: {failures}\n{hub.log_tail()}")

    def _open(self, user: str) -> None:
        kernel = HubKernel(self.hub, user)
        self.kernels[user] = kernel
        kernel.run(SETUP)

    def _each(self, users: list[str], job) -> dict[str, str]:
        """Run job(user) in one thread per user; return the failures by user."""
        failures: dict[str, str] = {}

        def guarded(user: str) -> None:
            try:
                job(user)
            except BaseException as e:  # reported to the caller
                failures[user] = repr(e)

        threads = [threading.Thread(target=guarded, args=(u,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=1800)
        return failures

    def course_runs(self, users: list[str]) -> tuple[dict[str, dict], float]:
        """Every user's COURSE_RUN at the same moment: their reports, and the wall time until the last ended."""
        reports: dict[str, dict] = {}
        spans: list[tuple[float, float]] = []
        barrier = threading.Barrier(len(users), timeout=600)

        def run(user: str) -> None:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                raise RuntimeError("another student's run failed before the start") from None
            t0 = time.monotonic()
            try:
                reports[user] = self.kernels[user].course_run()
            except BaseException:
                barrier.abort()
                raise
            spans.append((t0, time.monotonic()))

        failures = self._each(users, run)
        if failures:
            raise RuntimeError(f"course runs failed: {failures}\n{self.hub.log_tail()}")
        return reports, max(end for _, end in spans) - min(start for start, _ in spans)

    def close(self) -> None:
        for kernel in self.kernels.values():
            try:
                kernel.close()
            except Exception:  # a kernel already gone with its server is closed enough
                pass

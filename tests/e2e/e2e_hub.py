"""A real JupyterHub on 127.0.0.1 for the hub test and benchmark: users, their servers, their tokens.

The hub runs from this interpreter with tests/hub/jupyterhub_config.py (shared password, local
process spawner, ipc kernel transport) and configurable-http-proxy from tests/hub's own npm project,
installed here with `npm ci` the first time. Everything lives in a scratch directory; `stop()` ends
the hub, the proxy, every user's server and kernel, even after a failure half-way.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests
from e2e_lab import ARTIFACTS, REPO, free_port

HUB_DIR = REPO / "tests" / "hub"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"


def ensure_proxy() -> Path:
    """configurable-http-proxy from tests/hub/package-lock.json (npm ci once; the registry is npm's)."""
    if not PROXY.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=HUB_DIR, check=True, stdin=subprocess.DEVNULL, timeout=600
        )
    if not PROXY.exists():
        raise RuntimeError(f"npm ci in {HUB_DIR} did not install {PROXY}")
    return PROXY


class Hub:
    """JupyterHub with a service token that can create users, start their servers and issue their tokens."""

    def __init__(self, workdir: Path, blas_threads: int | None = None, name: str = "hub"):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.password = secrets.token_hex(8)
        self.service_token = secrets.token_hex(16)
        # short: kernels' ipc socket paths live here and must stay under ~100 characters
        self.runtime = Path(tempfile.mkdtemp(prefix="iwh", dir="/tmp"))
        self.blas_threads = blas_threads
        self.log_path = ARTIFACTS / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.tokens: dict[str, str] = {}
        self._seen: dict[int, psutil.Process] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, user: str) -> Path:
        return self.workdir / "home" / user

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        r = requests.request(
            method,
            f"{self.base}/hub/api/{path.lstrip('/')}",
            timeout=60,
            headers={"Authorization": f"token {self.service_token}"},
            **kwargs,
        )
        if r.status_code >= 400:
            raise RuntimeError(f"{method} /hub/api/{path}: {r.status_code} {r.text[:500]}\n{self.log_tail()}")
        return r

    def start(self, timeout: float = 120) -> Hub:
        env = dict(
            os.environ,
            IW_HUB_DIR=str(self.workdir),
            IW_HUB_PORT=str(self.port),
            IW_HUB_API_PORT=str(free_port()),
            IW_HUB_PROXY_API_PORT=str(free_port()),
            IW_HUB_PROXY=str(ensure_proxy()),
            IW_HUB_PROXY_TOKEN=secrets.token_hex(16),
            IW_HUB_PASSWORD=self.password,
            IW_HUB_SERVICE_TOKEN=self.service_token,
            IW_HUB_RUNTIME=str(self.runtime),
            IW_HUB_BLAS_THREADS=str(self.blas_threads or ""),
        )
        # the kernels import the package from this checkout even when it is not installed
        env["PYTHONPATH"] = os.pathsep.join(p for p in [str(REPO), env.get("PYTHONPATH", "")] if p)
        self.workdir.mkdir(parents=True, exist_ok=True)
        ARTIFACTS.mkdir(exist_ok=True)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HUB_DIR / "jupyterhub_config.py")],
            cwd=self.workdir,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.base}/hub/api/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"jupyterhub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def add_users(self, names: list[str], files: list[Path] = ()) -> None:
        """Create the users (with the given files in their homes) and issue each an API token."""
        for name in names:
            self.home(name).mkdir(parents=True, exist_ok=True)
            for f in files:
                (self.home(name) / Path(f).name).write_bytes(Path(f).read_bytes())
        self.api("POST", "users", json={"usernames": names})
        for name in names:
            self.tokens[name] = self.api("POST", f"users/{name}/tokens", json={"note": "iw-test"}).json()["token"]

    def start_servers(self, names: list[str], timeout: float = 300) -> None:
        """Ask for every server at once (as a class arriving does), then wait until all are ready."""
        for name in names:
            self.api("POST", f"users/{name}/server")
        deadline = time.monotonic() + timeout
        pending = set(names)
        while pending and time.monotonic() < deadline:
            for name in sorted(pending):
                server = self.api("GET", f"users/{name}").json()["servers"].get("", {})
                if server.get("ready"):
                    pending.discard(name)
            self.track()
            time.sleep(0.5)
        if pending:
            raise TimeoutError(f"servers not ready after {timeout:.0f} s: {sorted(pending)}\n{self.log_tail()}")

    def user_url(self, name: str, path: str = "") -> str:
        return f"{self.base}/user/{name}/{path.lstrip('/')}"

    def track(self) -> list[psutil.Process]:
        """Every live process under the hub (proxy, servers, kernels); remembered for stop()."""
        if self.proc is None:
            return []
        try:
            for p in [psutil.Process(self.proc.pid)] + psutil.Process(self.proc.pid).children(recursive=True):
                self._seen.setdefault(p.pid, p)
        except psutil.NoSuchProcess:
            pass
        return [p for p in self._seen.values() if p.is_running()]

    def processes(self, kind: str) -> list[psutil.Process]:
        """'hub', 'proxy', 'server' or 'kernel' processes, by their command lines."""
        marks = {
            "hub": "-m jupyterhub -f",
            "proxy": "configurable-http-proxy",
            "server": "jupyterhub-singleuser",
            "kernel": "ipykernel_launcher",
        }
        found = []
        for p in self.track():
            try:
                if marks[kind] in " ".join(p.cmdline()):
                    found.append(p)
            except psutil.Error:
                pass
        return found

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> list[int]:
        """End the hub (which stops servers and proxy), then anything of its tree still alive; return survivors."""
        if self.proc is None:
            return []
        procs = self.track()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for p in procs:
            try:
                p.terminate()
            except psutil.NoSuchProcess:
                pass
        _, alive = psutil.wait_procs(procs, timeout=10)
        for p in alive:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(alive, timeout=10)
        self._log.close()
        self.proc = None
        return [p.pid for p in procs if p.is_running()]

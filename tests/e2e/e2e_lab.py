"""A real JupyterLab server and a Chromium page driving it, for the end-to-end tests and benchmarks.

Nothing here is pytest-specific, so benchmarks/browser.py uses it too. The server runs from this
interpreter (`python -m jupyterlab`) on a free loopback port with a random token, in a scratch
directory holding copies of the notebooks, with its own settings, workspaces and config dirs (so a
developer's own JupyterLab settings never leak in, and the theme can be chosen per server).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
CHROMIUM = os.environ.get("IW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


class LabServer:
    """`jupyter lab` in a scratch dir; `url(path)` gives an authenticated address."""

    def __init__(self, workdir: Path, notebooks: list[Path], theme: str = "light", name: str = "lab"):
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.root.mkdir(parents=True, exist_ok=True)
        for nb in notebooks:
            shutil.copy(nb, self.root / Path(nb).name)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.theme = theme
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.log_path = ARTIFACTS / f"jupyter-{name}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def _configure(self) -> dict:
        settings = self.workdir / "settings"
        ext = settings / "@jupyterlab"
        _write_json(ext / "apputils-extension" / "themes.jupyterlab-settings", {"theme": THEMES[self.theme]})
        _write_json(
            ext / "apputils-extension" / "notification.jupyterlab-settings",
            {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
        )
        config = self.workdir / "config"
        lab_cfg = {"LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}
        _write_json(config / "jupyter_server_config.json", lab_cfg)
        _write_json(config / "jupyter_lab_config.json", lab_cfg)
        env = dict(os.environ)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.workdir / "workspaces"),
            JUPYTER_CONFIG_DIR=str(config),
            JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"),
            PYTHONUNBUFFERED="1",
        )
        # the kernel must import the package from this checkout even when it is not installed
        env["PYTHONPATH"] = os.pathsep.join(p for p in [str(REPO), env.get("PYTHONPATH", "")] if p)
        return env

    ready_path = "api/status"  # answers 200 once the server is up (other front ends override it)

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={self.workdir / 'settings'}",
            f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]

    def start(self, timeout: float = 90.0) -> LabServer:
        env = self._configure()
        ARTIFACTS.mkdir(exist_ok=True)
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            self.command(), cwd=self.root, env=env, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url(self.ready_path), timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise TimeoutError(
            f"{self.name} server did not answer /{self.ready_path} within {timeout:.0f}s:\n{self.log_tail()}"
        )

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            req = urllib.request.Request(self.url("api/shutdown"), method="POST")
            urllib.request.urlopen(req, timeout=5).close()
            self.proc.wait(timeout=15)
        except Exception:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        finally:
            self._log.close()


def launch_browser(playwright):
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
            "or point IW_CHROMIUM at it. Never `playwright install`."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class NotebookPage:
    """One notebook opened in Lab, with its browser console captured."""

    def __init__(self, page, server: LabServer, notebook: str):
        self.page = page
        self.server = server
        self.notebook = notebook
        self.console: list[str] = []
        page.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))
        page.on("pageerror", lambda e: self.console.append(f"[pageerror] {e}"))

    def open(self, timeout_ms: int = 90_000) -> NotebookPage:
        page = self.page
        # a fresh workspace per page, so Lab does not restore notebooks another page opened
        workspace = "iw" + secrets.token_hex(4)
        page.goto(
            self.server.url(f"lab/workspaces/{workspace}/tree/{self.notebook}"),
            wait_until="domcontentloaded",
            timeout=timeout_ms,
        )
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout_ms)
        self.accept_dialogs()
        self.wait_kernel_idle(timeout_ms)
        return self

    def accept_dialogs(self, wait_ms: int = 1500) -> None:
        """Accept any dialog (kernel picker, 'kernel busy', …) with its default button."""
        page = self.page
        end = time.monotonic() + wait_ms / 1000
        while time.monotonic() < end:
            dialog = page.query_selector(".jp-Dialog")
            if dialog is not None:
                button = dialog.query_selector(".jp-Dialog-button.jp-mod-accept") or dialog.query_selector(
                    ".jp-Dialog-footer button:last-child"
                )
                if button is not None:
                    button.click()
                else:
                    page.keyboard.press("Enter")
                page.wait_for_timeout(300)
                end = time.monotonic() + 0.5
            page.wait_for_timeout(100)

    def kernel_status(self) -> str:
        return self.page.evaluate("""() => {
            const el = document.querySelector('.jp-NotebookPanel .jp-Toolbar-kernelStatus, '
              + '.jp-NotebookPanel [data-jp-item-name="kernelStatus"] , .jp-Notebook-ExecutionIndicator');
            return el ? (el.getAttribute('data-status') || el.getAttribute('title') || el.textContent || '') : '';
        }""")

    def wait_kernel_idle(self, timeout_ms: int) -> None:
        self.page.wait_for_function(
            """() => {
            const el = document.querySelector('.jp-Notebook-ExecutionIndicator');
            return el && el.getAttribute('data-status') === 'idle';
        }""",
            timeout=timeout_ms,
        )

    def run_all(self) -> None:
        page = self.page
        page.click(".jp-NotebookPanel .jp-Notebook")  # focus the notebook
        page.click("li.lm-MenuBar-item:has-text('Run')")
        page.click(".lm-Menu-item:has-text('Run All Cells')")
        self.accept_dialogs(500)

    def wait_executed(self, timeout_ms: int) -> None:
        """Every code cell has an execution count and the kernel is idle again."""
        self.page.wait_for_function(
            """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
            timeout=timeout_ms,
        )
        self.wait_kernel_idle(timeout_ms)

    def wait_widget(self, timeout_ms: int = 120_000) -> None:
        """Wait for the widget's root, failing at once with the text of an error output if one shows up first."""
        self.page.wait_for_function(
            """() => document.querySelector('.iw-root') ||
            document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')""",
            timeout=timeout_ms,
        )
        if self.page.query_selector(".iw-root") is None:
            raise AssertionError(
                "the notebook failed before showing the widget:\n" + "\n".join(self.errors_in_outputs())
            )

    def errors_in_outputs(self) -> list[str]:
        return self.page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
            + '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')]
            .map(e => e.textContent.slice(0, 2000))""")

    def dump(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.console.txt"
        path.write_text("\n".join(self.console))
        try:
            self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception:
            pass
        return path


def publish_screenshot(src: Path, name: str) -> None:
    """Copy a screenshot to docs/ for the README when IW_UPDATE_DOCS=1."""
    if os.environ.get("IW_UPDATE_DOCS") == "1":
        shutil.copy(src, REPO / "docs" / name)


def open_notebook(browser, server: LabServer, notebook: str, name: str, before_open=None) -> NotebookPage:
    """`before_open(page)`, if given, runs before the page loads (e.g. to watch its websockets)."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    nb = NotebookPage(context.new_page(), server, notebook)
    if before_open is not None:
        before_open(nb.page)
    nb.name = name
    nb.open()
    return nb


def close_notebook(nb: NotebookPage) -> None:
    """Save the final page and its browser console to artifacts/, then close it."""
    nb.dump(nb.name)
    try:
        nb.page.context.close()
    except Exception:
        pass


def kept_open(nb: NotebookPage) -> Iterator[NotebookPage]:
    """A module fixture's body (``yield from kept_open(...)``): the notebook, closed after the module."""
    try:
        yield nb
    finally:
        close_notebook(nb)


@contextmanager
def in_theme(
    request, theme: str, light_fixture: str, open_dark: Callable[[object], NotebookPage]
) -> Iterator[NotebookPage]:
    """A screenshot test's notebook: the module's light one, or a dark one opened (and closed) for it."""
    if theme == "light":
        yield request.getfixturevalue(light_fixture)
    else:
        yield from kept_open(open_dark(request.getfixturevalue("lab_dark")))

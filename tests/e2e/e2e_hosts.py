"""Front ends other than JupyterLab (Notebook 7, Voila, marimo) as test servers, and what every host test checks.

Each server runs from this interpreter on a free loopback port, in a scratch root holding the
notebooks it serves, with e2e_lab.LabServer's isolated Jupyter dirs and this checkout on PYTHONPATH.
`our_errors` keeps the browser console errors that are not a host's own noise, matched by message
only (never by source file, so an error of ours can never hide behind a host's name). The checks
read what a student sees: the He panel at iteration 14000 shows the course's cost, and the
training buttons act on the kernel.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from e2e_dom import Widget, decimals, parse_number
from e2e_lab import ARTIFACTS, VIEWPORT, LabServer

COURSE_HE_COST_14000 = 0.07357895962677366  # the course prints "Cost after iteration 14000: 0.07357895962677..."
ITERATIONS = 15000

# Messages the hosts log on their own, whatever our widgets do (each seen here in a host's console):
HOST_NOISE = [
    re.compile(r"Failed to load resource: net::ERR_(NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|CONNECTION_REFUSED)"),
    re.compile(r"fonts\.(googleapis|gstatic)\.com|cdn\.jsdelivr\.net|unpkg\.com"),  # CDN requests (no network)
    re.compile(r"schema", re.I),  # Voila/Notebook: settings schemas of extensions the page does not load
    # Voila loads every installed lab extension; Notebook 7's needs @jupyterlab/docregistry, which Voila lacks
    re.compile(r"The getter for the shared module is not a function"),
]

WIDGET_CELL = """from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, duration=4)
w"""
LONG_CELL = """from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], iterations=3_000_000)
w"""
EXPLORER_CELL = """from init_widget import Explorer
Explorer(initializers=["zeros", "random", "he"], iterations=3000)"""


def our_errors(console: list[str]) -> list[str]:
    """Console errors and page errors ("[error] ...", "[pageerror] ...") that are not host noise."""
    errors = [line for line in console if line.startswith(("[error]", "[pageerror]"))]
    return [line for line in errors if not any(p.search(line) for p in HOST_NOISE)]


def write_notebook(path: Path, *sources: str) -> Path:
    """A notebook of code cells with the python3 kernelspec, as a course would hand it out."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


class NotebookServer(LabServer):
    """`jupyter notebook` (Notebook 7); notebooks open at notebooks/NAME.ipynb."""

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "notebook",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
        ]


class VoilaServer(LabServer):
    """`voila` serving the root directory; a notebook renders at voila/render/NAME.ipynb."""

    ready_path = ""

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            str(self.root),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={self.port}",
            f"--token={self.token}",
            "--show_tracebacks=True",
        ]


class MarimoServer(LabServer):
    """`marimo edit` or `marimo run` of one notebook file in the root (marimo hosts anywidgets itself)."""

    ready_path = "health"

    def __init__(self, workdir: Path, notebook: str, mode: str, name: str):
        super().__init__(workdir, [], name=name)
        self.notebook, self.mode = notebook, mode

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "marimo",
            "-y",
            self.mode,
            str(self.root / self.notebook),
            "--headless",
            "--host",
            "127.0.0.1",
            f"--port={self.port}",
            f"--token-password={self.token}",
            "--no-sandbox",
        ]

    def _configure(self) -> dict:
        env = super()._configure()
        # no update check (no network), and a user config of its own rather than the developer's
        env.update(MARIMO_SKIP_UPDATE_CHECK="1", XDG_CONFIG_HOME=str(self.workdir / "xdg-config"))
        return env

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}access_token={self.token}"


class HostPage:
    """A fresh browser context on one host page, its console captured from the first request."""

    def __init__(self, browser, name: str, viewport: dict | None = None):
        self.name = name
        self.context = browser.new_context(viewport=viewport or VIEWPORT, device_scale_factor=1)
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"[pageerror] {e}"))

    def widgets(self) -> int:
        return self.page.locator(".iw-root").count()

    def close(self) -> None:
        """Save the page's console and a screenshot to artifacts/, then close it."""
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"{self.name}.console.txt").write_text("\n".join(self.console))
        try:
            self.page.screenshot(path=str(ARTIFACTS / f"{self.name}.png"), full_page=True)
        except Exception:
            pass
        self.context.close()


def wait_course_done(w: Widget, timeout: float = 90) -> None:
    """The course run is trained and played to its end."""
    w.wait(
        lambda: w.status() == "done" and w.playhead() == ITERATIONS,
        timeout,
        f"status done and playhead at {ITERATIONS}",
    )


def he_cost_at_14000(w: Widget) -> float:
    """Scrub to iteration 14000 and check the He panel's cost against the course's, to the readout's precision."""
    w.scrub(14000)
    w.wait(lambda: w.panel_iteration("he") == 14000, 15, "He panel at iteration 14000 after scrubbing")
    text = w.readouts("he")["cost"]
    cost = parse_number(text)
    assert abs(cost - COURSE_HE_COST_14000) <= max(0.5 * 10 ** -decimals(text), 1e-6), text
    return cost


def advancing(w: Widget, timeout: float = 30) -> int:
    """The training progress once it has moved on from where it was first seen."""
    first = w.wait(lambda: w.progress_iteration(), timeout, "a progress iteration")
    return w.wait(
        lambda: (w.progress_iteration() or 0) > first and w.progress_iteration(),
        timeout,
        f"progress to advance past {first}",
    )


def check_training_buttons(w: Widget) -> None:
    """On a long, untrained run: Train starts it, Pause training freezes the counter, Resume training goes on,
    Stop training ends it and the two fold away."""
    assert w.status() == "idle", w.status()
    w.q(".iw-train").click()
    advancing(w)
    assert w.q(".iw-pause").inner_text().strip() == "Pause training"
    w.q(".iw-pause").click()
    w.wait(lambda: w.status() == "paused", 15, "status 'paused'")
    frozen = w.settled(w.progress_iteration, 15, "the progress counter")  # the last update after the pause lands
    w.frames(90)
    assert w.progress_iteration() == frozen, "iteration counter moved while paused"
    assert w.q(".iw-pause").inner_text().strip() == "Resume training"
    w.q(".iw-pause").click()
    w.wait(lambda: w.status() == "training", 15, "status 'training' after resuming")
    advancing(w)
    w.q(".iw-stop").click()
    w.wait(lambda: w.status() == "stopped", 15, "status 'stopped'")
    stopped = w.settled(w.progress_iteration, 15, "the progress counter")
    assert 0 < stopped < 3_000_000
    w.wait(lambda: not w.q(".iw-stop").is_visible(), 5, "Stop training folded away once stopped")

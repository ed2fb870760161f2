"""marimo hosting a TrainingWidget (`marimo edit` and `marimo run`), in Debian's Chromium.

marimo runs anywidgets itself (no ipywidgets manager): `mo.ui.anywidget(TrainingWidget(...))`.
The notebook's second cell calls `w.start()`, so training runs on the widget's background thread
and streams through marimo's comm; the panels animate, the run ends at the course numbers, and
the widget's own Reset and Train buttons reach the kernel.
"""

from __future__ import annotations

import time

import pytest
from e2e_dom import Widget
from e2e_hosts import ITERATIONS, HostPage, MarimoServer, he_cost_at_14000, our_errors

NOTEBOOK = "course_marimo.py"
SOURCE = """import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from init_widget import TrainingWidget, load_dataset

    X, Y, X_test, Y_test = load_dataset("circles")
    w = mo.ui.anywidget(TrainingWidget(X, Y, initializers=["zeros", "random", "he"],
                                       X_test=X_test, Y_test=Y_test, duration=4))
    w
    return (w,)


@app.cell
def _(w):
    w.start()  # trains on a background thread and returns None: nothing else to show
    return


if __name__ == "__main__":
    app.run()
"""


def marimo_page(browser, tmp_path_factory, mode: str):
    server = MarimoServer(tmp_path_factory.mktemp(f"marimo-{mode}"), NOTEBOOK, mode, name=f"marimo-{mode}")
    (server.root / NOTEBOOK).write_text(SOURCE)
    server.start()
    host = HostPage(browser, f"marimo-{mode}")
    try:
        page = host.page
        page.goto(server.url("/"), wait_until="domcontentloaded", timeout=90_000)
        if mode == "edit":  # an opened notebook waits for the user to run it (once its kernel is connected)
            page.wait_for_selector(".cm-editor", timeout=90_000)
            for _ in range(6):
                page.locator("[data-testid='run-button']").last.click(timeout=30_000)
                if page.locator(".iw-root").first.is_visible() or _shown_within(page, 15_000):
                    break
        page.wait_for_selector(".iw-root", timeout=120_000)
        yield host
    finally:
        host.close()
        server.stop()


def _shown_within(page, timeout_ms: int) -> bool:
    try:
        page.wait_for_selector(".iw-root", timeout=timeout_ms)
        return True
    except Exception:
        return False


def watch_until_done(w: Widget, timeout: float = 90) -> list[dict]:
    """Sample the He panel (frames painted, playhead, pixel hash) until the run is played to its end.

    Sampled from Python through Playwright's locators: marimo renders each widget inside a shadow root,
    which an in-page document.querySelector does not see."""
    samples: list[dict] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        samples.append({"painted": w.frames_painted(), "playhead": w.playhead(), "hash": w.canvas_stats("he")["hash"]})
        if w.status() == "done" and samples[-1]["playhead"] == ITERATIONS:
            return samples
        w.page.wait_for_timeout(100)
    raise AssertionError(f"not played to the end within {timeout:.0f}s; last samples {samples[-3:]}")


def check_trains_and_animates(host: HostPage) -> None:
    w = Widget(host.page)
    samples = watch_until_done(w)
    hashes = {s["hash"] for s in samples}
    assert len(hashes) >= 3, f"the He panel showed {len(hashes)} distinct images while training: {samples[:10]}"
    assert samples[-1]["painted"] > samples[0]["painted"], samples[-3:]
    he_cost_at_14000(w)
    assert host.widgets() == 1, f"the widget is shown {host.widgets()} times"


@pytest.fixture(scope="module")
def marimo_edit(browser, tmp_path_factory):
    yield from marimo_page(browser, tmp_path_factory, "edit")


@pytest.fixture(scope="module")
def marimo_run(browser, tmp_path_factory):
    yield from marimo_page(browser, tmp_path_factory, "run")


def test_edit_trains_from_a_background_thread_and_animates(marimo_edit):
    check_trains_and_animates(marimo_edit)
    assert our_errors(marimo_edit.console) == [], our_errors(marimo_edit.console)


def test_run_trains_and_its_buttons_reach_the_kernel(marimo_run):
    check_trains_and_animates(marimo_run)
    w = Widget(marimo_run.page)
    w.q(".iw-reset").click()
    w.wait(lambda: w.status() == "idle", 20, "status 'idle' after Reset")
    w.q(".iw-train").click()
    watch_until_done(w)
    assert our_errors(marimo_run.console) == [], our_errors(marimo_run.console)

"""The training buttons act on the kernel: Pause freezes the iteration counter, Train resumes it, Stop ends it.

Uses tests/e2e/notebooks/long_training.ipynb (3,000,000 iterations) so training is still running
while the buttons are pressed; the course run is over in about a second.
"""

from __future__ import annotations

import pytest

from e2e_lab import close_notebook, open_notebook
from e2e_dom import Widget


@pytest.fixture(scope="module")
def long_run(browser, lab_light):
    nb = open_notebook(browser, lab_light, "long_training.ipynb", "long-training")
    try:
        nb.run_all()
        nb.wait_widget(120_000)
        yield nb, Widget(nb.page)
    finally:
        close_notebook(nb)


def _advancing(w: Widget, timeout: float = 20) -> int:
    first = w.wait(lambda: w.progress_iteration(), timeout, "a progress iteration")
    return w.wait(lambda: (w.progress_iteration() or 0) > first and w.progress_iteration(), timeout,
                  f"progress to advance past {first}")


def test_pause_freezes_the_iteration_counter(long_run):
    nb, w = long_run
    _advancing(w)
    assert w.status() == "training"
    w.q(".iw-pause").click()
    w.wait(lambda: w.status() == "paused", 10, "status 'paused'")
    nb.page.wait_for_timeout(700)  # the last progress update after the pause lands
    frozen = w.progress_iteration()
    nb.page.wait_for_timeout(2000)
    assert w.progress_iteration() == frozen, "iteration counter moved while paused"
    assert w.status() == "paused"


def test_resume_then_stop(long_run):
    nb, w = long_run
    if w.status() != "paused":
        pytest.fail(f"expected the paused run of the previous test, status {w.status()!r}")
    # while paused, the Pause button turns into Resume (Train stays disabled)
    pause = w.q(".iw-pause")
    assert "resume" in pause.inner_text().lower(), pause.inner_text()
    pause.click()
    w.wait(lambda: w.status() == "training", 10, "status 'training' after resuming")
    _advancing(w)
    w.q(".iw-stop").click()
    w.wait(lambda: w.status() == "stopped", 15, "status 'stopped'")
    nb.page.wait_for_timeout(700)
    stopped = w.progress_iteration()
    nb.page.wait_for_timeout(1500)
    assert w.progress_iteration() == stopped
    assert 0 < stopped < 3_000_000
    assert w.frames_painted() > 0

"""The training buttons act on the kernel and say so: "Pause training" freezes the iteration counter,
"Resume training" goes on, "Stop training" ends it; once training is over they fold away and Train
offers to continue. "follow live" jumps the picture to the newest trained iteration.

Uses tests/e2e/notebooks/long_training.ipynb (3,000,000 iterations) so training is still running
while the buttons are pressed; the course run is over in about a second. Waits are on the widget's
state (status, progress, playhead), "nothing moves" on a number of painted animation frames.
"""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_hosts import advancing
from e2e_lab import ARTIFACTS, close_notebook, open_notebook

TOTAL = 3_000_000


@pytest.fixture(scope="module")
def long_run(browser, lab_light):
    nb = open_notebook(browser, lab_light, "long_training.ipynb", "long-training")
    try:
        nb.run_all()
        nb.wait_widget(120_000)
        yield nb, Widget(nb.page)
    finally:
        close_notebook(nb)


def _label(w: Widget, sel: str) -> str:
    return w.q(sel).inner_text().strip()


def test_training_buttons_say_they_act_on_training(long_run):
    _, w = long_run
    advancing(w)
    assert w.status() == "training"
    assert (_label(w, ".iw-pause"), _label(w, ".iw-stop")) == ("Pause training", "Stop training")
    assert w.q(".iw-train").is_disabled()
    assert w.q(".iw-play").get_attribute("aria-label") in ("Play", "Pause")  # the picture's own control
    w.page.set_viewport_size({"width": 1366, "height": 768})
    w.root.screenshot(path=str(ARTIFACTS / "widget-training-1366x768-light.png"))


def test_pause_training_freezes_the_iteration_counter(long_run):
    _, w = long_run
    w.q(".iw-pause").click()
    w.wait(lambda: w.status() == "paused", 10, "status 'paused'")
    frozen = w.settled(w.progress_iteration, 15, "the progress counter")  # the last update after the pause lands
    w.frames(90)
    assert w.progress_iteration() == frozen, "iteration counter moved while paused"
    assert w.status() == "paused"
    assert _label(w, ".iw-pause") == "Resume training"


def test_follow_live_jumps_to_the_newest_iteration(long_run):
    _, w = long_run
    if w.status() != "paused":
        pytest.fail(f"expected the paused run of the previous test, status {w.status()!r}")
    w.q(".iw-pause").click()  # Resume training
    w.wait(lambda: w.status() == "training", 10, "status 'training' after resuming")
    advancing(w)
    if w.playing():
        w.q(".iw-play").click()
    w.scrub(1000)
    w.wait(lambda: not w.playing() and w.playhead() == 1000, 10, "the picture held at iteration 1000")
    trained = w.progress_iteration()
    w.q("input.iw-follow").check()
    w.wait(lambda: w.playhead() >= 0.9 * trained, 10, f"the playhead at the newest iteration (≥ {trained:,})")
    first = w.playhead()
    w.wait(lambda: w.playhead() > first, 15, "the playhead to follow training")
    w.q("input.iw-follow").uncheck()


def test_stop_training_then_the_buttons_fold_away(long_run):
    _, w = long_run
    assert w.status() == "training", w.status()
    w.q(".iw-stop").click()
    w.wait(lambda: w.status() == "stopped", 15, "status 'stopped'")
    stopped = w.settled(w.progress_iteration, 15, "the progress counter")
    assert 0 < stopped < TOTAL
    assert w.frames_painted() > 0
    w.wait(
        lambda: not w.q(".iw-pause").is_visible() and not w.q(".iw-stop").is_visible(),
        5,
        "Pause / Stop training folded away",
    )
    train = w.q(".iw-train")
    assert _label(w, ".iw-train") == "Continue training" and train.is_enabled()

"""Every player control of the TrainingWidget acts on what the room sees, in a real JupyterLab.

Each test asserts the control's effect on the position (the root's data-playhead / data-iteration /
data-playing) and on the picture (the He panel's pixels, the cost chart's pixels), never only that a
button is there. The run is the course's (trained in about a second), played in 5 s. Waits are on
the widget's state; where "nothing moves" is the claim, the test lets the page paint a number of
animation frames (the unit playback advances by) and compares.

Keys typed in the widget's controls never reach JupyterLab's command-mode shortcuts (m, x, a, b,
y, d d, arrows): the notebook keeps its cells and their types, and arrows change the control's value.
"""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_hosts import ITERATIONS, write_notebook
from e2e_keys import type_command_keys
from e2e_lab import ARTIFACTS, close_notebook, open_notebook

NOTEBOOK = "player_controls.ipynb"
WIDGET = """from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, duration=5)
display(w)
w.start()"""
AFTER = "after = 1"  # a cell below the widget: JupyterLab's `x` or `d d` would take one of them away


class Player(Widget):
    """The widget, its picture (the He panel's pixels) and how playback rests."""

    def picture(self) -> int:
        return self.canvas_stats("he")["hash"]

    def at_rest_at_end(self, timeout: float = 30) -> None:
        self.wait(lambda: not self.playing() and self.playhead() == ITERATIONS, timeout, "playback at rest at the end")

    def plays_from_start(self, before: int) -> None:
        """Playback restarted near 0, moves on, and the picture is no longer the end's."""
        first = (
            self.wait(
                lambda: self.playing() and self.playhead() < ITERATIONS // 3 and self.playhead() + 1,
                10,
                "playback restarted from the beginning",
            )
            - 1
        )
        self.wait(lambda: self.playhead() > first + 500, 10, f"the playhead to move on from {first}")
        self.wait(lambda: self.picture() != before, 10, "the He panel to show an earlier boundary")


@pytest.fixture(scope="module")
def course(browser, lab_light):
    write_notebook(lab_light.root / NOTEBOOK, WIDGET, AFTER)
    nb = open_notebook(browser, lab_light, NOTEBOOK, "player-controls")
    try:
        nb.run_all()
        nb.wait_widget(120_000)
        w = Player(nb.page)
        w.wait(lambda: w.attr("data-status") == "done", 90, "training done")
        w.at_rest_at_end(60)  # the run played by itself at its 5 s pace
        yield nb, w
    finally:
        close_notebook(nb)


def test_replay_plays_the_run_again(course):
    _, w = course
    w.at_rest_at_end()
    replay = w.q(".iw-replay")
    assert replay.is_visible()
    end = w.picture()
    replay.click()
    w.plays_from_start(end)
    w.at_rest_at_end()
    assert w.picture() == end, "back at the end, the end's picture"


def test_play_at_the_end_starts_over(course):
    _, w = course
    w.at_rest_at_end()
    end = w.picture()
    w.q(".iw-play").click()
    w.plays_from_start(end)
    w.at_rest_at_end()


def test_player_pause_freezes_the_picture_and_play_goes_on(course):
    _, w = course
    play = w.q(".iw-play")
    if w.playhead() == ITERATIONS:
        play.click()
    w.wait(lambda: w.playing() and 1000 < w.playhead() < ITERATIONS - 4000, 10, "playback under way")
    assert play.get_attribute("aria-label") == "Pause"
    play.click()
    w.wait(lambda: not w.playing(), 5, "playback paused")
    held, picture = w.playhead(), w.picture()
    w.frames(30)
    assert (w.playhead(), w.picture()) == (held, picture), "the picture moved while paused"
    assert play.get_attribute("aria-label") == "Play"
    play.click()
    w.wait(lambda: w.playhead() > held + 300, 10, f"playback to go on from {held}")
    w.at_rest_at_end()


def test_timeline_moves_the_picture(course):
    _, w = course
    w.at_rest_at_end()
    w.scrub(1000)
    w.wait(lambda: w.playhead() == 1000 and w.panel_iteration("he") <= 1000, 10, "the He panel at iteration ≤ 1000")
    early = w.picture()
    w.scrub(14000)
    w.wait(lambda: w.panel_iteration("he") > 13000, 10, "the He panel near the end")
    assert w.picture() != early
    assert w.q("input.iw-timeline").input_value() == "14000"
    assert not w.playing()


def test_clicking_the_cost_chart_moves_the_playhead_there(course):
    _, w = course
    w.scrub(ITERATIONS)
    w.at_rest_at_end()
    end = w.picture()
    w.q("canvas.iw-costchart").click()  # its middle: inside the plot, away from both ends
    w.wait(lambda: 0.2 * ITERATIONS < w.playhead() < 0.8 * ITERATIONS, 5, "the playhead under the click")
    w.wait(lambda: w.picture() != end, 5, "the He panel at the clicked iteration")
    assert not w.playing()


def test_loop_plays_the_run_again_by_itself(course):
    _, w = course
    loop = w.q("input.iw-loop")
    loop.check()
    w.scrub(int(0.7 * ITERATIONS))
    w.q(".iw-play").click()
    w.wait(lambda: w.playhead() > 0.9 * ITERATIONS, 10, "playback near the end")
    w.wait(lambda: w.playing() and w.playhead() < 0.3 * ITERATIONS, 15, "playback to wrap round to the start")
    loop.uncheck()
    w.at_rest_at_end()


def test_keyboard_moves_the_playhead_and_the_picture(course):
    nb, w = course
    w.root.focus()
    kb = nb.page.keyboard
    kb.press("End")
    w.wait(lambda: w.playhead() == ITERATIONS, 5, "End: the last iteration")
    end = w.picture()
    kb.press("Home")
    w.wait(lambda: w.playhead() == 0 and w.iteration() == 0, 5, "Home: iteration 0")
    assert w.picture() != end
    kb.press("ArrowRight")
    w.wait(lambda: w.iteration() > 0, 5, "→: the next frame")
    step = w.iteration()
    kb.press("ArrowRight")
    w.wait(lambda: w.iteration() > step, 5, "→ again: the frame after")
    kb.press("ArrowLeft")
    w.wait(lambda: w.iteration() == step, 5, "←: back one frame")
    kb.press(" ")
    w.wait(lambda: w.playing() and w.playhead() > step + 300, 10, "space: playback")
    kb.press(" ")
    w.wait(lambda: not w.playing(), 5, "space again: paused")
    held = w.playhead()
    w.frames(20)
    assert w.playhead() == held


def test_log_scale_redraws_while_paused(course):
    _, w = course
    w.scrub(ITERATIONS)
    w.wait(lambda: not w.playing() and w.playhead() == ITERATIONS, 5, "paused at the end")
    log = w.q("input.iw-log")
    note = w.q(".iw-chart-note")
    assert log.is_checked(), "the course's costs span more than a decade: log by itself"
    auto = w.chart_stats()["hash"]
    log.click()  # untick: the trait stays false, only the reader's choice changes
    w.wait(lambda: w.chart_stats()["hash"] != auto, 5, "the chart redrawn on a linear axis")
    assert not log.is_checked()
    assert "above the chart" in note.inner_text(), note.inner_text()
    linear = w.chart_stats()["hash"]
    log.click()
    w.wait(lambda: w.chart_stats()["hash"] != linear, 5, "the chart redrawn on a log axis")
    assert log.is_checked() and w.playhead() == ITERATIONS


def test_infinite_cost_is_named_where_it_is_drawn(course, artifacts):
    _, w = course
    note = w.q(".iw-chart-note").inner_text()
    # random ×10 starts with a saturated sigmoid (cost inf for its first 100 iterations with seed 3)
    assert "random ×10: cost ∞ (saturated sigmoid)" in note, note
    assert "costs span" not in note or "finite costs span" in note, note
    w.q(".iw-chart").screenshot(path=str(artifacts / "chart-infinite-cost.png"))


CONTROLS = {  # every kind of control in the widget, by a selector of one of them
    "button (player)": ".iw-play",
    "button (training)": ".iw-train",
    "select": "select.iw-duration",
    "checkbox": "input.iw-loop",
    "range (timeline)": "input.iw-timeline",
    "widget root": None,
}


@pytest.mark.parametrize("kind", list(CONTROLS))
def test_keys_in_a_control_never_reach_the_notebook(course, kind):
    nb, w = course
    page = nb.page
    w.wait(lambda: not w.playing(), 30, "playback at rest")
    control = w.root if CONTROLS[kind] is None else w.q(CONTROLS[kind])
    before, after = type_command_keys(page, control)
    assert len(before) == 2 and "code*" in before, before
    assert after == before, f"keys typed in the {kind} changed the notebook"
    assert w.status() == "done"


def test_arrows_change_the_controls_value(course):
    nb, w = course
    kb = nb.page.keyboard
    select = w.q("select.iw-duration")
    select.focus()
    before = select.input_value()
    kb.press("ArrowDown")
    w.wait(lambda: select.input_value() != before, 5, "↓ to choose the next duration")
    kb.press("ArrowUp")
    w.wait(lambda: select.input_value() == before, 5, "↑ to choose it back")
    timeline = w.q("input.iw-timeline")
    w.scrub(5000)
    timeline.focus()
    kb.press("ArrowRight")
    w.wait(lambda: int(timeline.input_value()) > 5000 and w.playhead() > 5000, 5, "→ on the timeline: the next frame")
    kb.press("ArrowLeft")
    kb.press("ArrowLeft")
    w.wait(lambda: int(timeline.input_value()) < 5000, 5, "← on the timeline: back")
    nb.page.screenshot(path=str(ARTIFACTS / "player-controls-keys.png"))

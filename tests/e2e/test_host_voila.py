"""Voila serving notebooks with a TrainingWidget and with the Explorer, in Debian's Chromium.

Voila shows outputs only and runs no code after the page is rendered, so most of these notebooks
start nothing: the student presses the widget's own Train button. Each page shows its widget exactly
once, trains to the course numbers and logs no console error of ours. A notebook that calls
`w.start()` itself (as example 01 does) reaches the reader finished: it plays, then offers the next
action, Replay and Train again, and both act.
"""

from __future__ import annotations

import re

import pytest
from e2e_dom import Widget
from e2e_hosts import (
    EXPLORER_CELL,
    ITERATIONS,
    LONG_CELL,
    WIDGET_CELL,
    HostPage,
    VoilaServer,
    check_training_buttons,
    he_cost_at_14000,
    our_errors,
    wait_course_done,
    write_notebook,
)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    server = VoilaServer(tmp_path_factory.mktemp("voila"), [], name="voila")
    write_notebook(server.root / "course.ipynb", WIDGET_CELL)
    write_notebook(server.root / "started.ipynb", WIDGET_CELL, "w.start()")  # example 01's way
    write_notebook(server.root / "long.ipynb", LONG_CELL)
    write_notebook(server.root / "explorer.ipynb", EXPLORER_CELL)
    server.start()
    yield server
    server.stop()


def open_page(browser, server, notebook: str, name: str, selector: str = ".iw-root", **kw) -> HostPage:
    host = HostPage(browser, name, **kw)
    host.page.goto(server.url(f"voila/render/{notebook}"), wait_until="domcontentloaded", timeout=90_000)
    host.page.wait_for_selector(selector, timeout=120_000)
    return host


def test_course_widget_trains_from_its_train_button(browser, voila):
    host = open_page(browser, voila, "course.ipynb", "voila-course")
    try:
        w = Widget(host.page)
        assert host.widgets() == 1, f"the widget is shown {host.widgets()} times"
        assert w.status() == "idle", "the notebook must not start training: Voila has no cells to run"
        w.q(".iw-train").click()
        wait_course_done(w)
        he_cost_at_14000(w)
        assert our_errors(host.console) == [], our_errors(host.console)
    finally:
        host.close()


def _plays_again(w: Widget) -> None:
    """Playback went back near 0 and moves on, then rests at the end."""
    low = w.wait(lambda: w.playhead() < ITERATIONS // 3 and w.playhead() + 1, 30, "playback back at the start") - 1
    w.wait(lambda: w.playhead() > low + 500, 15, f"playback to move on from {low}")
    w.wait(lambda: not w.playing() and w.playhead() == ITERATIONS, 30, "playback at rest at the end")


def test_a_finished_run_offers_replay_and_train_again(browser, voila):
    host = open_page(browser, voila, "started.ipynb", "voila-started")
    try:
        w = Widget(host.page)
        wait_course_done(w)  # trained by the notebook, played by itself at its 4 s pace
        w.wait(lambda: not w.playing(), 15, "playback at rest")
        train = w.q(".iw-train")
        assert train.is_enabled() and train.inner_text().strip() == "Train again"
        assert not w.q(".iw-pause").is_visible() and not w.q(".iw-stop").is_visible()
        replay = w.q(".iw-replay")
        assert replay.is_visible()
        painted = w.frames_painted()
        replay.click()
        _plays_again(w)
        assert w.frames_painted() > painted, "Replay repainted the panels"
        train.click()  # a new run (same data and options), trained and played from the start
        _plays_again(w)
        wait_course_done(w)
        he_cost_at_14000(w)  # the same course numbers again
        assert our_errors(host.console) == [], our_errors(host.console)
    finally:
        host.close()


def test_training_buttons(browser, voila):
    host = open_page(browser, voila, "long.ipynb", "voila-buttons")
    try:
        assert host.widgets() == 1
        check_training_buttons(Widget(host.page))
        assert our_errors(host.console) == [], our_errors(host.console)
    finally:
        host.close()


def test_explorer_trains_without_console_errors(browser, voila):
    host = open_page(
        browser,
        voila,
        "explorer.ipynb",
        "voila-explorer",
        selector=".iwx-explorer .iw-root",
        viewport={"width": 1400, "height": 2900},
    )
    try:
        page = host.page
        assert host.widgets() == 1
        w = Widget(page, scope=".iwx-explorer")
        page.wait_for_selector(".iwx-histograms .bqplot", timeout=60_000)
        page.locator(".iwx-explorer button.jupyter-button", has_text=re.compile(r"^\s*Train\s*$")).first.click()
        w.wait(lambda: w.status() == "done", 120, "the Explorer's run to finish")
        middle = w.timeline_bounds()[1] // 2
        w.scrub(middle)
        w.wait(lambda: w.playhead() == middle and w.iteration() <= middle, 15, "the picture at the middle of the run")
        assert our_errors(host.console) == [], our_errors(host.console)
    finally:
        host.close()

"""The diagnostics never flood the browser with mark updates (issue 15: a lecture's next step arrived 17-47 s
after its key, queued behind thousands of histogram updates sent while a seeds run played).

A histogram bar's x and y travel in one message; a run with many models (a seeds run), or a lecture's
panel (``settle``), follows the playhead once it rests: while it moves, no playhead render happens."""

from __future__ import annotations

import time

import ipywidgets as W
import pytest

from init_widget.charts.diagnostics_panel import MANY_MODELS, SETTLE, DiagnosticsPanel
from init_widget.engine import load_dataset
from init_widget.widget.training_widget import TrainingWidget


@pytest.fixture
def counted(monkeypatch):
    """Every state message a widget sends, by widget class name (ipywidgets' own send path, counted)."""
    sent: list[str] = []
    original = W.Widget.send_state

    def send_state(self, key=None):
        sent.append(type(self).__name__)
        return original(self, key)

    monkeypatch.setattr(W.Widget, "send_state", send_state)
    return sent


def _panel(seeds: int | None) -> tuple[TrainingWidget, DiagnosticsPanel]:
    X, Y, _, _ = load_dataset("circles")
    tw = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], iterations=200, seeds=seeds)
    tw.start()
    tw.wait(60)
    panel = DiagnosticsPanel()
    panel.attach(tw)
    panel.request(full=True)
    assert panel.wait_idle(30)
    return tw, panel


def _move(tw: TrainingWidget, steps: int, pause: float) -> None:
    for it in range(steps):
        tw.playhead = 10 * it
        time.sleep(pause)


def test_one_message_per_bar_and_render(counted):
    tw, panel = _panel(None)
    try:
        counted.clear()
        tw.playhead = 100
        assert panel.wait_idle(10) and panel.shown["playhead"] == 100
        bars = sum(len(marks) for marks in panel.hist_bars) + len(panel.gn_bars)
        assert counted.count("Bars") <= bars  # was x and y separately: 2 per histogram bar
    finally:
        panel.close()
        tw.close()


def test_a_seeds_run_renders_once_the_playhead_rests():
    tw, panel = _panel(10)
    try:
        assert len(tw.setup["models"]) > MANY_MODELS
        before = panel.renders
        _move(tw, 15, SETTLE / 3)  # a playing playhead: a change every 0.1 s
        during = panel.renders - before
        assert panel.wait_idle(10)
        assert during == 0 and panel.renders - before == 1 and panel.shown["playhead"] == 140
    finally:
        panel.close()
        tw.close()


def test_a_few_models_follow_the_playing_playhead_unless_told_to_settle():
    tw, panel = _panel(None)
    try:
        before = panel.renders
        _move(tw, 10, SETTLE / 3)
        assert panel.renders - before >= 3  # the histograms move with the picture
        panel.settle = SETTLE  # a lecture: off screen while a step plays
        assert panel.wait_idle(10)
        before = panel.renders
        _move(tw, 10, SETTLE / 3)
        assert panel.renders == before and panel.wait_idle(10) and panel.renders == before + 1
    finally:
        panel.close()
        tw.close()

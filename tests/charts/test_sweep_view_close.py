"""Issue 14 §4: a view closes what it opens. The TrainingWidget opened by clicking a sweep point trained on
after the sweep view was closed; closing the view now closes it (its thread ends)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from init_widget import load_dataset, scale_sweep
from init_widget.why_views import sweep_view

X, Y, _, _ = load_dataset("circles")


def trainer_threads() -> int:
    return sum(t.name == "init-widget-trainer" for t in threading.enumerate())


def test_closing_the_sweep_view_closes_the_run_a_click_opened():
    sweep = scale_sweep(X, Y, scales=[0.1, 1.0], seeds=range(2), iterations=300)
    # the same sweep, its runs reopened 3,000,000 iterations long: the clicked one still trains when the view closes
    sweep = replace(sweep, options={**sweep.options, "iterations": 3_000_000})
    view = sweep_view(sweep, X, Y)
    points = view.children[1].children[0].children[0].marks[-1]
    points.selected = [0]  # a click on the first point
    opened = view.opened
    deadline = time.monotonic() + 30
    while opened.history[0].costs.size == 0:
        assert time.monotonic() < deadline, "the clicked run never trained"
        time.sleep(0.01)
    assert opened.status == "training"
    view.close()
    assert opened.status == "closed"
    deadline = time.monotonic() + 2
    while trainer_threads():
        assert time.monotonic() < deadline, "the opened run's thread still runs"
        time.sleep(0.01)

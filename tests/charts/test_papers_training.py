"""The learning-time view of Saxe et al. draws the engine's numbers: a dot per seed that reached the threshold,
the median per depth as a line, one colour per initializer, names escaped."""

from __future__ import annotations

import numpy as np

from init_widget.charts.papers_training import learning_time_view
from init_widget.engine.deep_linear import DeepLinear, LearningTimes


def test_the_view_holds_every_seed_and_the_medians():
    times = LearningTimes(
        DeepLinear(depths=(1, 2, 4)),
        [0, 1, 2],
        {
            "orthogonal": np.array([[30.0, 32, 35], [40, 41, 44], [50, 52, np.nan]]),
            "<b>x</b>": np.array([[30.0, 33, 36], [60, 66, 70], [np.nan, np.nan, 200]]),
        },
    )
    view = learning_time_view(times)
    legend, figure = view.children
    dots = [m for m in figure.marks if m.__class__.__name__ == "Scatter"]
    lines = [m for m in figure.marks if m.__class__.__name__ == "Lines"]
    assert [len(d.y) for d in dots] == [8, 7]  # NaN seeds (never reached) are left out
    assert sorted(dots[0].y.tolist()) == sorted(v for v in times.iterations["orthogonal"].ravel() if v == v)
    assert np.allclose(lines[0].y, [32, 41, 52])  # a seed never there counts as slower than all
    assert np.allclose(lines[1].y[:2], [33, 66]) and np.isnan(lines[1].y[2])  # most never there: no median
    assert "<b>x</b>" not in legend.value and "&lt;b&gt;x&lt;/b&gt;" in legend.value

"""The classic papers whose figure is a training result (issue 18), readable on a projector.

``learning_time_view(learning_times())``: Saxe, McClelland & Ganguli 2014's learning time against depth, per
initializer, each seed a dot and the median a line (log depth, log iterations). He et al. 2015's deep ReLU
comparison needs no figure of its own: ``seeds_view(run(he_2015()))`` draws its cost bands over seeds.
"""

from __future__ import annotations

import bqplot as bq
import ipywidgets as W
import numpy as np

from ..engine.deep_linear import LearningTimes
from ..wire.contract import model_colors, model_label
from .papers import legend, paper_figure


def learning_time_view(times: LearningTimes) -> W.VBox:
    """Iterations to the loss threshold against depth: one colour per initializer, a dot per seed, median lines."""
    names = list(times.iterations)
    colors = model_colors(names)
    depths = np.asarray(times.config.depths, dtype=float)
    x, y = bq.LogScale(), bq.LogScale()
    marks = []
    rng = np.random.RandomState(0)  # a fixed jitter, so seeds at one depth do not hide each other
    for name, color in zip(names, colors):
        its = times.iterations[name]
        reached = ~np.isnan(its)
        jitter = depths[:, None] * np.exp(rng.uniform(-0.06, 0.06, its.shape))
        marks.append(
            bq.Scatter(
                x=jitter[reached],
                y=its[reached],
                scales={"x": x, "y": y},
                colors=[color],
                default_size=36,
                stroke="white",
                default_opacities=[0.8],
            )
        )
        marks.append(
            bq.Lines(
                x=depths, y=times.median(name), scales={"x": x, "y": y}, colors=[color], stroke_width=3, marker="circle"
            )
        )
    axes = [
        bq.Axis(scale=x, tick_values=list(times.config.depths), tick_format="d"),
        bq.Axis(scale=y, side="left", tick_format="~s"),
    ]
    title = f"Iterations until the cost is below {times.config.threshold:g}, against depth"
    note = (
        f"{len(times.seeds)} seeds a dot each, line: median; learning rate "
        f"{times.config.learning_rate:g} / depth; a seed not there by {times.config.iterations:,} is left out"
    )
    box = W.VBox(
        [
            legend([(model_label(n), c) for n, c in zip(names, colors)], note),
            paper_figure(marks, axes, title, height="360px"),
        ]
    )
    box.add_class("iw-why-papers")
    return box

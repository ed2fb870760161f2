"""The classic papers' figures (issue 18), readable on a projector: thick lines, titles instead of axis labels.

``glorot_view(layer_statistics())``: Glorot & Bengio 2010's Figs. 6–7, per-layer histograms of activations and
back-propagated gradients at initialization for each initializer, and each layer's variance against the linear
prediction. ``jacobian_view(...)``: Pennington et al. 2017's Jacobian singular values as a distribution (CDF on
a log axis) with a depth slider; every depth is computed once, so moving the slider only redraws.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import bqplot as bq
import ipywidgets as W
import numpy as np

from ..engine.glorot import LayerStatistics
from ..engine.jacobian import JacobianSpectra, spread
from ..engine.scale_rules import SCALE_RULES
from ..wire.contract import model_colors, model_label
from .a11y import ControlNames
from .why_views import why_figure

MARGIN = {"top": 36, "bottom": 48, "left": 64, "right": 16}
LAYER_COLORS = ("#0072B2", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9", "#000000")  # Okabe–Ito
SV_FLOOR = 1e-3  # singular values below are drawn at the axis' left edge (relu's are exactly 0)
JACOBIAN_CASES = (("tanh", "orthogonal"), ("tanh", "gaussian"), ("relu", "orthogonal"), ("relu", "gaussian"))
CASE_COLORS = ("#009E73", "#56B4E9", "#E69F00", "#D55E00")


def paper_figure(marks: list, axes: list, title: str, height: str = "340px") -> bq.Figure:
    """One figure of a paper view: a why-view figure with the papers' wider margins (longer axis labels)."""
    return why_figure(marks, axes, title, height=height, margin=MARGIN)


def legend(items: Sequence[tuple[str, str]], note: str = "") -> W.HTML:
    """Coloured squares with names (escaped), then a muted note."""
    spans = "".join(
        f"<span style='margin-right:16px'><i style='display:inline-block;width:14px;height:14px;"
        f"background:{c};margin-right:5px;vertical-align:middle'></i>{html.escape(n)}</span>"
        for n, c in items
    )
    muted = f" <span class='iw-why-muted'>{html.escape(note)}</span>" if note else ""
    return W.HTML(f"<div class='iw-why-legend' style='font-size:16px'>{spans}{muted}</div>")


def _row(figures: Sequence[bq.Figure]) -> W.HBox:
    return W.HBox(
        [W.Box([f], layout=W.Layout(flex="1 1 0", min_width="0")) for f in figures], layout=W.Layout(width="100%")
    )


# --------------------------------------------------------------------------- Glorot & Bengio 2010
def glorot_view(stats: LayerStatistics) -> W.VBox:
    """Figs. 6–7: a histogram per layer of the activations (top row) and of the gradients dL/dz (middle row), one
    column per initializer; below, each layer's variance measured (solid) and as Glorot's linear prediction
    (dashed)."""
    names = list(stats.activation_var)
    L = len(stats.propagation.layers) - 1
    colors = [LAYER_COLORS[l % len(LAYER_COLORS)] for l in range(L)]
    rows = []
    for kind, edges, hists in (
        ("Activations", stats.activation_edges, stats.activation_hist),
        ("Gradients dL/dz", stats.gradient_edges, stats.gradient_hist),
    ):
        x, y = bq.LinearScale(min=float(edges[0]), max=float(edges[-1])), bq.LinearScale(min=0.0)
        centres = (edges[1:] + edges[:-1]) / 2
        rows.append(
            _row(
                [
                    paper_figure(
                        [bq.Lines(x=centres, y=hists[n], scales={"x": x, "y": y}, colors=colors, stroke_width=3)],
                        [
                            bq.Axis(scale=x, tick_format=".2~g", num_ticks=5),
                            bq.Axis(scale=y, side="left", tick_format=".2~g"),
                        ],
                        f"{kind} · {SCALE_RULES[n].name if n in SCALE_RULES else n}",  # short: half a screen
                    )
                    for n in names
                ]
            )
        )
    layer_key = legend([(f"layer {l + 1}", c) for l, c in enumerate(colors)], "histograms at initialization")
    note = (
        f"tanh network {stats.propagation.layers[0]} → {L} layers of {stats.propagation.layers[-1]}, "
        f"{stats.propagation.X.shape[1]:,} inputs of std {float(np.std(stats.propagation.X)):.2g}"
    )
    box = W.VBox(
        [
            layer_key,
            *rows,
            legend(
                list(zip(map(model_label, names), model_colors(names))),
                "solid: measured; dashed: linear prediction. " + note,
            ),
            _row(_variance_figures(stats, names)),
        ]
    )
    box.add_class("iw-paper-glorot")
    return box


def _variance_figures(stats: LayerStatistics, names: list[str]) -> list[bq.Figure]:
    L = len(stats.propagation.layers) - 1
    layers, colors, figures = np.arange(1, L + 1), model_colors(names), []
    x = bq.LinearScale(min=0.5, max=L + 0.5)
    for title, measured, linear in (
        ("Activation variance per layer", stats.activation_var, stats.linear_activation_var),
        ("Gradient variance per layer", stats.gradient_var, stats.linear_gradient_var),
    ):
        y = bq.LogScale()
        marks = [
            bq.Lines(
                x=layers,
                y=np.array([measured[n] for n in names]),
                scales={"x": x, "y": y},
                colors=colors,
                stroke_width=3,
                marker="circle",
                marker_size=40,
            ),
            bq.Lines(
                x=layers,
                y=np.array([linear[n] for n in names]),
                scales={"x": x, "y": y},
                colors=colors,
                stroke_width=3,
                line_style="dashed",
            ),
        ]
        figures.append(
            paper_figure(
                marks,
                [
                    bq.Axis(scale=x, tick_format="d", tick_values=list(layers)),
                    bq.Axis(scale=y, side="left", tick_format=".0e"),
                ],
                title,
            )
        )
    return figures


# --------------------------------------------------------------------------- Pennington et al. 2017
def jacobian_view(
    depth: int = 64, width: int = 200, cases: Sequence[tuple[str, str]] = JACOBIAN_CASES, seed: int = 0, **kwargs: Any
) -> W.VBox:
    """The distribution of the Jacobian's singular values (fraction ≤ s, log s) for each (activation,
    initializer) case, with a depth slider over 1 … ``depth``. Every depth is computed here, each extending the
    one before; the slider then only redraws. ``kwargs`` go to JacobianSpectra (q_star, memory_limit)."""
    if not 1 <= len(cases) <= len(CASE_COLORS):
        raise ValueError(
            f"cases must be 1 to {len(CASE_COLORS)} (activation, initializer) pairs, one colour each; got {len(cases)}"
        )
    spectra = [JacobianSpectra(width, a, i, seed=seed, max_depth=depth, **kwargs) for a, i in cases]
    for s in spectra:
        for d in range(1, depth + 1):
            s.at(d)
    fig, lines = _cdf_figure(len(cases), width)
    slider = W.IntSlider(
        value=1,
        min=1,
        max=depth,
        description="depth",
        continuous_update=True,
        layout=W.Layout(width="480px", min_width="260px"),
    )
    note = W.HTML()
    labels = [f"{a}, {i}" for a, i in cases]

    def redraw(change: dict | None = None) -> None:
        values = [np.sort(np.clip(s.at(slider.value), SV_FLOOR, None)) for s in spectra]
        with lines.hold_sync():
            lines.x = np.array(values)
            lines.y = np.tile(np.arange(1, width + 1) / width, (len(values), 1))
        parts = (f"{html.escape(n)}: {spread(s.at(slider.value)):.3g}" for n, s in zip(labels, spectra))
        note.value = (
            f"<div class='iw-why-muted' style='font-size:16px'>depth {slider.value}, width {width}: "
            f"spread p90/p10 — {'; '.join(parts)}. Dashed: 1 (isometry).</div>"
        )

    slider.observe(redraw, names="value")
    redraw()
    box = W.VBox(
        [
            legend(list(zip(labels, CASE_COLORS)), f"at criticality, q* = {_fraction(spectra[0].critical.q_star)}"),
            slider,
            note,
            fig,
            ControlNames(target=".iw-paper-jacobian"),
        ]
    )
    box.add_class("iw-paper-jacobian")
    box.slider, box.spectra, box.redraw = slider, spectra, redraw
    return box


def _cdf_figure(cases: int, width: int) -> tuple[bq.Figure, bq.Lines]:
    """The empty CDF figure (log s from SV_FLOOR to 10) with a dashed line at 1, and its lines to fill."""
    x, y = bq.LogScale(min=SV_FLOOR, max=10.0), bq.LinearScale(min=0.0, max=1.0)
    lines = bq.Lines(
        x=np.ones((cases, width)),
        y=np.zeros((cases, width)),
        scales={"x": x, "y": y},
        colors=list(CASE_COLORS[:cases]),
        stroke_width=4,
        interpolation="step-after",
    )
    one = bq.Lines(x=[1.0, 1.0], y=[0.0, 1.0], scales={"x": x, "y": y}, colors=["#666666"], line_style="dashed")
    fig = paper_figure(
        [lines, one],
        [
            bq.Axis(scale=x, tick_format="~g", tick_values=[1e-3, 1e-2, 0.1, 1, 10]),
            bq.Axis(scale=y, side="left", tick_format=".0%"),
        ],
        "Singular values of the input–output Jacobian: fraction ≤ s",
        height="380px",
    )
    return fig, lines


def _fraction(q: float) -> str:
    """1/64 rather than 0.0156 when q is one over a whole number."""
    return f"1/{round(1 / q)}" if q < 1 and abs(1 / q - round(1 / q)) < 1e-9 else f"{q:.3g}"

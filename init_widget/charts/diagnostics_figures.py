"""The DiagnosticsPanel's figures and marks: how each chart is built, apart from how it is updated.

Split out of diagnostics_panel.py so the panel keeps the threading and rendering and every unit stays small
enough to read whole; the panel owns the returned scales, marks and figures and updates them in place.
"""

from __future__ import annotations

import bqplot as bq
import ipywidgets as W
import numpy as np

from ..engine.stats import HIST_BINS

LINE_STYLES = ("solid", "dashed", "dotted", "dash_dotted")
FIG_MARGIN = {"top": 28, "bottom": 32, "left": 52, "right": 10}
SMALL_MARGIN = {"top": 24, "bottom": 26, "left": 40, "right": 6}
GROUP = 0.8  # share of a layer's slot taken by its models' gradient-norm bars


def figure(marks: list, axes: list, title: str, width: str, height: str, margin=FIG_MARGIN, **kw) -> bq.Figure:
    """One figure with the panel's common settings (no animation, no toolbar, shrinkable)."""
    fig = bq.Figure(
        marks=marks,
        axes=axes,
        title=title,
        fig_margin=dict(margin),
        animation_duration=0,
        display_toolbar=False,  # its pan/zoom bar covers the title on hover (1280 px: "layer 1")
        layout=W.Layout(width=width, height=height, min_width="0"),
        **kw,
    )
    fig.add_class("iwx-figure")
    return fig


def chart_box(fig: bq.Figure, flex: str) -> W.Box:
    """A flexible slot for one figure; it clips rather than scrolls (a scroll region with nothing
    focusable inside cannot be scrolled from the keyboard, and the figure fits its slot anyway)."""
    return W.Box([fig], layout=W.Layout(flex=flex, min_width="0", overflow="hidden"))


def zero_mark(y_scale: bq.Scale) -> bq.Label:
    """The "0" written like a tick label at the floor of a log axis, where zeros are drawn.

    Its own fixed x scale keeps it at the left edge (a Label does not follow later x domain changes)."""
    return bq.Label(
        x=[0.0],
        y=[1.0],
        text=["0"],
        scales={"x": bq.LinearScale(min=0, max=1), "y": y_scale},
        x_offset=-9,
        y_offset=4,
        align="end",
        default_size=10,
        font_unit="px",
        font_weight="normal",
        colors=["#767676"],
        apply_clip=False,
        visible=False,
    )


def playhead_line(x_scale: bq.Scale) -> bq.Lines:
    """A dashed vertical line at the playhead's iteration, full height whatever the y scale."""
    return bq.Lines(
        x=[0, 0],
        y=[0, 1],
        scales={"x": x_scale, "y": bq.LinearScale(min=0, max=1)},
        colors=["#888888"],
        stroke_width=1,
        line_style="dashed",
        opacities=[0.8],
    )


def cost_figure() -> tuple[bq.LinearScale, bq.LogScale, bq.Lines, bq.Lines, bq.Figure]:
    """Cost over iterations, log y, pan/zoom: (x scale, y scale, cost lines, playhead, figure)."""
    x, y = bq.LinearScale(), bq.LogScale()
    lines = bq.Lines(x=[0.0], y=[1.0], scales={"x": x, "y": y}, stroke_width=2)
    playhead = playhead_line(x)
    fig = figure(
        [lines, playhead],
        [
            bq.Axis(scale=x, label="iteration", tick_format="~s"),
            bq.Axis(scale=y, side="left", label="cost", tick_format=".2~g"),
        ],
        "Cost (log scale, drag to pan, wheel to zoom)",
        "100%",
        "260px",
        interaction=bq.interacts.PanZoom(scales={"x": [x], "y": [y]}),
    )
    fig.add_class("iwx-costs")
    return x, y, lines, playhead, fig


def weight_norm_figure() -> tuple[bq.LinearScale, bq.LogScale, bq.Lines, bq.Label, bq.Figure]:
    """Weight norms over time, log y, lines added per layer later: (x scale, y scale, playhead, "0", figure)."""
    x, y = bq.LinearScale(), bq.LogScale()
    playhead, zero = playhead_line(x), zero_mark(y)
    fig = figure(
        [playhead, zero],
        [
            bq.Axis(scale=x, label="iteration", tick_format="~s"),
            bq.Axis(scale=y, side="left", label="‖W‖", tick_format=".3~g"),
        ],
        "Weight norm ‖W‖ per layer (— L1, -- L2, ··· L3)",
        "100%",
        "260px",
    )
    fig.add_class("iwx-weight-norms")
    return x, y, playhead, zero, fig


def grad_norm_figure() -> tuple[bq.LinearScale, bq.LogScale, bq.Label, bq.Figure]:
    """Gradient norms per layer at the playhead, log y, bars added per run: (x scale, y scale, "0", figure)."""
    x, y = bq.LinearScale(), bq.LogScale()
    zero = zero_mark(y)
    fig = figure(
        [zero],
        [bq.Axis(scale=x, label="layer", tick_format="d"), bq.Axis(scale=y, side="left", tick_format=".0e")],
        "Gradient norm ‖dW‖ per layer at the playhead",
        "100%",
        "230px",
    )
    fig.add_class("iwx-gradients")
    return x, y, zero, fig


def hist_figure(layer: int) -> tuple[bq.Figure, tuple[bq.Axis, bq.Axis]]:
    """A small, empty activation-histogram figure for one layer, with its (x, y) axes."""
    x, y = bq.LinearScale(), bq.LinearScale(min=0.0, max=1.0)
    axes = (bq.Axis(scale=x, tick_format=".3~g"), bq.Axis(scale=y, side="left", tick_format=".0%"))
    return figure([], list(axes), f"layer {layer + 1}", "220px", "170px", margin=SMALL_MARGIN), axes


def hist_bars(x_scale: bq.Scale, y_scale: bq.Scale) -> bq.Bars:
    """One model's translucent histogram, overlaid on the others in its layer's figure."""
    return bq.Bars(
        x=np.arange(HIST_BINS, dtype=float),
        y=np.zeros(HIST_BINS),
        scales={"x": x_scale, "y": y_scale},
        padding=0.0,
        opacities=[0.55],
    )


def grad_bars(names: list[str], colors: list[str], L: int, x_scale: bq.Scale, y_scale: bq.Scale) -> list[bq.Bars]:
    """Grouped bars by hand, one mark per model side by side (bqplot 0.13's type="grouped" draws nothing
    and a Bars mark whose x changes after display loses its layout, so x is fixed per run shape)."""
    K = len(names)
    return [
        bq.Bars(
            x=np.arange(1, L + 1) + (k - (K - 1) / 2) * GROUP / K,
            y=np.full(L, 1e-8),
            scales={"x": x_scale, "y": y_scale},
            base=1e-8,
            padding=1 - GROUP / K,
            colors=[colors[k]],
            labels=[names[k]],
        )
        for k in range(K)
    ]


def weight_norm_line(layer: int, x_scale: bq.Scale, y_scale: bq.Scale) -> bq.Lines:
    """One layer's weight norms (one line per model), told apart from other layers by its line style."""
    return bq.Lines(
        x=[0.0],
        y=[1.0],
        scales={"x": x_scale, "y": y_scale},
        stroke_width=1.6,
        line_style=LINE_STYLES[layer % len(LINE_STYLES)],
    )


def panel_box(
    legend: W.HTML,
    cost: bq.Figure,
    norms: bq.Figure,
    hist_title: W.HTML,
    hist_box: W.Box,
    grads: bq.Figure,
    table: W.HTML,
    captions: W.HTML,
) -> W.VBox:
    """The panel's layout: legend; costs | weight norms; histograms; gradient norms | table and captions."""
    box = W.VBox(
        [
            legend,
            W.HBox([chart_box(cost, "3 1 0"), chart_box(norms, "2 1 0")], layout=W.Layout(width="100%")),
            hist_title,
            hist_box,
            W.HBox(
                [
                    chart_box(grads, "2 1 0"),
                    W.VBox([table, captions], layout=W.Layout(flex="3 1 0", min_width="0", padding="0 0 0 12px")),
                ],
                layout=W.Layout(width="100%"),
            ),
        ]
    )
    box.add_class("iwx-diagnostics")
    return box

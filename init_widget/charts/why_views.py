"""The "why it works" views: bqplot figures for seeds, the scale sweep, signal propagation and the check.

Each function takes the engine's result and returns an ipywidgets box to display:
``seeds_view(train(..., seeds=10))``, ``sweep_view(scale_sweep(...), X, Y)``,
``propagation_view(signal_propagation(...))`` (with its scale slider) and
``check_view(check_initializer(fn))``. Imported on first use, so ``import init_widget`` stays light.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Sequence
from typing import Any

import bqplot as bq
import ipywidgets as W
import numpy as np

from ..engine.check import InitCheck
from ..engine.ensemble import BAND, spread
from ..engine.propagation import Propagation
from ..engine.sweeps import ScaleSweep
from ..wire.contract import NAMED_COLORS, model_colors
from .a11y import KEEP_KEYS_CLASS, ControlNames

# no y-axis labels: each title says what is plotted, and at a lecture's 18 px a label runs into the ticks
MARGIN = {"top": 30, "bottom": 48, "left": 60, "right": 12}
# the sweep marks the course scales in their initializers' colours (one table: wire.contract.NAMED_COLORS)
MARK_COLORS = {
    mark: NAMED_COLORS[key] for mark, key in (("×0.01", "small"), ("Xavier", "xavier"), ("He", "he"), ("×10", "random"))
}


def why_figure(
    marks: list, axes: list, title: str, width: str = "100%", height: str = "300px", margin: dict = MARGIN, **kw: Any
) -> bq.Figure:
    """A figure of the why views and the papers' views: no toolbar, the class the lecture sizes its text by."""
    fig = bq.Figure(
        marks=marks,
        axes=axes,
        title=title,
        fig_margin=dict(margin),
        animation_duration=0,
        display_toolbar=False,  # its pan/zoom bar covers the title on hover; nobody pans a view
        layout=W.Layout(width=width, height=height, min_width="0"),
        **kw,
    )
    fig.add_class("iw-why-figure")
    return fig


def _positive(values: np.ndarray) -> np.ndarray:
    """Values for a log axis: zero, negative or non-finite become gaps (NaN) instead of breaking the scale."""
    v = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(v) & (v > 0), v, np.nan)


def _legend(names: Sequence[str], colors: Sequence[str], extra: str = "") -> W.HTML:
    items = "".join(
        f"<span style='margin-right:14px'><i style='display:inline-block;width:12px;height:12px;"
        f"background:{c};margin-right:4px;vertical-align:middle'></i>{html.escape(n)}</span>"
        for n, c in zip(names, colors)
    )
    return W.HTML(f"<div class='iw-why-legend'>{items}{extra}</div>")


# --------------------------------------------------------------------------- seeds
def seeds_view(histories: Sequence[Any]) -> W.VBox:
    """Median cost per initializer with its 10–90 % band over seeds, and each seed's final accuracy."""
    groups = spread(histories)
    names = list(groups)
    colors = model_colors(names)
    cost = _seeds_cost_figure(groups, colors)
    strip = _accuracy_strip(groups, colors)
    counts = ", ".join(f"{n}: {len(s.seeds)} seeds" for n, s in groups.items()) + "; bar: median accuracy"
    box = W.VBox(
        [
            _legend(names, colors, f"<span class='iw-why-muted'>({html.escape(counts)})</span>"),
            W.HBox(
                [
                    W.Box([cost], layout=W.Layout(flex="3 1 0", min_width="0")),
                    W.Box([strip], layout=W.Layout(flex="2 1 0", min_width="0")),
                ],
                layout=W.Layout(width="100%"),
            ),
        ]
    )
    box.add_class("iw-why-seeds")
    box.add_class(KEEP_KEYS_CLASS)
    return box


def _seeds_cost_figure(groups: dict, colors: Sequence[str]) -> bq.Figure:
    """The cost over iterations (log y): per initializer its seeds' band, then its median on top of it."""
    x, y = bq.LinearScale(), bq.LogScale()
    marks = []
    for (name, s), color in zip(groups.items(), colors):
        its = np.arange(s.median_cost.size)
        step = max(1, its.size // 600)  # a few hundred points per curve are plenty on screen
        band = np.vstack([_positive(s.low_cost[::step]), _positive(s.high_cost[::step])])
        marks.append(
            bq.Lines(
                x=its[::step],
                y=band,
                scales={"x": x, "y": y},
                fill="between",
                colors=[color, color],
                fill_colors=[color],
                fill_opacities=[0.2],
                stroke_width=0.5,
                opacities=[0.4, 0.4],
            )
        )
        marks.append(
            bq.Lines(
                x=its[::step],
                y=_positive(s.median_cost[::step]),
                scales={"x": x, "y": y},
                colors=[color],
                stroke_width=2.5,
                labels=[name],
            )
        )
    return why_figure(
        marks,
        [bq.Axis(scale=x, label="iteration", tick_format="~s"), bq.Axis(scale=y, side="left", tick_format=".2~g")],
        f"Cost: median, {BAND[0]:g}–{BAND[1]:g} % band",
        height="320px",
    )


def _accuracy_strip(groups: dict, colors: Sequence[str]) -> bq.Figure:
    """One dot per seed's final accuracy (test when every run has it, else train), a bar at the median."""
    names = list(groups)
    test = all(s.test_accuracy is not None for s in groups.values())
    ax, ay = bq.LinearScale(min=-0.5, max=len(names) - 0.5), bq.LinearScale(min=0.0, max=1.0)
    rng = np.random.RandomState(0)  # a fixed jitter, so the strip does not move between redraws
    dots = []
    for i, (s, color) in enumerate(zip(groups.values(), colors)):
        acc = s.test_accuracy if test else s.train_accuracy
        dots.append(
            bq.Scatter(
                x=i + rng.uniform(-0.18, 0.18, acc.size),
                y=acc,
                scales={"x": ax, "y": ay},
                colors=[color],
                default_size=40,
                stroke="white",
                tooltip=bq.Tooltip(fields=["y"], formats=[".1%"], labels=["accuracy"]),
            )
        )
        dots.append(
            bq.Lines(
                x=[i - 0.3, i + 0.3], y=[np.median(acc)] * 2, scales={"x": ax, "y": ay}, colors=[color], stroke_width=3
            )
        )
    return why_figure(
        dots,
        [
            bq.Axis(
                scale=ax, tick_values=list(range(len(names))), tick_labels={str(i): n for i, n in enumerate(names)}
            ),
            bq.Axis(scale=ay, side="left", tick_format=".0%"),
        ],
        f"Final {'test' if test else 'train'} accuracy per seed",
        height="320px",
    )


# --------------------------------------------------------------------------- scale sweep
class SweepView(W.VBox):
    """The sweep's box. Closing it closes the run it opened (``opened``), which would otherwise train on."""

    opened = None  # the TrainingWidget of the clicked point, if any

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()
            self.opened = None
        super().close()


def sweep_view(sweep: ScaleSweep, X: Any = None, Y: Any = None, X_test: Any = None, Y_test: Any = None) -> W.VBox:
    """Final cost and test accuracy against the scale (log x), spread over seeds, the course's scales marked.

    With the training data given, clicking a point opens that (scale, seed) run in a TrainingWidget below."""
    x = bq.LogScale(min=float(sweep.scales.min()) / 1.5, max=float(sweep.scales.max()) * 1.5)
    test = sweep.test_accuracy is not None
    panels = [
        _sweep_panel(sweep, x, sweep.final_cost, "final cost", bq.LogScale()),
        _sweep_panel(
            sweep,
            x,
            sweep.test_accuracy if test else sweep.train_accuracy,
            ("test" if test else "train") + " accuracy",
            bq.LinearScale(min=0.0, max=1.0),
        ),
    ]
    names = list(sweep.marks)
    legend = _legend(
        [f"{n} ({_span(sweep.marks[n])})" for n in names],
        [MARK_COLORS[n] for n in names],
        "<span class='iw-why-muted'>dashed lines: the course's scales for layers "
        f"{sweep.layers}; band: 10–90 % over seeds"
        + ("; click a point (or pick a run below) to watch that run" if X is not None else "")
        + "</span>",
    )
    out = W.Output()
    box = SweepView(
        [
            legend,
            W.HBox(
                [W.Box([fig], layout=W.Layout(flex="1 1 0", min_width="0")) for fig, _, _ in panels],
                layout=W.Layout(width="100%"),
            ),
        ]
    )
    box.add_class("iw-why-sweep")
    box.add_class(KEEP_KEYS_CLASS)
    box.sweep = sweep
    if X is not None:

        def watch(i: int, j: int) -> None:
            _open_run(box, out, sweep, i, j, (X, Y, X_test, Y_test))

        for _, pts, shown in panels:
            pts.observe(lambda change, shown=shown: _clicked(sweep, shown, change["new"], watch), names="selected")
        box.children = [*box.children, _run_picker(sweep, watch), out]
    return box


def _run_picker(sweep: ScaleSweep, watch: Any) -> W.HBox:
    """The keyboard's way to what a click on a point does: pick a (scale, seed) run, press Watch."""
    runs = [
        (f"scale {scale:.3g}, seed {seed}", (i, j))
        for i, scale in enumerate(sweep.scales)
        for j, seed in enumerate(sweep.seeds)
    ]
    pick = W.Dropdown(
        options=runs, description="run", layout=W.Layout(width="260px"), style={"description_width": "40px"}
    )
    button = W.Button(description="Watch this run", icon="play", layout=W.Layout(width="auto"))
    button.on_click(lambda _b: watch(*pick.value))
    row = W.HBox([pick, button], layout=W.Layout(align_items="center"))
    row.add_class("iw-why-run-picker")
    return row


def _clicked(sweep: ScaleSweep, shown: np.ndarray, chosen: Any, watch: Any) -> None:
    """A click on a point: the (scale, seed) it stands for (``shown`` maps plotted points to flat indices)."""
    if chosen is not None and len(chosen) > 0:
        watch(*divmod(int(shown[int(chosen[0])]), len(sweep.seeds)))


def _sweep_panel(sweep: ScaleSweep, x: bq.LogScale, values: np.ndarray, label: str, y: Any) -> tuple:
    """One figure of the sweep: (figure, its clickable points, the flat (scale, seed) index of each point shown)."""
    scales, seeds = sweep.scales, sweep.seeds
    vals = _positive(values) if isinstance(y, bq.LogScale) else np.where(np.isfinite(values), values, np.nan)
    with warnings.catch_warnings():  # a scale where every seed diverged has no band: a gap, quietly
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, med, hi = np.nanpercentile(vals, [10, 50, 90], axis=1)
    band = bq.Lines(
        x=scales,
        y=np.vstack([lo, hi]),
        scales={"x": x, "y": y},
        fill="between",
        colors=["#0072B2", "#0072B2"],
        fill_colors=["#0072B2"],
        fill_opacities=[0.15],
        stroke_width=0.5,
    )
    line = bq.Lines(x=scales, y=med, scales={"x": x, "y": y}, colors=["#0072B2"], stroke_width=2.5)
    flat = vals.reshape(-1)
    shown = np.flatnonzero(np.isfinite(flat))  # a NaN point has no place on the plot: left out, indices kept
    pts = bq.Scatter(
        x=np.repeat(scales, len(seeds))[shown],
        y=flat[shown],
        scales={"x": x, "y": y},
        colors=["#0072B2"],
        default_size=18,
        opacities=[0.6],
        interactions={"click": "select"},
        selected_style={"stroke": "black", "stroke-width": 2},
        unselected_style={"opacity": 0.6},
        tooltip=bq.Tooltip(fields=["x", "y"], formats=[".3g", ".3g"], labels=["scale", label]),
    )
    marks = [band, line] + _scale_marks(sweep, x, y) + [pts]  # points on top, so they take the clicks
    factor = f" × {sweep.factor.capitalize()}'s factor" if sweep.factor else ""
    fig = why_figure(
        marks,
        [
            bq.Axis(
                scale=x,
                label=f"scale (randn × scale{factor})",
                tick_format="~g",
                tick_values=decade_ticks(float(scales.min()), float(scales.max())),
            ),
            bq.Axis(scale=y, side="left", tick_format=".2~g" if label == "final cost" else ".0%"),
        ],
        f"{label.capitalize()} ({len(seeds)} seed{'s' if len(seeds) > 1 else ''} a scale)",
        height="320px",
    )
    return fig, pts, shown


def _open_run(box: W.VBox, out: W.Output, sweep: ScaleSweep, i: int, j: int, data: tuple) -> None:
    """Train run (scale ``i``, seed ``j``) in a TrainingWidget shown under the sweep (``box.opened``)."""
    from IPython.display import display

    from ..widget.training_widget import TrainingWidget

    X, Y, X_test, Y_test = data
    w = TrainingWidget(
        X,
        Y,
        initializers=[sweep.initializer(i)],
        X_test=X_test,
        Y_test=Y_test,
        **dict(sweep.options, seed=sweep.seeds[j]),
    )
    previous = getattr(box, "opened", None)
    if previous is not None:  # one run open at a time: the one clicked before stops and goes
        previous.close()
    out.clear_output()
    with out:
        display(W.HTML(f"<b>scale {sweep.scales[i]:.3g}, seed {sweep.seeds[j]}</b>"), w)
    w.start()
    box.opened = w


def _span(span: tuple[float, float]) -> str:
    lo, hi = span
    return f"{lo:.3g}" if np.isclose(lo, hi) else f"{lo:.3g}–{hi:.3g}"


def _scale_marks(sweep: ScaleSweep, x: bq.LogScale, y: Any) -> list:
    """A dashed vertical line per course scale (two when a rule's scale differs between layers)."""
    unit = bq.LinearScale(min=0.0, max=1.0)
    marks = []
    # each name just right of its (last) line, neighbours on alternate rows: Xavier's and He's lines are close
    for k, (name, (lo, hi)) in enumerate(sorted(sweep.marks.items(), key=lambda item: item[1])):
        for value in sorted({lo, hi}):
            marks.append(
                bq.Lines(
                    x=[value, value],
                    y=[0.0, 1.0],
                    scales={"x": x, "y": unit},
                    colors=[MARK_COLORS[name]],
                    line_style="dashed",
                    stroke_width=1.5,
                )
            )
        marks.append(
            bq.Label(
                x=[hi],
                y=[0.95 if k % 2 == 0 else 0.85],
                text=[name],
                scales={"x": x, "y": unit},
                colors=[MARK_COLORS[name]],
                default_size=12,
                font_unit="px",
                align="start",
                x_offset=4,
            )
        )
    return marks


def decade_ticks(lo: float, hi: float, most: int = 6) -> list[float]:
    """Powers of ten between ``lo`` and ``hi`` (every 2nd, 3rd… decade so at most ``most``): a log axis's ticks
    that never run together, whatever the span (60 decades in a deep random network)."""
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo <= hi):
        return []
    first, last = int(np.ceil(np.log10(lo) - 1e-9)), int(np.floor(np.log10(hi) + 1e-9))
    if last < first:  # less than a decade: its two ends
        return [lo, hi]
    step = next(s for s in (1, 2, 3, 5, 10, 20, 50, 100, 10**9) if (last - first) / s < most)
    return [float(10.0**k) for k in range(first, last + 1) if k % step == 0] or [float(10.0**first)]


# --------------------------------------------------------------------------- signal propagation
def propagation_view(result: Propagation) -> W.VBox:
    """Activation and gradient std per layer (log y), measured (solid) and theory (dashed), with a gain slider."""
    names = list(result.activation_std)
    colors = model_colors(names)
    L = len(result.layers) - 1
    x = bq.LinearScale(min=0.5, max=L + 0.5)
    figures, updaters = [], []
    for title, measured, theory in (
        ("Activation std per layer", "activation_std", "theory_activation_std"),
        ("Gradient std per layer (dL/dz)", "gradient_std", "theory_gradient_std"),
    ):
        fig, solid, dashed, y_axis = _propagation_figure(title, x, names, colors, L)
        figures.append(fig)
        updaters.append((solid, dashed, y_axis, measured, theory))
    gain = _gain_slider(result.gain)
    note = W.HTML(layout=W.Layout(flex="1 1 320px", min_width="0"))
    state = {"result": result}

    def redraw(change: dict | None = None) -> None:
        r = result.rescaled(gain.value) if change is not None else state["result"]
        state["result"] = r
        for solid, dashed, y_axis, measured, theory in updaters:
            ys = [np.array([_positive(getattr(r, key)[n]) for n in names]) for key in (measured, theory)]
            with solid.hold_sync(), dashed.hold_sync():
                solid.y, dashed.y = ys
            finite = np.isfinite(ys).any()
            y_axis.tick_values = decade_ticks(float(np.nanmin(ys)), float(np.nanmax(ys))) if finite else []
        note.value = _propagation_note(r, names)

    gain.observe(redraw, names="value")
    redraw()
    controls = W.HBox([gain, note], layout=W.Layout(flex_flow="row wrap", align_items="center"))
    box = W.VBox(
        [
            _legend(names, colors),
            controls,
            W.HBox(
                [W.Box([f], layout=W.Layout(flex="1 1 0", min_width="0")) for f in figures],
                layout=W.Layout(width="100%"),
            ),
            ControlNames(target=".iw-why-propagation"),
        ]
    )
    box.add_class("iw-why-propagation")
    box.add_class(KEEP_KEYS_CLASS)
    box.slider, box.redraw_state = gain, state
    return box


def _propagation_figure(title: str, x: bq.LinearScale, names: list[str], colors: Sequence[str], L: int) -> tuple:
    """One std-per-layer figure, empty until the slider's redraw fills it: (figure, solid, dashed, its y axis)."""
    layers = np.arange(1, L + 1)
    y = bq.LogScale()
    y_axis = bq.Axis(scale=y, side="left", tick_format=".0e")
    solid = bq.Lines(
        x=layers,
        y=np.zeros((len(names), L)),
        scales={"x": x, "y": y},
        colors=colors,
        stroke_width=2,
        marker="circle",
        marker_size=16,
        labels=names,
        opacities=[0.75] * len(names),
    )
    # theory on top of the measurement, wide dashes: where the two agree, the dashes still show
    dashed = bq.Lines(
        x=layers,
        y=np.zeros((len(names), L)),
        scales={"x": x, "y": y},
        colors=colors,
        stroke_width=3,
        line_style="dashed",
    )
    fig = why_figure(
        [solid, dashed],
        [bq.Axis(scale=x, label="layer", tick_format="d", tick_values=_layer_ticks(L)), y_axis],
        title,
        height="320px",
    )
    return fig, solid, dashed, y_axis


def _gain_slider(gain: float) -> W.FloatLogSlider:
    """The scale every initializer's weights are multiplied by, ×0.1 to ×10 on a log track."""
    return W.FloatLogSlider(
        value=gain,
        base=10,
        min=-1,
        max=1,
        step=0.01,
        description="scale ×",
        continuous_update=True,
        readout_format=".2f",
        layout=W.Layout(width="420px", min_width="260px", flex="0 0 auto"),
    )


def _propagation_note(r: Propagation, names: list[str]) -> str:
    """The caption under the slider: the network, the gain applied and each last layer's activation std."""
    last = ", ".join(f"{n}: {r.activation_std[n][-1]:.2g}" for n in names)
    return (
        f"<span class='iw-why-muted'>{html.escape(r.activation)} network {network_text(r.layers)}; "
        f"every initializer's weights × {r.gain:.2f}. Last layer's activation std: {html.escape(last)}. "
        "Solid: measured on one batch; dashed: theory (variance recursion).</span>"
    )


def network_text(layers: Sequence[int]) -> str:
    """How a caption names a network: '2 → 10 → 5 → 1', or '100 → 20 layers of 100 → 1' when the hidden layers agree."""
    hidden = list(layers[1:-1])
    if len(hidden) > 3 and len(set(hidden)) == 1:
        return f"{layers[0]} → {len(hidden)} layers of {hidden[0]} → {layers[-1]}"
    return " → ".join(str(n) for n in layers)


def _layer_ticks(L: int, most: int = 12) -> list[int]:
    """Whole layer numbers 1…L (every 2nd, 5th… when there are many), so a tick never repeats a number."""
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if L / s <= most)
    if step == 1:
        return list(range(1, L + 1))
    ticks = list(range(step, L + 1, step))
    return [1, *ticks] if step >= 5 else ticks


# --------------------------------------------------------------------------- checker
def check_view(result: InitCheck) -> W.HTML:
    """The check's verdict and per-layer findings as HTML."""
    good = result.ok
    color = "#009E73" if good else ("#D55E00" if result.mistakes or result.error else "#0072B2")
    rows = "".join(
        f"<tr><td>{c.layer}</td><td>{c.shape}</td>"
        f"<td>{'✓' if c.shape_ok else '✗ expected ' + str(c.expected_shape)}</td>"
        f"<td>{'0' if c.bias_zero else 'not 0'}</td>"
        f"<td>{'= ' + format(abs(c.factor), '.3g') if c.factor is not None else '≈ ' + format(c.std, '.3g')}</td>"
        f"<td>{html.escape(c.rule or '—')}{'' if c.factor is not None else ' (about)'}</td>"
        f"<td>{c.expected['He']:.3g}</td></tr>"
        for c in result.layers
    )
    table = (
        (
            "<style>.iw-why-check-table td, .iw-why-check-table th {padding: 2px 12px 2px 0; text-align: left}</style>"
            "<table class='iw-why-check-table'><tr><th>layer</th><th>W shape</th><th>shape</th><th>b</th>"
            f"<th>scale</th><th>rule</th><th>He's scale</th></tr>{rows}</table>"
        )
        if rows
        else ""
    )
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in result.lines)
    mistakes = "".join(f"<li><b>{html.escape(m)}</b></li>" for m in result.mistakes)
    return W.HTML(
        f"<div class='iw-why-check' style='border-left:4px solid {color};padding:4px 10px'>"
        f"<div style='color:{color};font-weight:600'>{html.escape(result.verdict)}</div>"
        f"{'<ul>' + mistakes + '</ul>' if mistakes else ''}{table}<ul>{lines}</ul></div>"
    )

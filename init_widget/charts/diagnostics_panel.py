"""DiagnosticsPanel: bqplot charts and captions that follow a TrainingWidget's playhead.

Cost curves (log y, pan/zoom), per-layer activation histograms and gradient norms at the playhead,
weight norms over time, a final-accuracy table and one caption per model. On the log axes a zero
(the zeros initializer's weights and gradients) is drawn at the axis floor, marked "0" (logscale.py).
Figures (built in diagnostics_figures.py) are made once per run shape and updated in place. All updates
happen on one worker thread that always renders the *latest* state: a burst of playhead changes while a
render runs collapses into one render.
"""

from __future__ import annotations

import html
import threading
import time
import traceback
from typing import Any

import bqplot as bq
import ipywidgets as W
import numpy as np

from ..engine import diagnostics as dg
from ..wire.contract import Status
from . import diagnostics_figures as figs
from .logscale import at_floor, has_zeros, log_floor, log_lines, log_ticks

MIN_INTERVAL = 0.05  # s between two renders: at most ~20 updates/s, whatever the playhead rate
# A playing seeds run (21 models: ~90 marks a render) sent the browser thousands of mark updates, which queued
# every later message behind them (a lecture's next step arrived 17-47 s after its key): with more models than
# this, or with ``settle`` set, the charts follow the playhead once it rests (scrubbing, pausing, the end)
MANY_MODELS = 6
SETTLE = 0.3  # s the playhead must rest before such a render
FULL_INTERVAL = 0.3  # s between full refreshes (cost curves, table) while training
NOT_TRAINED = (
    "<div class='iwx-captions iwx-muted'>Not trained yet: press <b>Train</b>. "
    "Then scrub the timeline to see inside each network at any iteration.</div>"
)


class DiagnosticsPanel:
    """The analysis half of the Explorer; ``widget`` is its ipywidgets box. ``attach`` a TrainingWidget."""

    def __init__(self, min_interval: float = MIN_INTERVAL):
        self.min_interval = min_interval
        self.renders = 0  # number of playhead renders done (tests check coalescing with it)
        self.render_seconds: list[float] = []  # duration of each render
        self.shown: dict[str, Any] = {}  # what the charts show now: playhead, frame, run_id
        self.last_error = ""
        self._tw = None
        self._shape: tuple = ()
        self._cv = threading.Condition()
        self._dirty = self._dirty_full = self._busy = self._closed = False
        self._last_full = self._moved = self.settle = 0.0  # settle: s the playhead rests before a render
        self._thread: threading.Thread | None = None
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        """Every figure once; runs of another shape only resize the mark pools (``_reshape``)."""
        self.cost_x, self.cost_y, self.cost_lines, self.cost_playhead, self.cost_fig = figs.cost_figure()
        # weight norms over time: one Lines mark per layer, one line per model
        self.wn_x, self.wn_y, self.wn_playhead, self.wn_zero, self.wn_fig = figs.weight_norm_figure()
        self.wn_lines: list[bq.Lines] = []
        # gradient norms per layer at the playhead
        self.gn_x, self.gn_y, self.gn_zero, self.gn_fig = figs.grad_norm_figure()
        self.gn_bars: list[bq.Bars] = []
        # activation histograms: a pool of small figures, one per layer
        self.hist_figs: list[bq.Figure] = []
        self.hist_bars: list[list[bq.Bars]] = []  # [layer][model]
        self.hist_axes: list[tuple[bq.Axis, bq.Axis]] = []
        self.hist_box = W.Box(layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))
        self.hist_box.add_class("iwx-histograms")
        self.hist_title = W.HTML(
            "<b>Activations per layer at the playhead</b> "
            "<span class='iwx-muted'>(fraction of values per bin, all models on one x range)</span>"
        )
        self.table = W.HTML()
        self.captions = W.HTML()
        self.legend = W.HTML()
        self.widget = figs.panel_box(
            self.legend,
            self.cost_fig,
            self.wn_fig,
            self.hist_title,
            self.hist_box,
            self.gn_fig,
            self.table,
            self.captions,
        )
        self.captions.add_class("iwx-caption-box")

    # ------------------------------------------------------------------ wiring
    def attach(self, training_widget) -> None:
        """Follow this TrainingWidget: its playhead, progress, status and new runs."""
        if self._tw is not None:
            self._tw.unobserve(self._on_playhead, "playhead")
            self._tw.unobserve(self._on_progress, "progress")
            self._tw.unobserve(self._on_full, ["status", "_setup"])
        self._tw = training_widget
        training_widget.observe(self._on_playhead, "playhead")
        training_widget.observe(self._on_progress, "progress")
        training_widget.observe(self._on_full, ["status", "_setup"])
        self.request(full=True)

    def _on_playhead(self, _change=None) -> None:
        self._moved = time.monotonic()
        self.request()

    def _on_progress(self, _change=None) -> None:
        if time.monotonic() - self._last_full >= FULL_INTERVAL:
            self.request(full=True)

    def _on_full(self, _change=None) -> None:
        self.request(full=True)

    def request(self, full: bool = False) -> None:
        """Ask for a render of the latest state (returns at once; renders coalesce)."""
        with self._cv:
            self._dirty = True
            self._dirty_full |= full
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="init-widget-diagnostics", daemon=True)
                self._thread.start()
            self._cv.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every requested render is done (for tests and scripts)."""
        with self._cv:
            return self._cv.wait_for(lambda: not (self._dirty or self._busy), timeout)

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cv:
                self._cv.wait_for(lambda: self._dirty or self._closed)
                while (
                    not (self._dirty_full or self._closed)
                    and (rest := settle_time(self.settle, self._tw) - (time.monotonic() - self._moved)) > 0
                ):
                    self._cv.wait(rest)
                if self._closed:
                    return
                full, self._dirty, self._dirty_full, self._busy = self._dirty_full, False, False, True
            try:
                self.render(full)
            except Exception:  # keep the worker alive; show what went wrong
                self.last_error = traceback.format_exc()
                self.captions.value = f"<pre class='iwx-error'>{html.escape(self.last_error[-1500:])}</pre>"
            finally:
                with self._cv:
                    self._busy = False
                    self._cv.notify_all()
            time.sleep(self.min_interval)

    # ------------------------------------------------------------------ rendering
    def render(self, full: bool = True) -> None:
        """Update every chart from the TrainingWidget (normally called by the worker thread)."""
        tw = self._tw
        if tw is None:
            return
        t0 = time.perf_counter()
        histories = list(tw.history)
        setup = tw.setup
        colors = [m["color"] for m in setup.get("models", [])] or ["#1976d2"] * len(histories)
        names = [h.name for h in histories]
        L = len(histories[0].layers) - 1 if histories else 0
        # whatever the trait holds (a Python user may set 10**30), the charts show an iteration of the run
        playhead = min(max(int(tw.playhead), 0), histories[0].iterations if histories else 0)
        # while training, the costs past the last published progress may still be half-written
        limit = tw.progress.get("iteration", 0) if tw.status in (Status.TRAINING, Status.PAUSED) else None
        shape = (setup.get("run_id"), tuple(names), L)
        if shape != self._shape:
            self._reshape(names, colors, L)
            self._shape = shape
            full = True
        if full:
            self._render_full(histories, names, colors, limit, tw)
            self._last_full = time.monotonic()
        frame = self._render_playhead(histories, names, colors, playhead, limit)
        self.renders += 1
        self.render_seconds.append(time.perf_counter() - t0)
        self.shown = {"playhead": playhead, "frame": frame, "run_id": setup.get("run_id")}

    def _reshape(self, names: list[str], colors: list[str], L: int) -> None:
        """A run with other models or depth: relabel, recolour and resize the mark pools (no new figures when
        possible)."""
        self._reshape_histograms(names, colors, L)
        old_bars = self.gn_bars
        self.gn_bars = figs.grad_bars(names, colors, L, self.gn_x, self.gn_y)
        self.gn_x.min, self.gn_x.max = 0.5, L + 0.5
        with self.gn_fig.hold_sync():
            self.gn_fig.marks = [*self.gn_bars, self.gn_zero]
            self.gn_fig.axes[0].tick_values = np.arange(1, L + 1)
        for bars in old_bars:  # replaced, not reused: a Bars mark left open stays in the kernel for good
            bars.close()
        while len(self.wn_lines) < L:
            self.wn_lines.append(figs.weight_norm_line(len(self.wn_lines), self.wn_x, self.wn_y))
        for l, lines in enumerate(self.wn_lines[:L]):
            lines.colors = colors
            lines.labels = [f"{n} L{l + 1}" for n in names]
        self.wn_fig.marks = [*self.wn_lines[:L], self.wn_playhead, self.wn_zero]
        self.cost_lines.colors = colors
        self.cost_lines.labels = names
        self.legend.value = _legend(names, colors)

    def _reshape_histograms(self, names: list[str], colors: list[str], L: int) -> None:
        """One histogram figure per layer (the pool only grows), one overlaid Bars per model in each."""
        K = len(names)
        while len(self.hist_figs) < L:
            fig, axes = figs.hist_figure(len(self.hist_figs))
            self.hist_figs.append(fig)
            self.hist_axes.append(axes)
            self.hist_bars.append([])
        for l, fig in enumerate(self.hist_figs[:L]):
            marks = self.hist_bars[l]
            xs, ys = self.hist_axes[l][0].scale, self.hist_axes[l][1].scale
            while len(marks) < K:
                marks.append(figs.hist_bars(xs, ys))
            for k, bars in enumerate(marks[:K]):
                bars.colors, bars.labels = [colors[k]], [names[k]]
            fig.marks = marks[:K]
            fig.title = "output layer" if l == L - 1 else f"layer {l + 1}"
        self.hist_box.children = tuple(self.hist_figs[:L])

    def _render_full(self, histories, names, colors, limit, tw) -> None:
        if not histories:
            return
        n = min(h.costs.size for h in histories)
        if limit is not None:
            n = min(n, limit)
        xs, ys = [], []
        for h in histories:
            x, y = dg.downsample(h.costs[:n])
            xs.append(x)
            ys.append(y)
        total = histories[0].iterations
        with self.cost_fig.hold_sync():
            self.cost_lines.visible = n > 0  # a new, untrained run shows nothing rather than the last run
            if n:
                self.cost_lines.x, self.cost_lines.y = log_lines(np.array(xs), np.array(ys), log_floor(ys))
                self.cost_fig.axes[1].tick_values = log_ticks(np.array(ys))
            self.cost_x.min, self.cost_x.max = 0.0, float(total)
            self.cost_fig.axes[0].tick_values = nice_ticks(0.0, float(total), 6)
        fi = histories[0].frame_iterations
        norms = np.array([h.stats.weight_norm for h in histories])  # (K, F, L)
        floor = log_floor(norms)
        with self.wn_fig.hold_sync():
            self.wn_x.min, self.wn_x.max = 0.0, float(total)
            self.wn_fig.axes[0].tick_values = nice_ticks(0.0, float(total), 3)
            for lines in self.wn_lines:
                lines.visible = fi.size > 0
            self.wn_zero.visible = bool(fi.size) and has_zeros(norms)
            if fi.size:
                for l, lines in enumerate(self.wn_lines[: len(histories[0].layers) - 1]):
                    lines.x, lines.y = log_lines(fi, norms[:, :, l], floor)
                _log_axis(self.wn_y, self.wn_fig.axes[1], self.wn_zero, norms, floor)
        self.table.value = _table(dg.summary_rows(histories), colors, tw.status)

    def _render_playhead(self, histories, names, colors, playhead, limit) -> int:
        if not histories:
            return -1
        fi = histories[0].frame_iterations
        if limit is not None:
            fi = fi[fi < max(limit, 1)]
        frame = dg.frame_index(fi, playhead)
        L = len(histories[0].layers) - 1
        with self.cost_fig.hold_sync():
            self.cost_playhead.x = [playhead, playhead]
        with self.wn_fig.hold_sync():
            self.wn_playhead.x = [playhead, playhead]
        for marks in [*self.hist_bars, self.gn_bars]:
            for bars in marks:
                bars.visible = frame >= 0
        if frame < 0:
            self.captions.value = NOT_TRAINED
            return frame
        for l in range(L):
            edges, frac = dg.layer_histograms(histories, frame, l)
            centers = (edges[:-1] + edges[1:]) / 2
            top = nice_ticks(0.0, max(float(frac.max()), 0.05), 2)
            with self.hist_figs[l].hold_sync():
                for bars, row in zip(self.hist_bars[l], frac):
                    with bars.hold_sync():  # x and y in one message
                        bars.x, bars.y = centers, row
                xs, ys = self.hist_axes[l][0], self.hist_axes[l][1]
                ys.scale.max = float(top[-1])
                ys.tick_values = top
                xs.tick_values = nice_ticks(float(edges[0]), float(edges[-1]), 3)
        g = np.array([h.stats.grad_norm[frame] for h in histories])
        floor = log_floor(g)
        lo, top = int(round(np.log10(floor))), float(np.nanmax(at_floor(g, floor), initial=floor))
        hi = max(int(np.ceil(np.log10(top))), lo + 1)
        with self.gn_fig.hold_sync():
            self.gn_y.min, self.gn_y.max = floor, float(10.0**hi)
            self.gn_fig.axes[1].tick_values = 10.0 ** np.arange(lo + 1, hi + 1, max(1, (hi - lo) // 4))
            self.gn_zero.y, self.gn_zero.visible = [floor], has_zeros(g)
            for bars, row in zip(self.gn_bars, g):
                with bars.hold_sync():
                    bars.base, bars.y = floor, np.nan_to_num(at_floor(row, floor), nan=floor)
        self.captions.value = _captions(histories, colors, frame, int(fi[frame]))
        return frame


def settle_time(settle: float, training_widget: Any) -> float:
    """How long the playhead must rest before a playhead render (0: follow it as it plays)."""
    many = len((training_widget.setup if training_widget is not None else {}).get("models", [])) > MANY_MODELS
    return max(settle, SETTLE if many else 0.0)


def _log_axis(scale, axis, zero: bq.Label, values: np.ndarray, floor: float) -> None:
    """Ticks over the positive values, the "0" mark at the floor, a fixed range when all are zero."""
    positive = np.isfinite(values) & (values > 0)
    scale.min, scale.max = (None, None) if positive.any() else (floor, floor * 100)
    axis.tick_values = log_ticks(values) if positive.any() else np.array([floor * 10, floor * 100])
    zero.y = [floor]


def nice_ticks(lo: float, hi: float, n: int = 4) -> np.ndarray:
    """About n round tick values covering [lo, hi] (steps of 1, 2 or 5 × a power of ten)."""
    span = hi - lo
    if not np.isfinite(span) or span <= 0:
        return np.array([lo])
    raw = span / max(n, 1)
    mag = 10.0 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return np.arange(np.ceil(lo / step) * step, hi + step * 0.5, step)


def _legend(names: list[str], colors: list[str]) -> str:
    """One coloured swatch per model, above all charts, so no chart needs its own legend."""
    return (
        "<div class='iwx-legend'>"
        + "".join(f"<span><i style='background:{c}'></i>{html.escape(n)}</span>" for n, c in zip(names, colors))
        + "</div>"
    )


def _captions(histories: list, colors: list[str], frame: int, iteration: int) -> str:
    """What each model is doing at the playhead's frame, one line per model in its colour."""
    rows = "".join(
        f"<li><i style='background:{c}'></i><b>{html.escape(h.name)}</b> {html.escape(dg.caption(h, frame))}</li>"
        for h, c in zip(histories, colors)
    )
    return f"<div class='iwx-captions'><div class='iwx-muted'>At iteration {iteration:,}</div><ul>{rows}</ul></div>"


def _cost(x: float) -> str:
    return "—" if np.isnan(x) else dg.fmt(x)


def _pct(x: float | None) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{100 * x:.1f} %"


def _table(rows: list[dict], colors: list[str], status: str) -> str:
    has_test = any(r["test"] is not None for r in rows)
    head = (
        "<tr><th>initializer</th><th>cost</th><th>train acc.</th>"
        + ("<th>test acc.</th>" if has_test else "")
        + "</tr>"
    )
    body = "".join(
        f"<tr><td><i style='background:{c}'></i>{html.escape(r['name'])}</td><td>{_cost(r['cost'])}</td>"
        f"<td>{_pct(r['train'])}</td>" + (f"<td>{_pct(r['test'])}</td>" if has_test else "") + "</tr>"
        for r, c in zip(rows, colors)
    )
    title = "Final results" if status == Status.DONE else f"Latest results ({html.escape(status)})"
    return f"<div class='iwx-table'><b>{title}</b><table>{head}{body}</table></div>"

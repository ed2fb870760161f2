"""The Explorer's "Why it works" section: the four why views on the Explorer's own data and network.

One button per view: *Was it luck?* trains the checked initializers with several seeds
(``why_views.seeds_view``), *Where is just right?* sweeps ``randn × scale`` (``sweep_view``), *Signal
through the layers* runs one pass at initialization (``propagation_view``), and *Check my
initializer* checks a function defined in the notebook, by name (``check_view``). Every view uses
what the controls say now (data, layers, activation, learning rate, iterations). The views are
imported on first use, so the Explorer opens without training anything extra.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as W
import numpy as np

from ..engine.course import COURSE
from .layout import close_tree

VIEWS = ("seeds", "sweep", "propagation", "check")
SEEDS = 10  # seeds of "Was it luck?"
SWEEP_SCALES = np.logspace(-3, 2, 11)
SWEEP_SEEDS = 3
# the course's 15,000: after 3,000, He's and Xavier's scales are still at 50–55 % and "best" sits near ×3, the wrong
# lesson (tests/explorer/test_explorer_why.py checks the ordering); more than the course's would only cost time
SWEEP_ITERATIONS = COURSE.iterations
TITLES = {
    "seeds": "Was it luck? (seeds)",
    "sweep": "Where is “just right”? (scale sweep)",
    "propagation": "Signal through the layers",
    "check": "Check my initializer",
}


class WhySection:
    """The section's widgets and the views it shows; ``show(view)`` from Python does what a button does."""

    def __init__(self, explorer: Any, width: Callable[[int], str]):
        self.explorer = explorer
        self.buttons = {v: W.Button(description=TITLES[v], layout=W.Layout(width="auto")) for v in VIEWS}
        self.function_name = W.Text(
            placeholder="initialize_parameters_he",
            description="function",
            tooltip="the name of your initializer function, defined in this notebook",
            layout=W.Layout(width=width(300)),
            style={"description_width": width(60)},
        )
        self.status = W.HTML()
        self.view_box = W.VBox()
        self.shown = ""  # the view on screen ("" for none)
        for view, button in self.buttons.items():
            button.on_click(lambda _b, view=view: self.show(view))
        title = W.HTML("<div class='iwx-section-title'>Why it works</div>")
        row = W.HBox(
            [*self.buttons.values(), self.function_name], layout=W.Layout(flex_flow="row wrap", align_items="center")
        )
        for part in (title, row):  # what a lecture step showing its view in place of the run leaves out
            part.add_class("iwx-why-chrome")
        self.widget = W.VBox([title, row, self.status, self.view_box])
        self.widget.add_class("iwx-section")
        self.widget.add_class("iwx-why")

    def show(self, view: str, fn: Callable | None = None) -> bool:
        """Compute and show one view ("seeds", "sweep", "propagation" or "check"); False with a message if it cannot."""
        if view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}; got {view!r}")
        self._say(f"Computing “{TITLES[view]}”…")
        try:
            shown = getattr(self, f"_{view}")(fn) if view == "check" else getattr(self, f"_{view}")()
        except (ValueError, TypeError, LookupError) as exc:  # invalid controls, a run over the memory cap, no function
            self._say(str(exc), error=True)
            return False
        caption, widget = shown
        self.clear()
        self.view_box.children = [widget]
        self.shown = view
        self._say(caption)
        return True

    def clear(self) -> None:
        """Remove the view shown (closing its widgets: the kernel keeps none of them)."""
        old = list(self.view_box.children)
        self.view_box.children = []
        self.shown = ""
        close_tree(old)
        self.status.value = ""

    def close(self) -> None:
        self.clear()
        close_tree(self.widget)

    # ------------------------------------------------------------------ the views
    def _inputs(self) -> tuple[tuple, dict]:
        ex = self.explorer
        if not ex.validate():  # the data on screen, the network the controls describe; the run is left alone
            raise ValueError("the controls are not valid: see the message next to Train")
        opts = ex.train_options()
        keep = ("layers", "activation", "learning_rate", "iterations", "memory_limit")
        return ex.data, {k: opts[k] for k in keep}

    def _seeds(self) -> tuple[str, W.Widget]:
        from ..charts.why_views import seeds_view
        from ..engine.trainer import train

        (X, Y, Xt, Yt), opts = self._inputs()
        specs = self.explorer.initializer_specs()
        view = seeds_view(train(X, Y, specs, seeds=SEEDS, X_test=Xt, Y_test=Yt, **opts))
        return (
            f"Every checked initializer trained with seeds 0–{SEEDS - 1}: the band is where 80 % of the seeds lie.",
            view,
        )

    def _sweep(self) -> tuple[str, W.Widget]:
        from ..charts.why_views import sweep_view
        from ..engine.sweeps import scale_sweep

        (X, Y, Xt, Yt), opts = self._inputs()
        opts["iterations"] = min(opts["iterations"], SWEEP_ITERATIONS)
        sweep = scale_sweep(X, Y, scales=SWEEP_SCALES, seeds=SWEEP_SEEDS, X_test=Xt, Y_test=Yt, **opts)
        caption = (
            f"randn × scale for {SWEEP_SCALES.size} scales × {SWEEP_SEEDS} seeds, {opts['iterations']:,} "
            "iterations each (click a point, or pick a run under the charts, to watch it)."
        )
        return caption, sweep_view(sweep, X, Y, Xt, Yt)

    def _propagation(self) -> tuple[str, W.Widget]:
        from ..charts.why_views import propagation_view
        from ..engine.propagation import signal_propagation

        (X, _Y, _Xt, _Yt), opts = self._inputs()
        specs = [s for s in self.explorer.initializer_specs() if s != "zeros"]  # zeros carries no signal at all
        if not specs:
            raise ValueError("check an initializer other than zeros to see its signal through the layers")
        result = signal_propagation(layers=opts["layers"], activation=opts["activation"], initializers=specs, X=X)
        return "One forward and one backward pass at initialization, before any training.", propagation_view(result)

    def _check(self, fn: Callable | None) -> tuple[str, W.Widget]:
        from ..charts.why_views import check_view
        from ..engine.check import check_initializer

        fn = self._user_function() if fn is None else fn
        result = check_initializer(
            fn, layers=self.explorer.train_options()["layers"], seed=self.explorer.form.seed.value
        )
        return "", check_view(result)

    def _user_function(self) -> Callable:
        """The function named in the text box, from the notebook's namespace."""
        name = self.function_name.value.strip() or self.function_name.placeholder
        try:
            from IPython import get_ipython

            namespace = get_ipython().user_ns
        except (ImportError, AttributeError):  # no IPython kernel: nothing to look the name up in
            namespace = {}
        fn = namespace.get(name)
        if not callable(fn):
            raise LookupError(
                f"no function named {name!r} in this notebook: define it in a cell first "
                "(or call explorer.why.show('check', fn))"
            )
        return fn

    def _say(self, text: str, error: bool = False) -> None:
        look = "iwx-error" if error else "iwx-muted"
        self.status.value = f"<span class='{look}'>{html.escape(text)}</span>" if text else ""

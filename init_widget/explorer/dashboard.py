"""Explorer: the full dashboard, controls + one TrainingWidget + bqplot diagnostics, in one box.

``Explorer()`` starts on the course setup; change a control, press Train, scrub the timeline and
read what each initializer does layer by layer. ``Explorer.from_arrays(X, Y)`` brings your own
data (any number of features). ``Explorer(lecture=True)`` adds large fonts, a full-screen button
and a step-by-step sequence driven by Next/Prev or PageDown/PageUp.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

import ipywidgets as W

from ..charts.diagnostics_panel import SETTLE, DiagnosticsPanel
from ..engine import load_dataset
from ..engine.validation import as_layout, positive_number
from ..widget.training_widget import TrainingWidget
from ..wire.contract import Status
from .controls import check_controls, parse_hidden
from .form import YOUR_DATA, ControlForm
from .layout import arrange, close_tree
from .lecture import WHY_IN_PLACE_CLASS, explorer_style
from .presets import PRESETS, Preset, default_noise
from .steps import LectureSteps
from .why import WhySection

_ids = itertools.count(1)


def _starting_preset(preset: Any, controls: dict[str, Any]) -> Preset:
    """The preset named ``preset`` with the control values given as keyword arguments over it."""
    if not isinstance(preset, str) or preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of: {', '.join(PRESETS)}")
    allowed = {f.name for f in fields(Preset)} - {"title", "note", "why"}
    unknown = set(controls) - allowed
    if unknown:
        raise TypeError(f"unknown Explorer option(s) {sorted(unknown)}; options: {', '.join(sorted(allowed))}")
    return replace(PRESETS[preset], **check_controls(controls))


def _own_data(X: Any, Y: Any, X_test: Any, Y_test: Any) -> tuple | None:
    """The user's arrays in the engine's layout, or None for the Explorer's generated datasets."""
    if X is None and Y is None:
        return None
    Xt, Yt = (None, None) if X_test is None and Y_test is None else as_layout(X_test, Y_test, what="X_test")
    return (*as_layout(X, Y), Xt, Yt)


class Explorer(W.VBox):
    """Dashboard: dataset and network controls, presets, the animated TrainingWidget and diagnostics.

    Keyword arguments are control values (any field of ``presets.Preset``: ``dataset``, ``noise``,
    ``n_samples``, ``data_seed``, ``initializers``, ``random_scale``, ``hidden``, ``activation``,
    ``learning_rate``, ``iterations``, ``seed``, ``seeds``, ``frame_every``) over ``preset`` (default "course");
    ``seeds=N`` trains every initializer with seeds 0…N-1 (median and band). ``explorer.why`` is the
    "Why it works" section (explorer_why.py): ``explorer.why.show("seeds" | "sweep" | "propagation" | "check")``.
    A value out of the control's range raises a ValueError/TypeError naming it (``controls.RANGES``);
    nothing is clamped or dropped. A run over the memory cap (``memory_limit``, as in ``train``) is
    refused: as an error from the constructor, as a message next to Train from the controls.
    """

    def __init__(
        self,
        X: Any = None,
        Y: Any = None,
        X_test: Any = None,
        Y_test: Any = None,
        *,
        preset: str = "course",
        lecture: bool = False,
        font_scale: float | None = None,
        autostart: bool = False,
        memory_limit: Any = None,
        **controls: Any,
    ):
        super().__init__()
        start = _starting_preset(preset, controls)
        self.css_class = f"iwx-e{next(_ids)}"
        self.lecture = lecture
        self.memory_limit = memory_limit  # as train()'s: None is the default cap (1 GB or $INIT_WIDGET_MEMORY_LIMIT)
        self.font_scale = positive_number(
            font_scale if font_scale is not None else (1.5 if lecture else 1.0), "font_scale"
        )
        self._user_data = user_data = _own_data(X, Y, X_test, Y_test)
        self.form = ControlForm(self.px, own_data=user_data is not None, memory_limit=memory_limit)
        if user_data:
            self.form.applying = True
            self.form.dataset.value = YOUR_DATA
            self.form.applying = False
        self.form.set_values(start)
        data = user_data or self._generate()
        self._data_params = None if user_data else self.form.data_params()
        self._dataset = data
        try:  # e.g. a run over the memory cap: nothing of this Explorer stays in the kernel
            X, Y, X_test, Y_test = data
            options = self.train_options(X.shape[0])
            self.training_widget = TrainingWidget(
                X, Y, self.initializer_specs(), X_test=X_test, Y_test=Y_test, **options
            )
        except BaseException:
            close_tree(*vars(self.form).values(), *(f.widget for f in self.form.fields(data=True, network=True)))
            super().close()
            raise
        self._wire_controls()
        self.diagnostics = DiagnosticsPanel()
        if lecture:  # off screen while a step plays: follow the playhead once it rests, do not flood the browser
            self.diagnostics.settle = SETTLE
        self.diagnostics.attach(self.training_widget)
        self.why = WhySection(self, self.px)
        self.steps = LectureSteps(f".{self.css_class}", lecture, self._show_step)
        self.style_html = W.HTML(explorer_style(self.css_class, self.font_scale, self.lecture))
        arrange(self)
        self._update_data_info()
        self.validate()
        if autostart:
            self.train()

    @classmethod
    def from_arrays(cls, X: Any, Y: Any, X_test: Any = None, Y_test: Any = None, **kwargs: Any) -> Explorer:
        """An Explorer on your own data: X (n_features, m) or (m, n_features), Y of 0/1 labels."""
        return cls(X, Y, X_test, Y_test, **kwargs)

    # ------------------------------------------------------------------ controls
    def px(self, n: int) -> str:
        """A control size in pixels, scaled with the fonts (lecture mode)."""
        return f"{round(n * self.font_scale)}px"

    def _wire_controls(self) -> None:
        """What the form's buttons do: the actions are the Explorer's."""
        form = self.form
        form.dataset.observe(self._on_dataset, "value")
        form.regenerate_button.on_click(lambda _b: self.regenerate())
        form.train_button.on_click(lambda _b: self.train())
        for key, button in form.preset_buttons.items():
            button.on_click(lambda _b, key=key: self.apply_preset(key))
        self.training_widget.observe(self._show_run_notice, ["notice", "status", "error"])

    def validate(self) -> bool:
        """Check every control; disable Train and say why when one is invalid. True when all are valid."""
        return self.form.validate()

    def initializer_specs(self) -> list:
        """The checked initializers as ``train`` takes them ('random' at a scale other than 10 is random_normal)."""
        return self.form.initializer_specs()

    def train_options(self, n_features: int | None = None) -> dict:
        """The TrainingWidget options the controls describe (raises ValueError when invalid)."""
        return self.form.train_options(self._dataset[0].shape[0] if n_features is None else n_features)

    def _show_run_notice(self, _change=None) -> None:
        """The run's notes (a diverged model, thinned frames) or its error, next to Train."""
        tw = self.training_widget
        error = tw.status == Status.ERROR
        text = tw.error if error else tw.notice
        look = "class='iwx-error'" if error else "style='color: var(--jp-warn-color0, #e65100)'"
        self.form.run_notice.value = f"<span {look}>{html.escape(text)}</span>" if text else ""

    # ------------------------------------------------------------------ data
    def _generate(self) -> tuple:
        return load_dataset(
            self.form.dataset.value,
            n_samples=self.form.n_samples.value,
            noise=float(self.form.noise.value),
            seed=self.form.data_seed.value,
        )

    def _on_dataset(self, change) -> None:
        user = change["new"] == YOUR_DATA
        if self.form.applying:
            return
        if not user:
            self.form.noise.value = default_noise(change["new"])
        self.regenerate()

    def regenerate(self) -> bool:
        """Draw the data the data controls describe and show it (the run resets, untrained); False if invalid."""
        invalid = [f.name.replace("_", " ") for f in self.form.fields(data=True, network=False) if f.problem]
        if invalid:
            self.form.show_status(f"To draw data: fix {' and '.join(invalid)}.")
            return False
        if self.form.own_data_selected():
            data = self._user_data
            self._data_params = None
        else:
            data = self._generate()
            self._data_params = self.form.data_params()
        self._dataset = data
        self._update_data_info()
        try:
            self.training_widget.reconfigure(
                data[0], data[1], X_test=data[2], Y_test=data[3], layers=self._layers_for(data[0].shape[0])
            )
        except (ValueError, TypeError) as exc:  # e.g. more samples push the run over the memory cap
            self.form.show_status(f"Could not set up the run: {exc}")
            return False
        return True

    def _layers_for(self, n_x: int) -> list[int]:
        """The current run's hidden layers with a new input size (data may change the feature count)."""
        old = self.training_widget.options.get("layers") or [n_x, 10, 5, 1]
        return [n_x, *old[1:]]

    def _update_data_info(self) -> None:
        X, _Y, Xt, _ = self._dataset
        test = f", {Xt.shape[1]} test" if Xt is not None else ""
        text = f"{X.shape[1]} samples{test}, {X.shape[0]} features"
        if X.shape[0] != 2:
            text += (
                "<br><span class='iwx-note'>The decision boundary needs 2-D inputs, so the boundary panels show "
                "a note; cost, accuracy and diagnostics work as usual.</span>"
            )
        self.form.data_info.value = f"<span class='iwx-muted'>{text}</span>"

    @property
    def data(self) -> tuple:
        """The data on screen: ``(X, Y, X_test, Y_test)`` in the engine's layout (features × samples)."""
        return self._dataset

    @property
    def boundary_available(self) -> bool:
        """False when the data has more than 2 features (the TrainingWidget shows a note instead of a map)."""
        return self.training_widget.setup.get("grid") is not None

    # ------------------------------------------------------------------ actions
    def apply_preset(self, key: str | Preset, train: bool = False) -> None:
        """Set every control to a preset (visible to the user) and prepare the run; train only if asked."""
        p = PRESETS[key] if isinstance(key, str) else key
        self.form.set_values(p)
        self.prepare()
        if train:
            self.train()

    def prepare(self) -> bool:
        """Reconfigure the TrainingWidget from the controls without training; False (and a message) if invalid."""
        if not self.validate():
            return False
        if not (self.form.own_data_selected()) and self._data_params != self.form.data_params():
            self._dataset = self._generate()
            self._data_params = self.form.data_params()
            self._update_data_info()
        X, Y, Xt, Yt = self._dataset
        try:
            self.training_widget.reconfigure(
                X, Y, self.initializer_specs(), X_test=Xt, Y_test=Yt, **self.train_options()
            )
        except (ValueError, TypeError) as exc:
            self.form.show_status(f"Could not train: {exc}")
            return False
        return True

    def train(self) -> bool:
        """Apply the controls and start training (returns at once); False if the controls are invalid."""
        if not self.prepare():
            return False
        self.training_widget.start()
        return True

    def wait(self, timeout: float | None = None):
        """Block until training ends and the diagnostics show the final state; returns the Histories."""
        histories = self.training_widget.wait(timeout)
        self.diagnostics.request(full=True)
        self.diagnostics.wait_idle(30 if timeout is None else timeout)
        return histories

    @property
    def history(self):
        return self.training_widget.history

    # ------------------------------------------------------------------ lecture steps
    @property
    def step(self) -> int:
        """The lecture step on screen (0-based), -1 before the first."""
        return self.steps.index

    def go_to_step(self, index: int, train: bool = True) -> None:
        """Show lecture step ``index`` (0-based): its preset, its caption, and start training."""
        self.steps.go_to(index, train)

    def next_step(self) -> None:
        self.steps.next()

    def prev_step(self) -> None:
        self.steps.prev()

    def _show_step(self, preset: Preset, train: bool) -> None:
        """A step with a why view shows it in place of the run (which is set up, not trained: nothing computes
        behind the picture the room looks at); the other steps show the run and no why view."""
        self.apply_preset(preset, train=train and not preset.why)
        if preset.why:
            self.why.show(preset.why)
            self.add_class(WHY_IN_PLACE_CLASS)
        else:
            self.remove_class(WHY_IN_PLACE_CLASS)
            self.why.clear()

    def close(self) -> None:
        """Stop training and close every widget of the dashboard (the kernel keeps none of them)."""
        if self.comm is None:  # closed already (garbage collection calls close() again)
            return
        if hasattr(self, "training_widget"):  # else a failed constructor has closed what it made
            self.training_widget.stop()
            self.diagnostics.wait_idle(10)  # a render under way may still create marks
            self.diagnostics.close()
            self.why.close()
            close_tree(
                *vars(self).values(),
                *vars(self.form).values(),
                *vars(self.steps).values(),
                *vars(self.diagnostics).values(),
            )
        super().close()


__all__: Sequence[str] = ("Explorer", "parse_hidden")

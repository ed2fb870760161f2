"""Explorer: the full dashboard, controls + one TrainingWidget + bqplot diagnostics, in one box.

``Explorer()`` starts on the course setup; change a control, press Train, scrub the timeline and
read what each initializer does layer by layer. ``Explorer.from_arrays(X, Y)`` brings your own
data (any number of features). ``Explorer(lecture=True)`` adds large fonts, a full-screen button
and a step-by-step sequence driven by Next/Prev or PageDown/PageUp.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import fields, replace
from typing import Any, Sequence

import ipywidgets as W

from ..charts.diagnostics_panel import DiagnosticsPanel
from .controls import NumberField, check_controls, parse_hidden
from ..engine import DATASETS, INITIALIZERS, load_dataset
from ..engine.initializers import DESCRIPTIONS, random_normal
from ..engine.network import ACTIVATIONS
from ..engine.validation import as_layout, positive_number
from .layout import arrange, close_tree
from .why import WhySection
from .lecture import KeyBridge
from .presets import LECTURE_STEPS, PRESETS, Preset, default_noise
from ..widget.training_widget import TrainingWidget

YOUR_DATA = "your data"
_ids = itertools.count(1)


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

    def __init__(self, X: Any = None, Y: Any = None, X_test: Any = None, Y_test: Any = None, *,
                 preset: str = "course", lecture: bool = False, font_scale: float | None = None,
                 autostart: bool = False, memory_limit: Any = None, **controls: Any):
        super().__init__()
        if not isinstance(preset, str) or preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; choose one of: {', '.join(PRESETS)}")
        allowed = {f.name for f in fields(Preset)} - {"title", "note", "why"}
        unknown = set(controls) - allowed
        if unknown:
            raise TypeError(f"unknown Explorer option(s) {sorted(unknown)}; options: {', '.join(sorted(allowed))}")
        start = replace(PRESETS[preset], **check_controls(controls))
        self.css_class = f"iwx-e{next(_ids)}"
        self.lecture = lecture
        self.memory_limit = memory_limit  # as train()'s: None is the default cap (1 GB or $INIT_WIDGET_MEMORY_LIMIT)
        self.font_scale = positive_number(font_scale if font_scale is not None else (1.5 if lecture else 1.0),
                                          "font_scale")
        self._applying = False
        self._user_data = None
        if X is not None or Y is not None:
            Xc, Yc = as_layout(X, Y)
            Xt, Yt = (None, None) if X_test is None and Y_test is None else as_layout(X_test, Y_test, what="X_test")
            self._user_data = (Xc, Yc, Xt, Yt)
        self._build_controls()
        if self._user_data:
            self._applying = True
            self.dataset.value = YOUR_DATA
            self._applying = False
        self._set_controls(start)
        data = self._user_data or self._generate()
        self._data_params = None if self._user_data else self._current_data_params()
        self._dataset = data
        try:  # e.g. a run over the memory cap: nothing of this Explorer stays in the kernel
            self.training_widget = TrainingWidget(data[0], data[1], self.initializer_specs(), X_test=data[2],
                                                  Y_test=data[3], **self.train_options(data[0].shape[0]))
        except BaseException:
            close_tree(*vars(self).values(), *(f.widget for f in self._fields(data=True, network=True)))
            super().close()
            raise
        self.training_widget.observe(self._show_run_notice, ["notice", "status", "error"])
        self.diagnostics = DiagnosticsPanel()
        self.diagnostics.attach(self.training_widget)
        self.why = WhySection(self, self.px)
        self.step = -1
        self.key_bridge = KeyBridge(target=f".{self.css_class}", enabled=lecture)
        self.key_bridge.on_action(lambda a: self.next_step() if a == "next" else self.prev_step())
        arrange(self)
        self._update_data_info()
        self.validate()
        if autostart:
            self.train()

    @classmethod
    def from_arrays(cls, X: Any, Y: Any, X_test: Any = None, Y_test: Any = None, **kwargs: Any) -> "Explorer":
        """An Explorer on your own data: X (n_features, m) or (m, n_features), Y of 0/1 labels."""
        return cls(X, Y, X_test, Y_test, **kwargs)

    # ------------------------------------------------------------------ controls
    def px(self, n: int) -> str:
        """A control size in pixels, scaled with the fonts (lecture mode)."""
        return f"{round(n * self.font_scale)}px"

    def _build_controls(self) -> None:
        short = W.Layout(width=self.px(210))
        style = {"description_width": self.px(86)}
        options = list(DATASETS) + ([YOUR_DATA] if self._user_data else [])
        self.dataset = W.Dropdown(options=options, description="dataset", layout=short, style=style)
        box = W.Layout(width=self.px(64))
        self.noise = NumberField("noise", "", self.validate, layout=box, slider=W.FloatSlider(
            min=0.0, max=0.5, step=0.01, description="noise", readout_format=".2f", continuous_update=False,
            layout=W.Layout(width=self.px(200)), style=style))
        self.n_samples = NumberField("n_samples", "samples", self.validate, layout=short, style=style)
        self.data_seed = NumberField("data_seed", "data seed", self.validate, layout=short, style=style)
        self.regenerate_button = W.Button(description="Regenerate data", icon="refresh", layout=W.Layout(width=self.px(160)),
                                          tooltip="Draw a new data set with these settings")
        self.data_info = W.HTML()

        self.init_checks = {name: W.Checkbox(description=name, indent=False, tooltip=DESCRIPTIONS.get(name, name),
                                             layout=W.Layout(width=self.px(120)))
                            for name in INITIALIZERS}
        self.random_scale = NumberField("random_scale", "", self.validate, layout=box, slider=W.FloatLogSlider(
            base=10, min=-3, max=2, step=0.05, description="random ×", readout_format=".3g", continuous_update=False,
            layout=W.Layout(width=self.px(220)), style={"description_width": self.px(70)},
            tooltip="scale of the 'random' initializer: randn × scale"))

        self.hidden = W.Text(description="hidden", placeholder="e.g. 10, 5", continuous_update=True, layout=short,
                             style=style, tooltip="hidden layer sizes, comma separated (input and output are added)")
        self.hidden.add_class("iwx-hidden")
        self.hidden_error = W.HTML(layout=W.Layout(min_height=self.px(18)))
        self.hidden_error.add_class("iwx-invalid")
        self.hidden_error.add_class("iwx-hidden-error")
        self.activation = W.Dropdown(options=list(ACTIVATIONS), description="activation", layout=short, style=style)
        self.learning_rate = NumberField("learning_rate", "", self.validate, layout=box, slider=W.FloatLogSlider(
            base=10, min=-4, max=1, step=0.1, description="learning rate", readout_format=".3g",
            continuous_update=False, layout=W.Layout(width=self.px(236)), style=style))
        self.iterations = NumberField("iterations", "iterations", self.validate, layout=short, style=style)
        self.frame_every = NumberField("frame_every", "frame every", self.validate, layout=short, style=style,
                                       tooltip="iterations between boundary frames (0: automatic, ~150 frames)")
        self.seed = NumberField("seed", "seed", self.validate, layout=short, style=style)
        self.seeds = NumberField("seeds", "seeds", self.validate, layout=short, style=style,
                                 tooltip="1: one run per initializer (seed); N: seeds 0…N-1, shown as median and band")
        self.train_button = W.Button(description="Train", icon="play", button_style="primary",
                                     layout=W.Layout(width=self.px(120)))
        self.status_line = W.HTML()
        self.run_notice = W.HTML()  # the run's own notes (divergence, thinning) or its error
        self.run_notice.add_class("iwx-notice")
        self.preset_buttons = {key: W.Button(description=p.title, tooltip=p.note, layout=W.Layout(width="auto"))
                               for key, p in PRESETS.items()}

        self.dataset.observe(self._on_dataset, "value")
        self.regenerate_button.on_click(lambda _b: self.regenerate())
        self.hidden.observe(lambda _c: self.validate(), "value")
        for cb in self.init_checks.values():
            cb.observe(lambda _c: self.validate(), "value")
        self.train_button.on_click(lambda _b: self.train())
        for key, button in self.preset_buttons.items():
            button.on_click(lambda _b, key=key: self.apply_preset(key))

    # ------------------------------------------------------------------ reading the controls
    def _set_controls(self, p: Preset) -> None:
        self._applying = True
        try:
            with self.hold_trait_notifications():
                if not (self._user_data and self.dataset.value == YOUR_DATA):
                    self.dataset.value = p.dataset
                    self.noise.value = default_noise(p.dataset) if p.noise is None else p.noise
                    self.n_samples.value = p.n_samples
                    self.data_seed.value = p.data_seed
                for name, cb in self.init_checks.items():
                    cb.value = name in p.initializers
                self.random_scale.value = p.random_scale
                self.hidden.value = ", ".join(str(h) for h in p.hidden)
                self.activation.value = p.activation
                self.learning_rate.value = p.learning_rate
                self.iterations.value = p.iterations
                self.frame_every.value = p.frame_every
                self.seed.value = p.seed
                self.seeds.value = p.seeds
        finally:
            self._applying = False
        self.validate()

    def _current_data_params(self) -> tuple:
        return (self.dataset.value, round(self.noise.value, 6), self.n_samples.value, self.data_seed.value)

    def initializer_specs(self) -> list:
        """The checked initializers as ``train`` takes them ('random' at a scale other than 10 is random_normal)."""
        specs = []
        for name, cb in self.init_checks.items():
            if not cb.value:
                continue
            if name == "random" and self.random_scale.value != 10.0:
                specs.append(random_normal(self.random_scale.value))
            else:
                specs.append(name)
        return specs

    def train_options(self, n_features: int | None = None) -> dict:
        """The TrainingWidget options the controls describe (raises ValueError when invalid)."""
        hidden = parse_hidden(self.hidden.value)
        n_x = self._dataset[0].shape[0] if n_features is None else n_features
        return {
            "layers": [n_x, *hidden, 1],
            "activation": self.activation.value,
            "learning_rate": self.learning_rate.value,
            "iterations": self.iterations.value,
            "seed": self.seed.value,
            "seeds": self.seeds.value if self.seeds.value > 1 else None,
            "frame_every": self.frame_every.value or None,
            "memory_limit": self.memory_limit,
        }

    def validate(self) -> bool:
        """Check every control; disable Train and say why when one is invalid. True when all are valid."""
        problems = []
        try:
            hidden = parse_hidden(self.hidden.value)
            self.hidden_error.value = "" if hidden else "<span class='iwx-muted'>no hidden layer: logistic regression</span>"
        except ValueError as exc:
            self.hidden_error.value = str(exc).replace("<", "&lt;")
            problems.append("fix the hidden layers")
        problems += [f"fix {f.name.replace('_', ' ')}" for f in self._fields(data=True, network=True) if f.problem]
        if not any(cb.value for cb in self.init_checks.values()):
            problems.append("pick at least one initializer")
        self.train_button.disabled = bool(problems)
        self._show_status(f"To train: {' and '.join(problems)}." if problems else "")
        return not problems

    def _fields(self, data: bool, network: bool) -> list[NumberField]:
        """The number boxes of the data section and/or of the network section (those of your own data excluded)."""
        own_data = self._user_data is not None and self.dataset.value == YOUR_DATA
        return ([] if own_data or not data else [self.noise, self.n_samples, self.data_seed]) + \
            ([self.random_scale, self.learning_rate, self.iterations, self.frame_every, self.seed, self.seeds]
             if network else [])

    def _show_status(self, message: str) -> None:
        """A red line next to Train: why it is disabled, or why the last Train failed ("" clears it)."""
        self.status_line.value = f"<span class='iwx-error'>{message.replace('<', '&lt;')}</span>" if message else ""

    def _show_run_notice(self, _change=None) -> None:
        """The run's notes (a diverged model, thinned frames) or its error, next to Train."""
        tw = self.training_widget
        error = tw.status == "error"
        text = tw.error if error else tw.notice
        look = "class='iwx-error'" if error else "style='color: var(--jp-warn-color0, #e65100)'"
        self.run_notice.value = f"<span {look}>{html.escape(text)}</span>" if text else ""

    # ------------------------------------------------------------------ data
    def _generate(self) -> tuple:
        return load_dataset(self.dataset.value, n_samples=self.n_samples.value, noise=float(self.noise.value),
                            seed=self.data_seed.value)

    def _on_dataset(self, change) -> None:
        user = change["new"] == YOUR_DATA
        for w in (self.noise, self.n_samples, self.data_seed, self.regenerate_button):
            w.disabled = user
        if self._applying:
            return
        if not user:
            self.noise.value = default_noise(change["new"])
        self.regenerate()

    def regenerate(self) -> bool:
        """Draw the data the data controls describe and show it (the run resets, untrained); False if invalid."""
        invalid = [f.name.replace("_", " ") for f in self._fields(data=True, network=False) if f.problem]
        if invalid:
            self._show_status(f"To draw data: fix {' and '.join(invalid)}.")
            return False
        if self._user_data and self.dataset.value == YOUR_DATA:
            data = self._user_data
            self._data_params = None
        else:
            data = self._generate()
            self._data_params = self._current_data_params()
        self._dataset = data
        self._update_data_info()
        try:
            self.training_widget.reconfigure(data[0], data[1], X_test=data[2], Y_test=data[3],
                                             layers=self._layers_for(data[0].shape[0]))
        except (ValueError, TypeError) as exc:  # e.g. more samples push the run over the memory cap
            self._show_status(f"Could not set up the run: {exc}")
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
            text += ("<br><span class='iwx-note'>The decision boundary needs 2-D inputs, so the boundary panels show "
                     "a note; cost, accuracy and diagnostics work as usual.</span>")
        self.data_info.value = f"<span class='iwx-muted'>{text}</span>"

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
        self._set_controls(p)
        self.prepare()
        if train:
            self.train()

    def prepare(self) -> bool:
        """Reconfigure the TrainingWidget from the controls without training; False (and a message) if invalid."""
        if not self.validate():
            return False
        if not (self._user_data and self.dataset.value == YOUR_DATA) and self._data_params != self._current_data_params():
            self._dataset = self._generate()
            self._data_params = self._current_data_params()
            self._update_data_info()
        X, Y, Xt, Yt = self._dataset
        try:
            self.training_widget.reconfigure(X, Y, self.initializer_specs(), X_test=Xt, Y_test=Yt,
                                             **self.train_options())
        except (ValueError, TypeError) as exc:
            self._show_status(f"Could not train: {exc}")
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
    def go_to_step(self, index: int, train: bool = True) -> None:
        """Show lecture step ``index`` (0-based): its preset, its caption, and start training."""
        index = max(0, min(index, len(LECTURE_STEPS) - 1))
        preset, text = LECTURE_STEPS[index]
        self.step = index
        self.step_caption.value = (f"<b>{preset.title}</b> <span class='iwx-muted'>({index + 1}/{len(LECTURE_STEPS)})"
                                   f"</span><br>{text}")
        self.prev_button.disabled = index == 0
        self.next_button.disabled = index == len(LECTURE_STEPS) - 1
        self.apply_preset(preset, train=train)
        if preset.why:
            self.why.show(preset.why)
        else:
            self.why.clear()

    def next_step(self) -> None:
        if self.step < len(LECTURE_STEPS) - 1:
            self.go_to_step(self.step + 1)

    def prev_step(self) -> None:
        if self.step > 0:
            self.go_to_step(self.step - 1)

    def close(self) -> None:
        """Stop training and close every widget of the dashboard (the kernel keeps none of them)."""
        if self.comm is None:  # closed already (garbage collection calls close() again)
            return
        if hasattr(self, "training_widget"):  # else a failed constructor has closed what it made
            self.training_widget.stop()
            self.diagnostics.wait_idle(10)  # a render under way may still create marks
            self.diagnostics.close()
            self.why.close()
            close_tree(*vars(self).values(), *vars(self.diagnostics).values())
        super().close()


__all__: Sequence[str] = ("Explorer", "parse_hidden")

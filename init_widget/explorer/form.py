"""The Explorer's controls as one form: its widgets, a preset shown in them, and what they describe.

The form reads itself as ``train()`` options and validates itself (Train disabled, the reason beside it);
what happens on Train, Regenerate or a preset is the Explorer's: it wires those buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as W

from ..engine import DATASETS, INITIALIZERS
from ..engine.initializers import DESCRIPTIONS, random_normal
from ..engine.network import ACTIVATIONS
from .controls import NumberField, parse_hidden
from .presets import PRESETS, Preset, default_noise

YOUR_DATA = "your data"


class ControlForm:
    """Every control of the Explorer; ``memory_limit`` rides along into the options, as ``train``'s."""

    def __init__(self, px: Callable[[int], str], own_data: bool, memory_limit: Any = None):
        self.px = px
        self.has_own_data = own_data
        self.memory_limit = memory_limit
        self.applying = False  # True while a preset is shown: the Explorer ignores the changes it makes
        self._data_controls(own_data)
        self._network_controls()
        self.dataset.observe(self._lock_data_controls, "value")
        self.hidden.observe(lambda _c: self.validate(), "value")
        for cb in self.init_checks.values():
            cb.observe(lambda _c: self.validate(), "value")

    def _data_controls(self, own_data: bool) -> None:
        short = W.Layout(width=self.px(210))
        style = {"description_width": self.px(86)}
        box = W.Layout(width=self.px(64))
        options = list(DATASETS) + ([YOUR_DATA] if own_data else [])
        self.dataset = W.Dropdown(options=options, description="dataset", layout=short, style=style)
        self.noise = NumberField(
            "noise",
            "",
            self.validate,
            layout=box,
            slider=W.FloatSlider(
                min=0.0,
                max=0.5,
                step=0.01,
                description="noise",
                readout_format=".2f",
                continuous_update=False,
                layout=W.Layout(width=self.px(200)),
                style=style,
            ),
        )
        self.n_samples = NumberField("n_samples", "samples", self.validate, layout=short, style=style)
        self.data_seed = NumberField("data_seed", "data seed", self.validate, layout=short, style=style)
        self.regenerate_button = W.Button(
            description="Regenerate data",
            icon="refresh",
            layout=W.Layout(width=self.px(160)),
            tooltip="Draw a new data set with these settings",
        )
        self.data_info = W.HTML()

        self.init_checks = {
            name: W.Checkbox(
                description=name,
                indent=False,
                tooltip=DESCRIPTIONS.get(name, name),
                layout=W.Layout(width=self.px(120)),
            )
            for name in INITIALIZERS
        }
        self.random_scale = NumberField(
            "random_scale",
            "",
            self.validate,
            layout=box,
            slider=W.FloatLogSlider(
                base=10,
                min=-3,
                max=2,
                step=0.05,
                description="random ×",
                readout_format=".3g",
                continuous_update=False,
                layout=W.Layout(width=self.px(220)),
                style={"description_width": self.px(70)},
                tooltip="scale of the 'random' initializer: randn × scale",
            ),
        )

    def _network_controls(self) -> None:
        short = W.Layout(width=self.px(210))
        style = {"description_width": self.px(86)}
        box = W.Layout(width=self.px(64))
        self.hidden = W.Text(
            description="hidden",
            placeholder="e.g. 10, 5",
            continuous_update=True,
            layout=short,
            style=style,
            tooltip="hidden layer sizes, comma separated (input and output are added)",
        )
        self.hidden.add_class("iwx-hidden")
        self.hidden_error = W.HTML(layout=W.Layout(min_height=self.px(18)))
        self.hidden_error.add_class("iwx-invalid")
        self.hidden_error.add_class("iwx-hidden-error")
        self.activation = W.Dropdown(options=list(ACTIVATIONS), description="activation", layout=short, style=style)
        self.learning_rate = NumberField(
            "learning_rate",
            "",
            self.validate,
            layout=box,
            slider=W.FloatLogSlider(
                base=10,
                min=-4,
                max=1,
                step=0.1,
                description="learning rate",
                readout_format=".3g",
                continuous_update=False,
                layout=W.Layout(width=self.px(236)),
                style=style,
            ),
        )
        self.iterations = NumberField("iterations", "iterations", self.validate, layout=short, style=style)
        self.frame_every = NumberField(
            "frame_every",
            "frame every",
            self.validate,
            layout=short,
            style=style,
            tooltip="iterations between boundary frames (0: automatic, ~150 frames)",
        )
        self.seed = NumberField("seed", "seed", self.validate, layout=short, style=style)
        self.seeds = NumberField(
            "seeds",
            "seeds",
            self.validate,
            layout=short,
            style=style,
            tooltip="1: one run per initializer (seed); N: seeds 0…N-1, shown as median and band",
        )
        self._action_controls()

    def _action_controls(self) -> None:
        """Train with its status line and the run's notes beside it, and a button per preset."""
        self.train_button = W.Button(
            description="Train", icon="play", button_style="primary", layout=W.Layout(width=self.px(120))
        )
        self.status_line = W.HTML()
        self.run_notice = W.HTML()  # the run's own notes (divergence, thinning) or its error
        self.run_notice.add_class("iwx-notice")
        self.preset_buttons = {
            key: W.Button(description=p.title, tooltip=p.note, layout=W.Layout(width="auto"))
            for key, p in PRESETS.items()
        }

    def _lock_data_controls(self, change: dict) -> None:
        """Your own data has no noise, size or seed to set: those controls and Regenerate grey out."""
        for w in (self.noise, self.n_samples, self.data_seed, self.regenerate_button):
            w.disabled = change["new"] == YOUR_DATA

    def own_data_selected(self) -> bool:
        """True when the dataset control shows the arrays the Explorer was given."""
        return self.has_own_data and self.dataset.value == YOUR_DATA

    def set_values(self, p: Preset) -> None:
        """Show a preset's values in every control (your own data stays selected), then validate."""
        self.applying = True
        try:
            if not self.own_data_selected():
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
            self.applying = False
        self.validate()

    def data_params(self) -> tuple:
        """What the data controls describe: a new value means new data must be drawn."""
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

    def train_options(self, n_features: int) -> dict:
        """The TrainingWidget options the controls describe (raises ValueError when invalid)."""
        hidden = parse_hidden(self.hidden.value)
        return {
            "layers": [n_features, *hidden, 1],
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
            self.hidden_error.value = (
                "" if hidden else "<span class='iwx-muted'>no hidden layer: logistic regression</span>"
            )
        except ValueError as exc:
            self.hidden_error.value = str(exc).replace("<", "&lt;")
            problems.append("fix the hidden layers")
        problems += [f"fix {f.name.replace('_', ' ')}" for f in self.fields(data=True, network=True) if f.problem]
        if not any(cb.value for cb in self.init_checks.values()):
            problems.append("pick at least one initializer")
        self.train_button.disabled = bool(problems)
        self.show_status(f"To train: {' and '.join(problems)}." if problems else "")
        return not problems

    def fields(self, data: bool, network: bool) -> list[NumberField]:
        """The number boxes of the data section and/or of the network section (those of your own data excluded)."""
        own_data = self.own_data_selected()
        return ([] if own_data or not data else [self.noise, self.n_samples, self.data_seed]) + (
            [self.random_scale, self.learning_rate, self.iterations, self.frame_every, self.seed, self.seeds]
            if network
            else []
        )

    def show_status(self, message: str) -> None:
        """A red line next to Train: why it is disabled, or why the last Train failed ("" clears it)."""
        self.status_line.value = f"<span class='iwx-error'>{message.replace('<', '&lt;')}</span>" if message else ""

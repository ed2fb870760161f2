"""The Explorer's control values: what each option allows, checks that say what is wrong, and number fields.

An Explorer never changes what the user gave it. Keyword arguments out of range raise a
ValueError/TypeError naming the option and its range (as ``train()`` does); a value typed into a
control stays as typed and its reason shows under it (Train refuses until fixed). ipywidgets'
bounded widgets (BoundedIntText, a slider's editable readout) clamp what is typed without a word,
so numbers are plain text boxes checked here; a slider, where there is one, only writes into its box.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import ipywidgets as W
import numpy as np

from ..engine import DATASETS, INITIALIZERS
from ..engine.network import ACTIVATIONS
from ..engine.validation import choice

MAX_HIDDEN_LAYERS = 30
MAX_UNITS = 1000


@dataclass(frozen=True)
class Range:
    """Allowed values of one numeric option, inclusive; ``whole`` for counts and seeds."""

    lo: float
    hi: float
    whole: bool

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {_fmt(self.lo)} to {_fmt(self.hi)}"


RANGES: dict[str, Range] = {
    "noise": Range(0.0, 0.5, False),
    "n_samples": Range(4, 5000, True),
    "data_seed": Range(0, 2**32 - 2, True),  # the test set uses data_seed + 1
    "random_scale": Range(1e-3, 100.0, False),
    "learning_rate": Range(1e-4, 10.0, False),
    "iterations": Range(1, 1_000_000, True),
    "frame_every": Range(0, 100_000, True),  # 0: automatic (about 150 frames)
    "seed": Range(0, 2**32 - 1, True),
    "seeds": Range(1, 50, True),  # 1: only `seed`; N: seeds 0…N-1 (each a model per initializer)
}


def _fmt(x: float) -> str:
    """A number as a person would type it: 15000 → '15,000', 0.01 → '0.01', 1e-4 → '0.0001'."""
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:.6g}"


def check_number(name: str, value: Any) -> int | float:
    """``value`` for option ``name`` if it is in range; else a TypeError/ValueError naming the option and its range."""
    r = RANGES[name]
    if isinstance(value, bool) or not isinstance(value, Integral if r.whole else Real):
        raise TypeError(f"{name} must be {r.describe()}; got {value!r} ({type(value).__name__})")
    if not r.lo <= value <= r.hi:  # NaN fails this too
        raise ValueError(f"{name} must be {r.describe()} in the Explorer; got {value!r}")
    return int(value) if r.whole else float(value)


def parse_number(name: str, text: str) -> int | float:
    """What is typed in option ``name``'s box, as a number (ValueError saying what is allowed otherwise)."""
    r = RANGES[name]
    cleaned = text.strip().replace("_", "")
    if r.whole:
        cleaned = cleaned.replace(",", "")
    if r.whole and re.fullmatch(r"[+-]?\d{1,30}", cleaned):
        number: float = int(cleaned)
    else:
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError(f"'{text}' is not a number: type {r.describe()}") from None
        if r.whole and np.isfinite(number) and not number.is_integer():
            raise ValueError(f"'{text}' is not a whole number: type {r.describe()}")
    if not r.lo <= number <= r.hi:  # NaN and ±inf fail this too
        raise ValueError(f"'{text}' is out of range: type {r.describe()}")
    return int(number) if r.whole else number


def parse_hidden(text: str) -> tuple[int, ...]:
    """'10, 5' → (10, 5); '' → () (no hidden layer). Raises ValueError saying what is wrong."""
    parts = [p for p in re.split(r"[,\s;]+", text.strip().strip("[]()")) if p]
    for p in parts:
        if not re.fullmatch(r"\d+", p) or not p.strip("0"):
            raise ValueError(f"'{text}': layer sizes must be whole numbers ≥ 1")
        if len(p.lstrip("0")) > len(str(MAX_UNITS)):
            raise ValueError(f"'{text}': at most {MAX_UNITS} units per layer")
    return check_hidden(tuple(int(p) for p in parts), what=f"'{text}'")


def check_hidden(sizes: Any, what: str = "hidden") -> tuple[int, ...]:
    """Hidden layer sizes within the Explorer's limits (input and output layers are added by the Explorer)."""
    if isinstance(sizes, str):
        return parse_hidden(sizes)
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(f"{what} must be a list of hidden layer sizes such as [10, 5]; got {sizes!r}") from None
    if any(isinstance(s, bool) or not isinstance(s, Integral) for s in sizes):
        raise TypeError(f"{what}: layer sizes must be whole numbers ≥ 1; got {list(sizes)!r}")
    if any(s < 1 for s in sizes):
        raise ValueError(f"{what}: layer sizes must be whole numbers ≥ 1; got {list(sizes)}")
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"{what}: at most {MAX_HIDDEN_LAYERS} hidden layers")
    if any(s > MAX_UNITS for s in sizes):
        raise ValueError(f"{what}: at most {MAX_UNITS} units per layer")
    return tuple(int(s) for s in sizes)


def check_initializers(names: Any) -> tuple[str, ...]:
    """Names of registered initializers, each once (the Explorer shows one checkbox per name)."""
    if isinstance(names, str):
        names = (names,)
    try:
        names = tuple(names)
    except TypeError:
        raise TypeError(f"initializers must be a list of initializer names; got {names!r}") from None
    for n in names:
        if not isinstance(n, str):
            raise TypeError(
                f"initializers are names in the Explorer (one of: {', '.join(INITIALIZERS)}); got {n!r}; "
                "register_initializer(name, fn) adds your own"
            )
        if n not in INITIALIZERS:
            raise ValueError(f"unknown initializer {n!r} in initializers; choose from: {', '.join(INITIALIZERS)}")
    if not names:
        raise ValueError(f"initializers is empty; pick at least one of: {', '.join(INITIALIZERS)}")
    if len(set(names)) != len(names):
        raise ValueError(f"initializers lists a name twice: {list(names)}; each is one checkbox")
    return names


def check_controls(controls: dict[str, Any]) -> dict[str, Any]:
    """The Explorer's keyword arguments, checked: each one in range or a ValueError/TypeError naming it."""
    out: dict[str, Any] = {}
    for name, value in controls.items():
        if name == "noise" and value is None:
            out[name] = None  # the dataset's default
        elif name in RANGES:
            out[name] = check_number(name, 0 if name == "frame_every" and value is None else value)
        elif name == "initializers":
            out[name] = check_initializers(value)
        elif name == "hidden":
            out[name] = check_hidden(value)
        elif name == "activation":
            out[name] = choice(value, ACTIVATIONS, "activation")
        elif name == "dataset":
            out[name] = choice(value, DATASETS, "dataset")
        else:
            raise TypeError(f"unknown Explorer option {name!r}")
    return out


class NumberField:
    """A text box for one numeric option (with an optional slider writing into it) and its reason when invalid.

    ``value`` reads the typed number (ValueError when invalid) and sets a checked one; ``problem`` is
    "" or why the text is not accepted; ``widget`` is what goes into the layout.
    """

    def __init__(
        self,
        name: str,
        description: str,
        on_change: Callable[[], None],
        *,
        layout: W.Layout,
        style: dict | None = None,
        tooltip: str = "",
        slider: W.FloatSlider | W.FloatLogSlider | None = None,
    ):
        self.name = name
        self.range = RANGES[name]
        self.text = W.Text(
            description=description,
            continuous_update=True,
            layout=layout,
            style=style or {},
            tooltip=tooltip or self.range.describe(),
        )
        self.text.add_class(f"iwx-field-{name.replace('_', '-')}")
        self.error = W.HTML(layout=W.Layout(display="none"))
        self.error.add_class("iwx-invalid")
        self.slider = slider
        self._syncing = False
        self._on_change = on_change
        row = self.text if slider is None else W.HBox([slider, self.text], layout=W.Layout(align_items="center"))
        self.widget = W.VBox([row, self.error])
        self.text.observe(self._on_text, "value")
        if slider is not None:
            slider.readout = False  # its readout is editable and clamps what is typed: the box shows the value
            slider.observe(self._on_slider, "value")

    @property
    def value(self) -> int | float:
        return parse_number(self.name, self.text.value)

    @value.setter
    def value(self, number: int | float) -> None:
        number = check_number(self.name, number)
        self.text.value = repr(number)  # the shortest text that reads back as exactly this number

    @property
    def problem(self) -> str:
        try:
            _ = self.value  # reading the typed text raises the reason it is invalid
        except ValueError as exc:
            return str(exc)
        return ""

    @property
    def disabled(self) -> bool:
        return self.text.disabled

    @disabled.setter
    def disabled(self, flag: bool) -> None:
        self.text.disabled = flag
        if self.slider is not None:
            self.slider.disabled = flag

    def _on_text(self, _change=None) -> None:
        problem = self.problem
        self.error.value = problem.replace("<", "&lt;")
        self.error.layout.display = "" if problem else "none"
        if not problem and self.slider is not None and not self._syncing:
            self._syncing = True
            try:
                self.slider.value = self.value
            finally:
                self._syncing = False
        self._on_change()

    def _on_slider(self, change) -> None:
        if not self._syncing:
            self._syncing = True
            try:
                self.text.value = f"{change['new']:{self.slider.readout_format}}"
            finally:
                self._syncing = False

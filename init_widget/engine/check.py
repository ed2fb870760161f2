"""Check a student's initializer: shapes, biases, which scale rule it follows, and the usual mistakes.

The check knows the seed, so it knows the random numbers the function drew: a course-style function
calls ``np.random.seed(seed)`` once and ``randn`` once per layer, in order (an ``f(shape, rng)`` gets
a ``RandomState(seed)`` and the same draws). Dividing each weight matrix by those draws gives its
scale factor exactly, with no sampling noise even for a layer of 5 weights, and the factor is
compared with every rule and every typical mistake. When the weights are not a scaled draw of that
stream (another distribution, another order), the measured std is compared instead, approximately.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .initializers import _draw_all, _global_random_state_kept, _is_course_style, initial_parameters, initializer_name
from .validation import seed_value

RTOL = 1e-9  # an exact factor agrees with a rule's value to rounding


def rules(n_prev: int, n: int) -> dict[str, tuple[float, str]]:
    """Every scale the check recognises for a layer: name -> (value, formula). Rules first, then mistakes."""
    return {
        "He": (np.sqrt(2.0 / n_prev), f"√(2/{n_prev})"),
        "Xavier": (np.sqrt(1.0 / n_prev), f"√(1/{n_prev})"),
        "Glorot": (np.sqrt(2.0 / (n_prev + n)), f"√(2/({n_prev}+{n}))"),
        "×10": (10.0, "10"),
        "×0.01": (0.01, "0.01"),
        "He with layers_dims[l]": (np.sqrt(2.0 / n), f"√(2/{n})"),
        "Xavier with layers_dims[l]": (np.sqrt(1.0 / n), f"√(1/{n})"),
        "He without np.sqrt": (2.0 / n_prev, f"2/{n_prev}"),
        "Xavier without np.sqrt": (1.0 / n_prev, f"1/{n_prev}"),
        "×1 (plain randn)": (1.0, "1"),
    }


MISTAKES = {
    "He with layers_dims[l]": "uses layers_dims[l] (this layer's size) where He needs layers_dims[l-1] (the previous layer's)",
    "Xavier with layers_dims[l]": "uses layers_dims[l] (this layer's size) where it needs layers_dims[l-1]",
    "He without np.sqrt": "multiplies by 2/n_prev: the np.sqrt is missing",
    "Xavier without np.sqrt": "multiplies by 1/n_prev: the np.sqrt is missing",
}


@dataclass
class LayerCheck:
    """What the check found in one layer."""

    layer: int
    shape: tuple | None
    expected_shape: tuple[int, int]
    bias_shape: tuple | None
    bias_zero: bool
    std: float  # measured root mean square of the weights
    factor: float | None  # the exact scale factor, when the weights are a scaled draw of the seed's stream
    distribution: str  # "randn", "rand (uniform on [0, 1))", "randn, seed restarted", or "unknown"
    matches: list[str]  # every rule (or mistake) the exact factor equals; empty when only approximate
    expected: dict[str, float] = field(default_factory=dict)  # every rule's value for this layer
    rule: str | None = None  # the rule named for this layer: the whole function's if it fits, else the nearest

    @property
    def shape_ok(self) -> bool:
        return self.shape == self.expected_shape and self.bias_shape == (self.expected_shape[0], 1)


@dataclass
class InitCheck:
    """The whole verdict: per-layer findings, the rule followed, the mistakes, and plain words."""

    name: str
    layers_dims: list[int]
    seed: int
    layers: list[LayerCheck]
    rule: str | None  # the rule every layer follows, if one does
    matches_course_he: bool  # equals the course's initialize_parameters_he for this seed (to 1e-12)
    mistakes: list[str]
    lines: list[str]  # plain words, one finding per line
    error: str | None = None  # the function raised or returned something unusable

    @property
    def ok(self) -> bool:
        return self.error is None and not self.mistakes

    @property
    def verdict(self) -> str:
        """One line for a panel or a caption."""
        if self.error:
            return f"{self.name}: {self.error}"
        if self.matches_course_he:
            return f"{self.name}: correct He initialization (matches the course's values for seed {self.seed})"
        if self.mistakes:
            return f"{self.name}: {self.mistakes[0]}" + (f" (+{len(self.mistakes) - 1} more)" if len(self.mistakes) > 1 else "")
        exact = all(c.factor is not None for c in self.layers)
        return f"{self.name}: follows {self.rule or 'no single known rule'}" + (
            "" if exact or self.rule is None else " approximately (judged from the weights' spread: not a scaled randn draw)")

    def __str__(self) -> str:
        return "\n".join([self.verdict, *self.lines])


def check_initializer(fn: Callable, layers: Sequence[int] = (2, 10, 5, 1), seed: int = 3) -> InitCheck:
    """Check ``initialize_parameters_x(layers_dims)`` (course style) or ``f(shape, rng)`` layer by layer.

    Returns an InitCheck: ``str(result)`` says it in plain words, ``result.layers`` holds the data.
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function, initialize_parameters_x(layers_dims) or f(shape, rng); got {type(fn).__name__}")
    layers = [int(n) for n in layers]
    if len(layers) < 2 or any(n < 1 for n in layers):
        raise ValueError(f"layers must be at least two positive sizes, e.g. [2, 10, 5, 1]; got {layers}")
    seed = seed_value(seed)
    name = initializer_name(fn)
    try:
        params = _raw_parameters(fn, layers, seed)
    except Exception as exc:  # the student's code failing is a finding, not a crash of the check
        return InitCheck(name, layers, seed, [], None, False, [], [], error=f"raised {type(exc).__name__}: {exc}")
    found = _layer_checks(params, layers, seed)
    return _summary(name, layers, seed, params, found)


def _raw_parameters(fn: Callable, layers: list[int], seed: int) -> dict[str, Any]:
    if not _is_course_style(fn):
        return _draw_all(fn, layers, seed)
    with _global_random_state_kept(seed):
        params = fn(list(layers))
    if not isinstance(params, dict):
        raise TypeError(f"returned a {type(params).__name__}, not a dict like {{'W1': ..., 'b1': ...}}")
    return params


def _layer_checks(params: dict[str, Any], layers: list[int], seed: int) -> list[LayerCheck]:
    normal, uniform = np.random.RandomState(seed), np.random.RandomState(seed)
    out = []
    for l in range(1, len(layers)):
        shape = (layers[l], layers[l - 1])
        z, u = normal.randn(*shape), uniform.rand(*shape)  # what this layer would draw, both ways
        restart = np.random.RandomState(seed).randn(*shape)
        W, b = _array(params.get(f"W{l}")), _array(params.get(f"b{l}"))
        values = {k: v for k, (v, _) in rules(layers[l - 1], layers[l]).items()}
        std = float(np.sqrt(np.mean(W * W))) if W is not None and W.size else float("nan")
        factor, distribution = None, "unknown"
        if W is not None and W.size == z.size:
            for draws, kind in ((z, "randn"), (u, "rand (uniform on [0, 1))"), (restart, "randn, seed restarted")):
                factor = _exact_factor(W, draws)
                if factor is not None:
                    distribution = kind if (kind != "randn, seed restarted" or l > 1) else "randn"
                    break
        matches = [] if factor is None else [k for k, v in values.items() if np.isclose(abs(factor), v, rtol=RTOL, atol=0)]
        out.append(LayerCheck(l, None if W is None else W.shape, shape, None if b is None else b.shape,
                              b is not None and b.size > 0 and bool(np.all(b == 0)), std, factor, distribution,
                              matches, values))
    return out


def _array(value: Any) -> np.ndarray | None:
    if value is None:
        return None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr if np.all(np.isfinite(arr)) else None


def _exact_factor(W: np.ndarray, draws: np.ndarray) -> float | None:
    """c when W (in either orientation's flattening) is exactly c × draws, else None."""
    d = draws.ravel()
    for w in (W.ravel(), W.T.ravel()):
        big = np.abs(d) > 1e-3
        if not np.any(big):
            continue
        c = float(np.median(w[big] / d[big]))
        if c != 0 and np.allclose(w, c * d, rtol=RTOL, atol=0):
            return c
    return None


def _function_rule(found: list[LayerCheck]) -> str | None:
    """The rule every layer follows: exactly (one rule in every layer's matches), or else the rule whose
    scale is nearest the measured stds overall (weighted by each layer's number of weights), if near."""
    if found and all(c.matches for c in found):
        common = [k for k in found[0].matches if all(k in c.matches for c in found)]
        return common[0] if common else None
    usable = [c for c in found if c.shape is not None and np.isfinite(c.std) and c.std > 0]
    if not usable or len(usable) < len(found):
        return None
    error = lambda k: sum(np.prod(c.shape) * np.log(c.std / c.expected[k]) ** 2 for c in usable)  # noqa: E731
    weights = sum(np.prod(c.shape) for c in usable)
    best = min(usable[0].expected, key=error)
    return best if np.sqrt(error(best) / weights) < np.log(1.3) else None


def _layer_rule(c: LayerCheck, overall: str | None) -> str | None:
    if c.matches:
        return overall if overall in c.matches else c.matches[0]
    if c.shape is None or not np.isfinite(c.std) or c.std == 0:
        return None
    if overall is not None and abs(np.log(c.std / c.expected[overall])) < np.log(1.5):
        return overall  # within sampling noise of the whole function's rule
    return min(c.expected, key=lambda k: abs(np.log(c.std / c.expected[k])))  # the nearest, said as "about"


def _summary(name: str, layers: list[int], seed: int, params: dict, found: list[LayerCheck]) -> InitCheck:
    rule = _function_rule(found)
    for c in found:
        c.rule = _layer_rule(c, rule)
    lines, mistakes = [_layer_line(c) for c in found], []
    if any(not c.shape_ok for c in found):
        mistakes.append("some shapes are wrong: W[l] must be (layers_dims[l], layers_dims[l-1]) and b[l] (layers_dims[l], 1)")
    if any(not c.bias_zero for c in found):
        mistakes.append("biases are not zero: the course starts them at np.zeros((layers_dims[l], 1))")
    if any(c.distribution.startswith("rand (") for c in found):
        mistakes.append("draws with np.random.rand (uniform on [0, 1), all weights positive) instead of np.random.randn")
    if any(c.distribution == "randn, seed restarted" for c in found):
        mistakes.append("calls np.random.seed inside the loop: every layer restarts the same random numbers")
    for rule_name, words in MISTAKES.items():
        if any(c.rule == rule_name and c.matches for c in found):  # exact findings only, never a guess
            mistakes.append(words)
    reference = initial_parameters("he", layers, seed)
    matches = all(
        (W := _array(params.get(k))) is not None and W.shape == v.shape and np.allclose(W, v, rtol=1e-12, atol=0)
        for k, v in reference.items())
    lines.append(f"matches the course's He values for seed {seed}: " + ("yes" if matches else "no"))
    return InitCheck(name, layers, seed, found, rule, matches, mistakes, lines)


def _layer_line(c: LayerCheck) -> str:
    n_prev, n = c.expected_shape[1], c.expected_shape[0]
    formulas = rules(n_prev, n)
    parts = [f"layer {c.layer}:"]
    if c.shape is None:
        return f"layer {c.layer}: no usable W{c.layer} (missing, not numbers, or not finite)"
    if c.shape != c.expected_shape:
        parts.append(f"W{c.layer} has shape {c.shape}, expected {c.expected_shape};")
    if c.bias_shape != (n, 1):
        parts.append(f"b{c.layer} has shape {c.bias_shape}, expected {(n, 1)};")
    elif not c.bias_zero:
        parts.append("biases not zero;")
    how = "exactly" if c.factor is not None else "about"
    scale = abs(c.factor) if c.factor is not None else c.std
    if c.distribution.startswith("rand ("):
        parts.append(f"np.random.rand × {scale:.3g} (all weights ≥ 0, std {c.std:.2g});")
    elif c.rule is not None:
        value, formula = formulas[c.rule]
        if c.factor is None:
            parts.append(f"std about {scale:.3g} (≈ {c.rule}: {formula} = {value:.3g})")
        else:
            parts.append(f"std exactly {scale:.3g} = {formula}: that is {c.rule}'s scale" if c.rule in ("He", "Xavier", "Glorot")
                         else f"std exactly {scale:.3g} = {formula}: {c.rule}")
    else:
        parts.append(f"std {how} {scale:.3g}: no rule the check knows")
    if c.rule != "He":
        parts.append(f"; He expects {formulas['He'][1]} = {formulas['He'][0]:.3g}")
    if c.distribution == "randn, seed restarted":
        parts.append("; the same random numbers as layer 1 (seed reset inside the loop)")
    return " ".join(parts).replace(" ;", ";").rstrip(";")

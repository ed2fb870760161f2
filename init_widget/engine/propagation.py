"""Signal propagation at initialization: how activations and gradients grow or die layer by layer.

One forward and one backward pass, no training. Each layer l computes z = W a + 0 and applies the
hidden activation (the course's sigmoid output is left out: this is about the hidden signal).
The backward pass sends a unit-variance random signal down from the top layer, as a loss would,
and records the gradient with respect to each layer's pre-activation, dL/dz.

The theory beside each measured curve is the variance recursion behind He and Xavier (mean-field
theory, z taken Gaussian): Var(z_l) = n_{l-1} σ_l² E[a_{l-1}²], with E[a²] = Var(z)/2 for ReLU (so
He's σ² = 2/n keeps it and Xavier's 1/n halves it at every layer), and backwards
Var(dz_{l-1}) = n_l σ_l² E[f'(z_{l-1})²] Var(dz_l); the expectations over z ~ N(0, Var(z)) are
computed by quadrature, so tanh's saturation is in the theory too. σ_l² is the drawn weights' mean
square, so every rule, a student's included, gets its theory curve.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .activations import activate
from .budget import human_bytes
from .budget import memory_limit as parse_limit
from .ensemble import unique_names
from .initializers import Batch, InitializerSpec, initial_parameters, initializer_name, resolve
from .network import ACTIVATIONS, LEAKY_SLOPE
from .validation import (
    MAX_LAYER_SIZE,
    bounded_list,
    choice,
    numeric_array,
    positive_number,
    seed_value,
    short_repr,
    whole_number,
)

DEFAULT_INITIALIZERS = ("he", "xavier", "small", "random")
MAX_DEPTH = 10_000  # layers; a longer (or endless) layers= is refused before it is materialised
_FEATURE_GRID = np.linspace(-30.0, 30.0, 801)  # z where tanh and sigmoid change


@dataclass
class Propagation:
    """Per-initializer standard deviations at every layer (1-D arrays of length len(layers) - 1)."""

    layers: list[int]
    activation: str
    gain: float
    activation_std: dict[str, np.ndarray]
    gradient_std: dict[str, np.ndarray]
    theory_activation_std: dict[str, np.ndarray]
    theory_gradient_std: dict[str, np.ndarray]
    weights: dict[str, list[np.ndarray]]
    X: np.ndarray
    top: np.ndarray

    def rescaled(self, gain: float) -> Propagation:
        """The same weights × gain (no new draw): what a scale slider shows.

        relu and leaky relu are positively homogeneous, so layer l's activations scale by exactly
        r^(l+1) and its gradients by r^(L-1-l) (r the gain's ratio): no pass needed. Others recompute."""
        gain = positive_number(gain, "gain")
        if self.activation not in ("relu", "leaky_relu"):
            return _propagate(self.layers, self.activation, gain, self.weights, self.X, self.top)
        L = len(self.layers) - 1
        up, down = (gain / self.gain) ** np.arange(1, L + 1), (gain / self.gain) ** np.arange(L - 1, -1, -1)
        scaled = lambda d, r: {k: v * r for k, v in d.items()}  # noqa: E731
        return Propagation(
            self.layers,
            self.activation,
            gain,
            scaled(self.activation_std, up),
            scaled(self.gradient_std, down),
            scaled(self.theory_activation_std, up),
            scaled(self.theory_gradient_std, down),
            self.weights,
            self.X,
            self.top,
        )


def signal_propagation(
    layers: Sequence[int] | None = None,
    activation: str = "relu",
    initializers: Sequence[InitializerSpec] | InitializerSpec = DEFAULT_INITIALIZERS,
    X: Any = None,
    depth: int | None = None,
    width: int | None = None,
    samples: int = 1000,
    seed: int = 0,
    gain: float = 1.0,
    memory_limit: Any = None,
    input_std: float = 1.0,
) -> Propagation:
    """One forward and one backward pass per initializer at initialization; see the module docstring.

    Give ``layers`` (e.g. [2, 10, 5, 1]) or ``depth`` hidden layers of ``width`` units (default
    20 × 100). ``X`` (n_features, samples) defaults to ``samples`` normal inputs of std ``input_std`` and the
    first layer's size; ``gain`` multiplies every initializer's weights. What the passes need is
    estimated first and refused over the memory cap (as train's: 1 GB, $INIT_WIDGET_MEMORY_LIMIT or
    ``memory_limit=``). Two initializers with one name (two lambdas) keep both curves: ``<lambda> (2)``.
    """
    activation = choice(activation, ACTIVATIONS, "activation")
    seed = seed_value(seed)
    gain = positive_number(gain, "gain")
    input_std = positive_number(input_std, "input_std")
    if X is not None and input_std != 1.0:
        raise ValueError("input_std sets the drawn inputs' std; give X or input_std, not both")
    if X is not None:
        X = np.asarray(numeric_array(X, "X"), dtype=np.float64)
        if X.ndim != 2 or not np.all(np.isfinite(X)):
            raise ValueError(f"X must be a finite 2-D array (n_features, samples); got shape {X.shape}")
    layers, given = _layer_sizes(layers, depth, width, X)
    n_samples = whole_number(samples, "samples", minimum=2) if X is None else X.shape[1]
    single = isinstance(initializers, str) or callable(initializers)
    specs = [resolve(s) for s in ([initializers] if single else bounded_list(initializers, "initializers", 1000))]
    if not specs:
        raise ValueError("initializers is empty; give at least one, e.g. ['he', 'xavier']")
    data = f"samples={n_samples:,}" if X is None else "X"
    _check_memory(layers, n_samples, len(specs), parse_limit(memory_limit), given, data)
    rng = np.random.RandomState(seed)
    X = rng.randn(layers[0], n_samples) * input_std if X is None else X
    weights = {}
    for spec, name in zip(specs, unique_names([initializer_name(s) for s in specs])):
        params = initial_parameters(spec, layers, seed, Batch(X, activation))  # LSUV rescales on X
        weights[name] = [params[f"W{l}"] for l in range(1, len(layers))]
    top = rng.randn(layers[-1], X.shape[1])
    return _propagate(layers, activation, gain, weights, X, top)


def _layer_sizes(layers: Any, depth: Any, width: Any, X: np.ndarray | None) -> tuple[list[int], tuple[str, ...]]:
    """The network's sizes, checked, and the arguments that gave them (for a memory refusal to name)."""
    if layers is None:
        depth = whole_number(20 if depth is None else depth, "depth", maximum=MAX_DEPTH)
        width = whole_number(100 if width is None else width, "width", maximum=MAX_LAYER_SIZE)
        n_x = width if X is None else X.shape[0]
        layers, given = [n_x] + [width] * depth, (f"depth={depth:,}", f"width={width:,}")
    elif depth is not None or width is not None:
        raise ValueError("give layers=[...] or depth=/width=, not both")
    else:
        if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
            raise TypeError(f"layers must be a list of layer sizes such as [2, 10, 5, 1]; got {short_repr(layers)}")
        sizes = bounded_list(layers, "layers", MAX_DEPTH + 1)
        layers, given = [whole_number(n, "layers", maximum=MAX_LAYER_SIZE) for n in sizes], ("layers",)
    if len(layers) < 2:
        raise ValueError(f"layers needs an input size and at least one layer; got {short_repr(layers)}")
    if X is not None and X.shape[0] != layers[0]:
        raise ValueError(f"X has {X.shape[0]} features but layers[0] is {layers[0]}")
    return layers, given


def _check_memory(
    layers: list[int], samples: int, initializers: int, limit: float, given: tuple[str, ...], data: str
) -> None:
    """Refuse, before anything is drawn, passes that need more than ``limit`` bytes: every layer's
    pre-activations and activations (float32, kept for the backward pass), each initializer's weights
    (float64, kept for rescaling) and the working copies of one initializer's weights."""
    weights = sum(n * p for p, n in zip(layers, layers[1:]))
    signal = 2 * sum(layers[1:]) * samples * 4 + (layers[0] + layers[-1] + 4 * max(layers)) * samples * 8
    total = signal + (initializers + 3) * weights * 8
    if total <= limit:
        return
    named = ", ".join(
        given
        + ((data,) if signal >= 0.2 * total else ())
        + ((f"initializers ({initializers})",) if initializers * weights * 8 >= 0.2 * total else ())
    )
    raise ValueError(
        f"signal_propagation would need about {human_bytes(total)} of memory, over the limit of {human_bytes(limit)}: "
        f"signals {human_bytes(signal)} ({len(layers) - 1:,} layers × {samples:,} samples), weights "
        f"{human_bytes(total - signal)}. Set by: {named}. Change them, or raise memory_limit="
    )


def _propagate(layers, activation, gain, weights, X, top) -> Propagation:
    act, grad, theory_act, theory_grad = {}, {}, {}, {}
    with np.errstate(all="ignore"):
        for name, Ws in weights.items():
            act[name], grad[name] = _passes([w * gain for w in Ws], X, top, activation)
            theory_act[name], theory_grad[name] = _theory([w * gain for w in Ws], X, top, activation)
    return Propagation(list(layers), activation, gain, act, grad, theory_act, theory_grad, weights, X, top)


def activation_and_slope(z: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """f(z) and f'(z) of a hidden activation, one implementation for every pass (jacobian's too)."""
    a = _f(z, activation)
    return a, _df(z, a, activation)


def _f(z: np.ndarray, activation: str) -> np.ndarray:
    return activate(z, activation)


def _df(z: np.ndarray, a: np.ndarray, activation: str) -> np.ndarray:
    if activation == "linear":
        return np.ones_like(z)
    if activation == "relu":
        return (z > 0).astype(z.dtype)
    if activation == "leaky_relu":
        return np.where(z > 0, 1.0, LEAKY_SLOPE)
    if activation == "tanh":
        return 1 - a * a
    return a * (1 - a)


Observer = Callable[[str, int, np.ndarray], None]


def layer_passes(
    Ws: list[np.ndarray], X: np.ndarray, top: np.ndarray, activation: str, observe: Observer | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The measured activation and gradient (dL/dz) stds per layer of one network (weights ``Ws``, inputs ``X``,
    the signal ``top`` sent down from the last layer); ``observe("activation" or "gradient", l, values)`` is
    shown every layer's true values on the way (float64: the scale carried back in), e.g. for histograms."""
    with np.errstate(all="ignore"):
        return _passes(Ws, X, top, activation, observe)


def _passes(
    Ws: list[np.ndarray], X: np.ndarray, top: np.ndarray, activation: str, observe: Observer | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Measured stds per layer. float32 for speed; the backward signal (linear in dz) and, for the
    positively homogeneous relu and leaky relu, the forward one are renormalised at every layer and
    their scale carried in float64, so ×10's 1e36 or ×0.01's 1e-24 neither overflow nor underflow."""
    homogeneous = activation in ("relu", "leaky_relu")
    a, scale, zs, acts = X.astype(np.float32), 1.0, [], []
    act_std = np.empty(len(Ws))
    for l, W in enumerate(Ws):
        z = W.astype(np.float32) @ a
        a = _f(z, activation)
        zs.append(z)
        acts.append(a)
        if observe is not None:
            observe("activation", l, a.astype(np.float64) * scale)
        act_std[l], scale = _record(a, scale, homogeneous)
    grad_std = np.empty(len(Ws))
    dz, scale = top.astype(np.float32) * _df(zs[-1], acts[-1], activation), 1.0
    for l in range(len(Ws) - 1, -1, -1):
        if l < len(Ws) - 1:
            dz = (Ws[l + 1].T.astype(np.float32) @ dz) * _df(zs[l], acts[l], activation)
        if observe is not None:
            observe("gradient", l, dz.astype(np.float64) * scale)
        grad_std[l], scale = _record(dz, scale, True)
    return act_std, grad_std


def _record(x: np.ndarray, scale: float, normalise: bool) -> tuple[float, float]:
    """The true std of x (x times scale); with normalise, divide x by its std in place and return the new scale."""
    std = float(x.std(dtype=np.float64))
    true = std * scale
    if normalise and std > 0 and np.isfinite(std):
        x /= np.float32(std)
        scale = true
    return true, scale


def gaussian_moments(q: float, activation: str) -> tuple[float, float, float]:
    """E[f(z)], E[f(z)²] and E[f'(z)²] for z ~ N(0, q) (jacobian's critical point needs them too)."""
    return _moments(q, activation)


def _moments(q: float, activation: str) -> tuple[float, float, float]:
    """E[f(z)], E[f(z)²] and E[f'(z)²] for z ~ N(0, q): closed forms for relu and leaky relu, otherwise
    the midpoint rule on a grid symmetric about 0 that resolves both the Gaussian's width and the
    activation's own features there (tanh' at z ~ N(0, 10⁴) lives within a few units of 0)."""
    if not np.isfinite(q):
        return float("nan"), float("nan"), float("nan")
    if activation == "linear":
        return 0.0, float(q), 1.0
    if activation in ("relu", "leaky_relu"):
        slope = LEAKY_SLOPE if activation == "leaky_relu" else 0.0
        half = (1 + slope**2) / 2
        return (1 - slope) * np.sqrt(q / (2 * np.pi)), half * q, half
    s = np.sqrt(q)
    if s == 0:
        a = _f(np.zeros(1), activation)
        return float(a[0]), float(a[0] ** 2), float(_df(np.zeros(1), a, activation)[0] ** 2)
    edges = np.sort(np.concatenate([np.linspace(-12 * s, 12 * s, 801), _FEATURE_GRID]))
    z = 0.5 * (edges[1:] + edges[:-1])
    weight = np.exp(-0.5 * (z / s) ** 2) / (s * np.sqrt(2 * np.pi)) * np.diff(edges)
    a = _f(z, activation)
    return float(weight @ a), float(weight @ (a * a)), float(weight @ _df(z, a, activation) ** 2)


def _theory(Ws: list[np.ndarray], X: np.ndarray, top: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """The mean-field variance recursion from the weights' mean squares, z taken Gaussian at every layer."""
    L = len(Ws)
    act_std, gate2 = np.empty(L), np.empty(L)
    square = float(np.mean(X * X))  # E[a_0²]
    for l, W in enumerate(Ws):
        var_z = W.shape[1] * float(np.mean(W * W)) * square  # n_{l-1} σ_l² E[a_{l-1}²]
        mean, square, gate2[l] = _moments(var_z, activation)
        act_std[l] = np.sqrt(max(square - mean * mean, 0.0))
    var_dz = np.empty(L)
    var_dz[-1] = float(np.mean(top * top)) * gate2[-1]
    for l in range(L - 1, 0, -1):
        W = Ws[l]
        var_dz[l - 1] = W.shape[0] * float(np.mean(W * W)) * var_dz[l] * gate2[l - 1]  # n_l σ_l² Var(dz_l) E[f'²]
    return act_std, np.sqrt(var_dz)

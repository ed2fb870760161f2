"""Per-layer activations and back-propagated gradients at initialization, beside Glorot's linear prediction
(Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks", §4.2).

The network is signal_propagation's (square hidden layers, z = W a, no bias, tanh by default), with the
gradient dL/dz sent down from the last hidden layer as a unit random signal. Glorot's analysis takes the
units in their linear regime (tanh'(0) = 1), where the variances multiply layer by layer:
Var[a^l] = n_in Var[W^l] Var[a^(l-1)] forwards and Var[dz^l] = n_out Var[W^(l+1)] Var[dz^(l+1)] backwards.
"Standard" U(±1/√n_in) has n Var[W] = 1/3, so both shrink threefold per layer; "normalized"
U(±√(6/(n_in+n_out))) has n Var[W] = 1 for equal widths, so both stay. Var[W] is the drawn weights' mean square
(their mean is 0), so a student's rule gets its prediction too. The prediction is exact only while tanh is
linear: Var[tanh z] ≈ Var[z](1 − 2 Var[z]) for small Var[z]; signal_propagation's mean-field curve
(``propagation``) keeps tanh's saturation in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .initializers import InitializerSpec
from .propagation import Propagation, layer_passes, signal_propagation

PAPER_INITIALIZERS = ("standard_uniform", "glorot_uniform")
HIST_BINS = 41
HIST_REACH = 4.0  # histograms span ± this many of the widest layer's std (tanh's activations at most ±1)


@dataclass
class LayerStatistics:
    """Per initializer, arrays over the hidden layers 1 … L: measured and predicted variances, and histograms
    (densities, one row per layer, on ``activation_edges`` / ``gradient_edges`` shared by every initializer)."""

    propagation: Propagation  # the passes' stds and the mean-field theory
    activation_var: dict[str, np.ndarray]
    gradient_var: dict[str, np.ndarray]
    linear_activation_var: dict[str, np.ndarray]  # Glorot's prediction
    linear_gradient_var: dict[str, np.ndarray]
    activation_hist: dict[str, np.ndarray]
    gradient_hist: dict[str, np.ndarray]
    activation_edges: np.ndarray
    gradient_edges: np.ndarray

    def ratios(self, name: str, kind: str = "activation") -> tuple[np.ndarray, np.ndarray]:
        """(measured, predicted) variance ratios layer to layer: Var[a^l]/Var[a^(l-1)] (a^0 the inputs) for
        "activation", Var[dz^l]/Var[dz^(l+1)] for "gradient", layers in order 1 … L (gradient: 1 … L-1)."""
        if kind == "activation":
            inputs = float(np.mean(self.propagation.X**2))
            measured, linear = np.r_[inputs, self.activation_var[name]], np.r_[inputs, self.linear_activation_var[name]]
            return measured[1:] / measured[:-1], linear[1:] / linear[:-1]
        if kind == "gradient":
            measured, linear = self.gradient_var[name], self.linear_gradient_var[name]
            return measured[:-1] / measured[1:], linear[:-1] / linear[1:]
        raise ValueError(f"kind must be 'activation' or 'gradient'; got {kind!r}")


def layer_statistics(
    initializers: Sequence[InitializerSpec] | InitializerSpec = PAPER_INITIALIZERS,
    hidden: int = 5,
    width: int = 100,
    activation: str = "tanh",
    input_std: float = 1.0,
    samples: int = 1000,
    seed: int = 0,
    memory_limit: Any = None,
) -> LayerStatistics:
    """One forward and one backward pass per initializer of a ``hidden``-layer, ``width``-unit network on
    ``samples`` Gaussian inputs of std ``input_std``; see the module docstring. Validation and the memory
    cap (refused before anything is drawn) are signal_propagation's."""
    p = signal_propagation(
        depth=hidden,
        width=width,
        activation=activation,
        initializers=initializers,
        samples=samples,
        seed=seed,
        memory_limit=memory_limit,
        input_std=input_std,
    )
    act_edges = _edges(max(float(np.max(s)) for s in p.activation_std.values()), 1.0 if activation == "tanh" else None)
    grad_edges = _edges(max(float(np.max(s)) for s in p.gradient_std.values()), None)
    hists: dict[str, dict[str, np.ndarray]] = {"activation": {}, "gradient": {}}
    for name, Ws in p.weights.items():
        rows = {kind: np.zeros((len(Ws), HIST_BINS)) for kind in hists}
        edges = {"activation": act_edges, "gradient": grad_edges}

        def observe(kind: str, l: int, values: np.ndarray) -> None:
            span = (edges[kind][0], edges[kind][-1])  # noqa: B023
            rows[kind][l] = np.histogram(values, bins=HIST_BINS, range=span, density=True)[0]  # noqa: B023

        layer_passes(Ws, p.X, p.top, activation, observe)
        for kind in hists:
            hists[kind][name] = rows[kind]
    linear = {name: _linear(Ws, p.X, p.top) for name, Ws in p.weights.items()}
    square = lambda d: {k: v**2 for k, v in d.items()}  # noqa: E731
    return LayerStatistics(
        p,
        square(p.activation_std),
        square(p.gradient_std),
        {k: v[0] for k, v in linear.items()},
        {k: v[1] for k, v in linear.items()},
        hists["activation"],
        hists["gradient"],
        act_edges,
        grad_edges,
    )


def _edges(widest_std: float, bound: float | None) -> np.ndarray:
    reach = HIST_REACH * widest_std if np.isfinite(widest_std) and widest_std > 0 else 1.0
    return np.linspace(-1, 1, HIST_BINS + 1) * (min(reach, bound) if bound else reach)


def _linear(Ws: list[np.ndarray], X: np.ndarray, top: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Glorot's linear-regime variances: products of n_in Var[W] forwards and n_out Var[W] backwards."""
    gains_in = np.array([W.shape[1] * float(np.mean(W * W)) for W in Ws])
    gains_out = np.array([W.shape[0] * float(np.mean(W * W)) for W in Ws])
    forward = float(np.mean(X * X)) * np.cumprod(gains_in)
    backward = float(np.mean(top * top)) * np.r_[np.cumprod(gains_out[:0:-1])[::-1], 1.0]
    return forward, backward

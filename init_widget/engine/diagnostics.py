"""Per-layer diagnostics in plain words: what a History's statistics say at one frame.

Pure functions over ``History`` / ``LayerStats`` (numpy only, no widgets), so the dashboard's
captions and histogram data are testable on their own. Layer index ``l`` counts the network's
layers from 0 (first hidden layer) to L-1 (the sigmoid output), as in ``LayerStats``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .history import History

SYMMETRY_TOL = 1e-12  # relative difference between a layer's weight rows counted as "identical"
SATURATED_OUTPUT = 0.5  # fraction of outputs beyond 0.01/0.99 that, with a high cost, means "too large"
HIGH_COST = 0.3
VANISHED_OUTPUT_STD = 1e-3  # the output barely depends on the input below this spread
EXPLODING_GROWTH = 5.0  # activation std multiplied by more than this per layer
DEAD_RELU = 0.85  # fraction of zero ReLU outputs in a layer reported as "dead"
SATURATED_HIDDEN = 0.3  # fraction of saturated tanh/sigmoid units worth a sentence
STUCK = 0.97  # cost still above this fraction of its start


@dataclass(frozen=True)
class Finding:
    """One observation about a model at a frame: ``kind`` is a stable key, ``text`` the plain words."""

    kind: str  # symmetry | too_large | vanishing | exploding | dead | saturated | stuck | healthy | diverged
    text: str


# ------------------------------------------------------------------ indexing helpers
def frame_index(frame_iterations: Sequence[int], iteration: int) -> int:
    """Index of the last recorded frame at or before ``iteration`` (0 if it precedes all; -1 if none)."""
    fi = np.asarray(frame_iterations)
    if fi.size == 0:
        return -1
    return max(0, int(np.searchsorted(fi, iteration, side="right")) - 1)


def cost_at(history: History, iteration: int) -> float:
    """The cost recorded at ``iteration`` (the last one available if training has not got there)."""
    costs = history.costs
    if costs.size == 0:
        return float("nan")
    return float(costs[min(max(iteration, 0), costs.size - 1)])


def first_finite_cost(history: History) -> float:
    costs = history.costs
    finite = np.flatnonzero(np.isfinite(costs))
    return float(costs[finite[0]]) if finite.size else float("nan")


def symmetric_layers(parameters: dict[str, np.ndarray], layers: Sequence[int]) -> list[int]:
    """Hidden layers (0-based) whose units all start identical (same weight row, same bias).

    Gradient descent keeps identical units identical, so such a layer never breaks symmetry.
    """
    out = []
    for l in range(1, len(layers) - 1):  # hidden layers only; the output has a single unit
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        if W.shape[0] < 2:
            continue
        scale = max(float(np.abs(W).max()), float(np.abs(b).max()), 1.0)
        if np.abs(W - W[:1]).max() <= SYMMETRY_TOL * scale and np.abs(b - b[:1]).max() <= SYMMETRY_TOL * scale:
            out.append(l - 1)
    return out


# ------------------------------------------------------------------ formatting
def fmt(x: float) -> str:
    """Short number for captions: 0.52, 147, 1.5e-04, ∞."""
    if not np.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "NaN")
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1e4 or a < 1e-2:
        return f"{x:.1e}"
    return f"{x:.3g}"


def _chain(values: Sequence[float], limit: int = 5) -> str:
    vals = [fmt(v) for v in values]
    if len(vals) > limit:
        vals = vals[:2] + ["…"] + vals[-2:]
    return " → ".join(vals)


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


# ------------------------------------------------------------------ the diagnosis
def diagnose(history: History, frame: int) -> list[Finding]:
    """What is happening to this model at ``frame``, most important first (never empty once a frame exists)."""
    st = history.stats
    if frame < 0 or st.act_std.shape[0] == 0:
        return [Finding("waiting", "waiting for the first frame…")]
    frame = min(frame, st.act_std.shape[0] - 1)
    layers, act = history.layers, history.activation
    it = int(history.frame_iterations[frame])
    cost, start = cost_at(history, it), first_finite_cost(history)
    cost0 = cost_at(history, 0)
    std, inactive = st.act_std[frame], st.inactive[frame]
    hidden_std = std[:-1]
    grad = st.grad_norm[frame]
    findings: list[Finding] = []

    sym = symmetric_layers(history.initial_parameters, layers)
    if sym:
        where = "every hidden layer" if len(sym) == len(layers) - 2 else "layer " + ", ".join(str(l + 1) for l in sym)
        findings.append(
            Finding(
                "symmetry",
                f"all units in {where} are identical: symmetry is never broken, so the "
                f"network acts like one neuron per layer (cost stays {fmt(cost)})",
            )
        )
        return findings
    if not np.isfinite(cost) and it > 0 and np.isnan(cost):
        return [Finding("diverged", "the cost became NaN: training diverged (learning rate too high?)")]

    findings.extend(_scale_findings(std, float(inactive[-1]), grad, cost, cost0))
    findings.extend(_unit_health(inactive[:-1], act))

    moved = np.isfinite(start) and np.isfinite(cost) and cost < STUCK * start
    if it >= 0.2 * history.iterations and not moved and np.isfinite(cost) and not findings:
        findings.append(Finding("stuck", f"the cost has barely moved ({fmt(start)} → {fmt(cost)})"))
    if not findings:
        findings.append(_healthy(history, frame, hidden_std, it, cost, start))
    return findings


def _scale_findings(
    std: np.ndarray, out_saturated: float, grad: np.ndarray, cost: float, cost0: float
) -> list[Finding]:
    """Weights too large (saturated output), a vanishing signal, exploding activations or vanishing gradients."""
    hidden_std, out_std = std[:-1], float(std[-1])
    findings: list[Finding] = []
    growth = _growth(hidden_std)
    if out_saturated > SATURATED_OUTPUT and (not np.isfinite(cost) or cost > HIGH_COST):
        text = "weights too large: "
        if growth > EXPLODING_GROWTH:
            text += f"activations grow layer to layer (std {_chain(hidden_std)}), "
        text += f"the output saturates ({_pct(out_saturated)} of outputs at 0 or 1)"
        text += ", the cost starts at infinity" if not np.isfinite(cost0) else f", the cost is high ({fmt(cost)})"
        findings.append(Finding("too_large", text + " and learning is slow"))
    elif out_std < VANISHED_OUTPUT_STD and hidden_std.size:
        findings.append(
            Finding(
                "vanishing",
                f"the signal vanishes: activations shrink layer to layer (std "
                f"{_chain(list(std))}), the output is the same for every input and "
                f"the gradients are tiny (‖dW1‖ = {fmt(grad[0])}): it barely learns",
            )
        )
    elif growth > EXPLODING_GROWTH:
        findings.append(
            Finding("exploding", f"activations grow about ×{growth:.0f} per layer (std {_chain(hidden_std)})")
        )
    elif len(grad) > 2 and grad[-1] > 0 and grad[0] < 0.01 * grad[-1]:
        findings.append(Finding("vanishing", f"gradients vanish in the first layers (‖dW‖ {_chain(grad)})"))

    return findings


def _growth(hidden_std: np.ndarray) -> float:
    """Geometric-mean factor by which the activation std changes per hidden layer (1 = steady)."""
    s = hidden_std[np.isfinite(hidden_std)]
    if s.size < 2 or s[0] <= 0 or s[-1] <= 0:
        return 1.0
    return float((s[-1] / s[0]) ** (1.0 / (s.size - 1)))


def _unit_health(hidden_inactive: np.ndarray, activation: str) -> list[Finding]:
    if hidden_inactive.size == 0:
        return []
    l = int(np.nanargmax(hidden_inactive))
    worst = float(hidden_inactive[l])
    if activation == "relu" and worst >= DEAD_RELU:
        return [Finding("dead", f"{_pct(worst)} of the ReLUs in layer {l + 1} are dead (output 0, no gradient)")]
    if activation in ("tanh", "sigmoid") and worst >= SATURATED_HIDDEN:
        return [
            Finding(
                "saturated",
                f"{_pct(worst)} of the {activation} units in layer {l + 1} are saturated: their gradient is almost 0",
            )
        ]
    return []


def _healthy(history: History, frame: int, hidden_std: np.ndarray, it: int, cost: float, start: float) -> Finding:
    if hidden_std.size == 0:
        text = "no hidden layer: a logistic regression"
    elif 1 / 3 <= hidden_std[-1] / max(hidden_std[0], 1e-300) <= 3:
        text = f"activations keep their scale layer to layer (std {_chain(hidden_std)})"
    else:
        text = f"activations change scale through the layers (std {_chain(hidden_std)})"
    if it == 0 or not np.isfinite(start):
        return Finding("healthy", text + (": a good start" if "keep" in text else ""))
    acc = float(history.train_accuracy[frame])
    if cost < 0.5 * start:
        return Finding(
            "healthy", f"{text}; it learns fast: cost {fmt(start)} → {fmt(cost)}, train accuracy {_pct(acc)}"
        )
    return Finding("healthy", f"{text}; learning: cost {fmt(start)} → {fmt(cost)}")


def caption(history: History, frame: int, limit: int = 2) -> str:
    """One short sentence (or two) saying what is happening to this model at ``frame``."""
    text = "; ".join(f.text for f in diagnose(history, frame)[:limit])
    return text[:1].upper() + text[1:] + "."


# ------------------------------------------------------------------ chart data
def rebin(counts: np.ndarray, lo: float, hi: float, edges: np.ndarray) -> np.ndarray:
    """Counts of a histogram over [lo, hi] (equal bins) redistributed onto ``edges`` (uniform within a bin)."""
    counts = np.asarray(counts, dtype=np.float64)
    src = np.linspace(lo, hi, counts.size + 1)
    cdf = np.concatenate([[0.0], np.cumsum(counts)])
    return np.diff(np.interp(edges, src, cdf))


def layer_histograms(
    histories: Sequence[History], frame: int, layer: int, bins: int = 24
) -> tuple[np.ndarray, np.ndarray]:
    """Activation histograms of one layer for every model on one shared x range.

    Returns (edges (bins+1,), fractions (K, bins)): each row is the fraction of that model's
    activations in each bin. A model whose activations are all equal is a spike at that value.
    """
    rows = []
    for h in histories:
        st = h.stats
        f = min(frame, st.act_std.shape[0] - 1)
        if f < 0:
            rows.append(None)
            continue
        counts, (lo, hi) = st.hist_counts[f, layer], st.hist_range[f, layer]
        point = float(st.act_mean[f, layer]) if st.act_std[f, layer] == 0 else None
        rows.append((counts, float(lo), float(hi), point))
    spans = [(r[3], r[3]) if r[3] is not None else (r[1], r[2]) for r in rows if r is not None]
    if not spans:
        return np.linspace(0, 1, bins + 1), np.zeros((len(histories), bins))
    lo = min(s[0] for s in spans)
    hi = max(s[1] for s in spans)
    if not np.isfinite(lo) or not np.isfinite(hi):
        lo, hi = 0.0, 1.0
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, bins + 1)
    out = np.zeros((len(histories), bins))
    for k, r in enumerate(rows):
        if r is None:
            continue
        counts, clo, chi, point = r
        total = counts.sum()
        if total <= 0:
            continue
        if point is not None:
            out[k, min(int((point - lo) / (hi - lo) * bins), bins - 1)] = 1.0
        else:
            out[k] = rebin(counts, clo, chi, edges) / total
    return edges, out


def downsample(values: np.ndarray, max_points: int = 600) -> tuple[np.ndarray, np.ndarray]:
    """(iterations, values) with at most ~max_points points, keeping the first and the last; inf/NaN → NaN."""
    values = np.asarray(values, dtype=np.float64)
    n = values.size
    if n == 0:
        return np.zeros(0), np.zeros(0)
    step = max(1, int(np.ceil(n / max_points)))
    idx = np.arange(0, n, step)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    y = values[idx]
    return idx.astype(np.float64), np.where(np.isfinite(y), y, np.nan)


def summary_rows(histories: Sequence[History]) -> list[dict]:
    """Latest cost and train/test accuracy per model (the final ones once training is done)."""
    rows = []
    for h in histories:
        acc = h.train_accuracy
        test = h.test_accuracy
        rows.append(
            {
                "name": h.name,
                "cost": float(h.costs[-1]) if h.costs.size else float("nan"),
                "train": float(acc[-1]) if acc.size else float("nan"),
                "test": float(test[-1]) if test is not None and test.size else None,
            }
        )
    return rows

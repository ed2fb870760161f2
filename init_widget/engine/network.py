"""K fully connected networks trained as one: weights stacked as (K, n_l, n_prev) arrays.

Every model sees the same data, so each numpy call below advances all K models at once and the
per-call overhead (the bulk of the time at these sizes) is paid once, not K times. All work arrays
are allocated up front and the hot loop writes into them with ``out=``; every W and b is a view
into one flat parameter vector (and every dW, db into one flat gradient vector), so the update is
two calls whatever the depth. The arithmetic follows the course's order operation by operation
(np.dot then + b; dz = 1/m (a - y); dz * (a > 0); W - lr dW), so each model's numbers are the
course's to the last bit that BLAS allows.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS: tuple[str, ...] = ("relu", "tanh", "sigmoid", "leaky_relu")
LEAKY_SLOPE = 0.01


def _sigmoid(z: np.ndarray, out: np.ndarray) -> None:
    np.negative(z, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    np.divide(1.0, out, out=out)


def _hidden(z: np.ndarray, out: np.ndarray, activation: str, zero: np.ndarray) -> None:
    if activation == "relu":
        np.maximum(z, zero, out=out)  # an array operand takes numpy's fast path; a scalar 0 does not
    elif activation == "tanh":
        np.tanh(z, out=out)
    elif activation == "sigmoid":
        _sigmoid(z, out)
    else:
        np.multiply(z, LEAKY_SLOPE, out=out)
        np.maximum(z, out, out=out)


def _views(flat: np.ndarray, shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(flat[start : start + size].reshape(shape))
        start += size
    return out


class Pass:
    """Pre-activations and activations of K models on one fixed input set (n_x, m)."""

    def __init__(self, sizes: list[int], K: int, X: np.ndarray):
        self.X = np.ascontiguousarray(X)
        m = X.shape[1]
        self.Z = [np.empty((K, n, m)) for n in sizes]
        self.A = [np.empty((K, n, m)) for n in sizes]
        self.zero = np.zeros((K, max(sizes), m))

    def run(self, W: list[np.ndarray], b: list[np.ndarray], activation: str) -> np.ndarray:
        prev, last = self.X, len(W) - 1
        for l in range(len(W)):
            z, a = self.Z[l], self.A[l]
            np.matmul(W[l], prev, out=z)
            np.add(z, b[l], out=z)
            if l == last:
                _sigmoid(z, a)
            else:
                _hidden(z, a, activation, self.zero[:, : z.shape[1]])
            prev = a
        return self.A[-1]


class StackedNetwork:
    """Forward, cost, backward and update for K models on one (n_x, m) training set."""

    def __init__(self, weights: list[np.ndarray], biases: list[np.ndarray], X: np.ndarray, Y: np.ndarray, activation: str):
        K = weights[0].shape[0]
        self.K, self.L, self.activation = K, len(weights), activation
        w_shapes = [w.shape for w in weights]
        b_shapes = [b.shape for b in biases]
        shapes = [s for pair in zip(w_shapes, b_shapes) for s in pair]
        total = sum(int(np.prod(s)) for s in shapes)
        self.theta = np.empty(total)
        self.grad = np.empty(total)
        self.step_buf = np.empty(total)
        views = _views(self.theta, shapes)
        self.W, self.b = views[0::2], views[1::2]
        for dst, src in zip(views, [a for pair in zip(weights, biases) for a in pair]):
            dst[...] = src
        grads = _views(self.grad, shapes)
        self.dW, self.db = grads[0::2], grads[1::2]
        self.WT = [w.transpose(0, 2, 1) for w in self.W]

        sizes = [s[1] for s in w_shapes]
        self.sizes = sizes
        self.m = X.shape[1]
        self.train = Pass(sizes, K, X)
        self.A = self.train.A
        self.AT = [a.transpose(0, 2, 1) for a in self.A]
        self.XT = self.train.X.T
        self.Y = Y
        self.dZ = [np.empty((K, n, self.m)) for n in sizes]
        self.dA = [np.empty((K, n, self.m)) for n in sizes]
        self.gate = [np.empty((K, n, self.m)) for n in sizes]
        # cost: p = a where y = 1, 1 - a where y = 0, computed exactly as a * s + c
        self.cost_sign = 2.0 * Y - 1.0
        self.cost_offset = 1.0 - Y
        self.p = np.empty((K, 1, self.m))
        self._passes: dict[int, Pass] = {}

    @classmethod
    def from_parameters(cls, params: list[dict[str, np.ndarray]], X: np.ndarray, Y: np.ndarray, activation: str) -> "StackedNetwork":
        L = len(params[0]) // 2
        W = [np.stack([p[f"W{l}"] for p in params]) for l in range(1, L + 1)]
        b = [np.stack([p[f"b{l}"] for p in params]) for l in range(1, L + 1)]
        return cls(W, b, X, Y, activation)

    def parameters(self, k: int) -> dict[str, np.ndarray]:
        out = {}
        for l in range(self.L):
            out[f"W{l + 1}"] = self.W[l][k].copy()
            out[f"b{l + 1}"] = self.b[l][k].copy()
        return out

    def forward(self) -> np.ndarray:
        return self.train.run(self.W, self.b, self.activation)

    def log_likelihood(self, out: np.ndarray) -> None:
        """Write sum(log p(true class)) per model into ``out`` (K, 1); the cost is -out / m.

        -log(p) of the true class equals the course's nansum(-log(a) y - log(1-a) (1-y)) term for
        term, infinities included, and negating a sum is exact."""
        p = self.p
        np.multiply(self.A[-1], self.cost_sign, out=p)
        np.add(p, self.cost_offset, out=p)
        np.log(p, out=p)
        np.add.reduce(p, axis=2, out=out)

    def backward(self) -> None:
        dz = self.dZ[-1]
        np.subtract(self.A[-1], self.Y, out=dz)
        np.multiply(dz, 1.0 / self.m, out=dz)
        for l in range(self.L - 1, -1, -1):
            dz = self.dZ[l]
            np.matmul(dz, self.AT[l - 1] if l > 0 else self.XT, out=self.dW[l])
            np.add.reduce(dz, axis=2, keepdims=True, out=self.db[l])
            if l > 0:
                da = self.dA[l - 1]
                np.matmul(self.WT[l], dz, out=da)
                self._hidden_grad(l - 1)
                np.multiply(da, self.gate[l - 1], out=self.dZ[l - 1])

    def _hidden_grad(self, l: int) -> None:
        a, g, act = self.A[l], self.gate[l], self.activation
        if act == "relu":
            np.sign(a, out=g)  # a >= 0, so sign(a) is the course's (a > 0) as 0.0 / 1.0
        elif act == "tanh":
            np.multiply(a, a, out=g)
            np.subtract(1.0, g, out=g)
        elif act == "sigmoid":
            np.subtract(1.0, a, out=g)
            np.multiply(a, g, out=g)
        else:
            np.greater(self.train.Z[l], 0.0, out=g)
            np.multiply(g, 1.0 - LEAKY_SLOPE, out=g)
            np.add(g, LEAKY_SLOPE, out=g)

    def update(self, learning_rate: float) -> None:
        np.multiply(self.grad, learning_rate, out=self.step_buf)
        np.subtract(self.theta, self.step_buf, out=self.theta)

    def output(self, X: np.ndarray) -> np.ndarray:
        """(K, m') outputs on another fixed input set (grid, test set); its buffers are kept for reuse."""
        key = id(X)
        if key not in self._passes:
            self._passes[key] = Pass(self.sizes, self.K, X)
        return self._passes[key].run(self.W, self.b, self.activation)[:, 0, :]


def stacked_output(W: list[np.ndarray], b: list[np.ndarray], X: np.ndarray, activation: str) -> np.ndarray:
    """(K, m) outputs of K stacked models (W[l] of shape (K, n_l, n_prev)) on inputs X, once."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        return Pass([w.shape[1] for w in W], W[0].shape[0], X).run(W, b, activation)[:, 0, :].copy()

"""K fully connected networks trained as one: parameters stacked as (K, n_l, n_prev + 1) arrays.

Every model sees the same data, so each numpy call below advances all K models at once and the
per-call overhead is paid once, not K times. All work arrays are allocated up front and the hot
loop writes into them with ``out=``; every [W | b] block is a view into one flat parameter vector
(and every [dW | db] into one flat gradient vector), so the update is two calls whatever the depth.
The arithmetic is the course's (sigmoid(W a + b); dz = 1/m (a - y); dz * (a > 0); W - lr dW), with
the bias and its gradient folded into the matrix products: on the course run He's costs stay
within 2e-15 of the course's own loop. Each model gets the same BLAS calls whether it trains alone
or beside others, so stacked and single runs agree to the bit.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

ACTIVATIONS: tuple[str, ...] = ("relu", "tanh", "sigmoid", "leaky_relu")
LEAKY_SLOPE = 0.01


def _maximum_into(x: np.ndarray, y: np.ndarray, out: np.ndarray) -> None:
    # an array operand (not a scalar 0) takes numpy's fast path; out must be a keyword for maximum
    np.maximum(x, y, out=out)


def _multiply_where(x: np.ndarray, y: float, out: np.ndarray, where: np.ndarray) -> None:
    np.multiply(x, y, out=out, where=where)


def _sigmoid_ops(z: np.ndarray, out: np.ndarray) -> list[tuple]:
    return [(np.negative, (z, out)), (np.exp, (out, out)), (np.add, (out, 1.0, out)), (np.divide, (1.0, out, out))]


def _hidden_ops(z: np.ndarray, out: np.ndarray, activation: str, zero: np.ndarray, scratch: np.ndarray) -> list[tuple]:
    """Calls writing activation(z) into out; ``zero`` is zeros of z's shape, ``scratch`` a buffer other than z."""
    if activation == "relu":
        return [(_maximum_into, (z, zero, out))]
    if activation == "tanh":
        return [(np.tanh, (z, out))]
    if activation == "sigmoid":
        return _sigmoid_ops(z, out)
    return [(np.multiply, (z, LEAKY_SLOPE, scratch)), (_maximum_into, (z, scratch, out))]


def _gate_ops(a: np.ndarray, z: np.ndarray, g: np.ndarray, mask: np.ndarray, activation: str) -> list[tuple]:
    """Calls writing the activation's derivative into g (the course's (a > 0) as 0.0/1.0 for relu).

    For relu, a > 0 exactly where z > 0; z is the contiguous array, so it is the faster one to read."""
    if activation == "relu":
        return [(np.greater, (z, 0.0, mask)), (np.copyto, (g, mask))]
    if activation == "tanh":
        return [(np.multiply, (a, a, g)), (np.subtract, (1.0, g, g))]
    if activation == "sigmoid":
        return [(np.subtract, (1.0, a, g)), (np.multiply, (a, g, g))]
    return [(np.greater, (z, 0.0, mask)), (np.copyto, (g, mask)), (np.multiply, (g, 1.0 - LEAKY_SLOPE, g)),
            (np.add, (g, LEAKY_SLOPE, g))]


def _views(flat: np.ndarray, shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(flat[start : start + size].reshape(shape))
        start += size
    return out


PASS_CHUNK_BYTES = 1 << 21  # one layer's work buffer in a Pass: 2 MB, whatever the depth, width and grid


def chunk_points(K: int, widest: int, m: int, itemsize: int) -> int:
    """Points per chunk of a Pass: as many as keep one (K, widest, chunk) buffer within PASS_CHUNK_BYTES."""
    return max(1, min(m, PASS_CHUNK_BYTES // (K * widest * itemsize)))


class Pass:
    """The outputs of K models on one fixed input set (n_x, m): the boundary grid, the test set.

    Chunked evaluation (trick: bounded recording memory): the points go through the network a chunk
    at a time, between two (K, widest, chunk) buffers used in turn, each activation written over its
    pre-activation. The memory is two chunks (a few MB) plus the (K, 1, m) output, not a buffer per
    layer for every point (769 MB for 20 models of 30 × 32 units on the 100² grid). Each point's
    arithmetic is the same BLAS dot product whatever the chunk, so the outputs do not change."""

    def __init__(self, sizes: list[int], K: int, X: np.ndarray, dtype: type = np.float64):
        self.X = np.ascontiguousarray(X, dtype=dtype)
        m, widest = X.shape[1], max(sizes)
        self.chunk = chunk_points(K, widest, m, np.dtype(dtype).itemsize)
        self.work = [np.empty((K, widest, self.chunk), dtype) for _ in range(2)]
        self.zero = np.zeros((K, widest, self.chunk), dtype)
        self.scratch = np.empty((K, widest, self.chunk), dtype)
        self.out = np.empty((K, 1, m), dtype)

    def run(self, W: list[np.ndarray], b: list[np.ndarray], activation: str) -> np.ndarray:
        """(K, 1, m) sigmoid outputs for parameters W[l] (K, n_l, n_prev) and b[l] (K, n_l, 1)."""
        m, last = self.X.shape[1], len(W) - 1
        for start in range(0, m, self.chunk):
            c = min(self.chunk, m - start)
            prev = self.X[:, start : start + c]
            for l in range(len(W)):
                n = W[l].shape[1]
                z = self.out[:, :, start : start + c] if l == last else self.work[l % 2][:, :n, :c]
                ops = [(np.matmul, (W[l], prev, z)), (np.add, (z, b[l], z))]
                ops += _sigmoid_ops(z, z) if l == last else _hidden_ops(z, z, activation, self.zero[:, :n, :c],
                                                                        self.scratch[:, :n, :c])
                for f, args in ops:
                    f(*args)
                prev = z
        return self.out


class StackedNetwork:
    """Forward, cost, backward and update for K models on one (n_x, m) training set.

    Each layer's parameters are stored as one (K, n_l, n_prev + 1) block [W | b] and every input
    to a layer carries an extra row of ones, so one matrix product computes W a + b and one more
    gives [dW | db]: two BLAS calls per layer instead of four numpy passes over the activations.
    The sums then come out of BLAS instead of numpy's pairwise summation, so costs agree with the
    course's to about 1e-15 relative rather than to the bit."""

    def __init__(self, weights: list[np.ndarray], biases: list[np.ndarray], X: np.ndarray, Y: np.ndarray, activation: str):
        K = weights[0].shape[0]
        self.K, self.L, self.activation = K, len(weights), activation
        self._shapes = [(K, w.shape[1], w.shape[2] + 1) for w in weights]
        total = sum(int(np.prod(s)) for s in self._shapes)
        self.theta = np.empty(total)
        self.grad = np.empty(total)
        self.step_buf = np.empty(total)
        self.Wb = _views(self.theta, self._shapes)
        self.W, self.b = self.views(self.theta)
        for dst, src in zip(self.W + self.b, list(weights) + list(biases)):
            dst[...] = src
        self.dWb = _views(self.grad, self._shapes)
        self.dW = self.views(self.grad)[0]  # for the layer statistics
        self.WT = [w.transpose(0, 2, 1) for w in self.W]

        sizes = [s[1] for s in self._shapes]
        self.sizes = sizes
        m = self.m = X.shape[1]
        self.X1 = np.vstack([X, np.ones((1, m))])  # inputs with their row of ones
        # hidden activations with a row of ones under them; A[l] is the activation itself
        self.A1 = [np.ones((K, n + 1, m)) for n in sizes[:-1]]
        self.A = [a[:, :-1, :] for a in self.A1] + [np.empty((K, 1, m))]
        self.A1T = [a.transpose(0, 2, 1) for a in self.A1]
        self.Z = [np.empty((K, n, m)) for n in sizes]
        self.zero = np.zeros((K, max(sizes), m))
        self.Y = Y
        self.dZ = [np.empty((K, n, m)) for n in sizes]
        self.dA = [np.empty((K, n, m)) for n in sizes]
        self.gate = [np.empty((K, n, m)) for n in sizes]
        self.gate_bool = [np.empty((K, n, m), dtype=bool) for n in sizes]
        # cost: p = a where y = 1, 1 - a where y = 0, computed exactly as a * s + c
        self.cost_sign = 2.0 * Y - 1.0
        self.cost_offset = 1.0 - Y
        self.p = np.empty((K, 1, m))
        self._passes: dict[tuple, Pass] = {}

    def views(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer W and b views into a flat vector laid out like ``theta`` (or ``grad``)."""
        blocks = _views(flat, self._shapes)
        return [v[:, :, :-1] for v in blocks], [v[:, :, -1:] for v in blocks]

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

    def iteration_ops(self, log_likelihood: np.ndarray) -> list[tuple]:
        """The calls of one training iteration up to (not including) the update, as (ufunc, args).

        Built once with every buffer bound, so the hot loop is ``for f, a in ops: f(*a)``: no
        attribute look-ups, no keyword parsing, no allocation. sum(log p(true class)) per model
        lands in ``log_likelihood`` (K, 1); the cost is -that / m.
        -log(p) of the true class equals the course's nansum(-log(a) y - log(1-a) (1-y)) term for
        term, infinities included, and negating a sum is exact."""
        ops: list[tuple] = []
        prev, last = self.X1, self.L - 1
        for l in range(self.L):
            z, a, n = self.Z[l], self.A[l], self.sizes[l]
            # W a + b in one product; per model (no (K*n, ·) fusing), so each model's BLAS calls, and
            # so its rounding, are the same whether it trains alone or beside others
            ops.append((np.matmul, (self.Wb[l], prev, z)))
            ops += _sigmoid_ops(z, a) if l == last else _hidden_ops(z, a, self.activation, self.zero[:, :n], a)
            prev = self.A1[l] if l < last else None
        p = self.p
        ops += [(np.multiply, (self.A[-1], self.cost_sign, p)), (np.add, (p, self.cost_offset, p)),
                (np.log, (p, p)), (np.add.reduce, (p, 2, None, log_likelihood))]
        dz = self.dZ[-1]
        ops += [(np.subtract, (self.A[-1], self.Y, dz)), (np.multiply, (dz, 1.0 / self.m, dz))]
        for l in range(self.L - 1, -1, -1):
            dz = self.dZ[l]
            ops.append((np.matmul, (dz, self.A1T[l - 1] if l > 0 else self.X1.T, self.dWb[l])))  # [dW | db]
            if l > 0:
                da, g = self.dA[l - 1], self.gate[l - 1]
                # W.T @ dz; with one output unit that is an outer product, far faster as a multiply
                ops.append((np.multiply if dz.shape[1] == 1 else np.matmul, (self.WT[l], dz, da)))
                ops += _gate_ops(self.A[l - 1], self.Z[l - 1], g, self.gate_bool[l - 1], self.activation)
                ops.append((np.multiply, (da, g, self.dZ[l - 1])))
        return ops

    def update_ops(self, learning_rate: float, frozen: Sequence[int] = ()) -> list[tuple]:
        """theta -= learning_rate * grad, except for the ``frozen`` models (diverged ones), whose step
        is held at 0; the others' arithmetic is the same with or without frozen neighbours."""
        if not len(frozen):
            return [(np.multiply, (self.grad, learning_rate, self.step_buf)),
                    (np.subtract, (self.theta, self.step_buf, self.theta))]
        live = np.ones(self.theta.size, dtype=bool)
        for block in _views(live, self._shapes):
            block[list(frozen)] = False
        self.step_buf[~live] = 0.0
        return [(_multiply_where, (self.grad, learning_rate, self.step_buf, live)),
                (np.subtract, (self.theta, self.step_buf, self.theta))]

    def output(self, X: np.ndarray, dtype: type = np.float64) -> np.ndarray:
        """(K, m') outputs on another fixed input set (grid, test set); its buffers are kept for reuse.

        float32 suits the boundary grid, whose outputs are stored as uint8 anyway, at half the cost."""
        key = (id(X), dtype)
        if key not in self._passes:
            self._passes[key] = Pass(self.sizes, self.K, X, dtype)
        cast = (lambda arrays: arrays) if dtype == np.float64 else (lambda arrays: [a.astype(dtype) for a in arrays])
        return self._passes[key].run(cast(self.W), cast(self.b), self.activation)[:, 0, :]


def stacked_output(W: list[np.ndarray], b: list[np.ndarray], X: np.ndarray, activation: str) -> np.ndarray:
    """(K, m) outputs of K stacked models (W[l] of shape (K, n_l, n_prev)) on inputs X, once."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        return Pass([w.shape[1] for w in W], W[0].shape[0], X).run(W, b, activation)[:, 0, :].copy()

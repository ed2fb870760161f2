"""K fully connected networks trained as one: parameters stacked as (K, n_l, n_prev + 1) arrays.

Every model sees the same data, so each numpy call below advances all K models at once and the
per-call overhead is paid once, not K times. All work arrays are allocated up front and the hot
loop writes into them with ``out=``; every [W | b] block is a view into one flat parameter vector
(and every [dW | db] into one flat gradient vector), so the update is two calls whatever the depth.
The arithmetic is the course's (sigmoid(W a + b); dz = 1/m (a - y); dz * (a > 0); W - lr dW; ``loss="mse"``
swaps the sigmoid output and log loss for a linear output and ½ the mean square, whose dz is the same), with
the bias and its gradient folded into the matrix products: on the course run He's costs stay
within 2e-15 of the course's own loop. Each model gets the same BLAS calls whether it trains alone
or beside others, so stacked and single runs agree to the bit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

ACTIVATIONS: tuple[str, ...] = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")
LOSSES: tuple[str, ...] = ("cross_entropy", "mse")  # the course's sigmoid + log loss; a linear output + ½ mean square
LEAKY_SLOPE = 0.01


def _maximum_into(x: np.ndarray, y: np.ndarray, out: np.ndarray) -> None:
    # an array operand (not a scalar 0) takes numpy's fast path; out must be a keyword for maximum
    np.maximum(x, y, out=out)


def _multiply_where(x: np.ndarray, y: float, out: np.ndarray, where: np.ndarray) -> None:
    np.multiply(x, y, out=out, where=where)


def _sigmoid_ops(z: np.ndarray, out: np.ndarray) -> list[tuple]:
    return [(np.negative, (z, out)), (np.exp, (out, out)), (np.add, (out, 1.0, out)), (np.divide, (1.0, out, out))]


def _output_ops(z: np.ndarray, out: np.ndarray, loss: str) -> list[tuple]:
    """Calls writing the output unit's activation into out: sigmoid for cross-entropy, the identity for mse."""
    if loss == "mse":
        return [] if out is z else [(np.copyto, (out, z))]
    return _sigmoid_ops(z, out)


def _hidden_ops(z: np.ndarray, out: np.ndarray, activation: str, zero: np.ndarray, scratch: np.ndarray) -> list[tuple]:
    """Calls writing activation(z) into out; ``zero`` is zeros of z's shape, ``scratch`` a buffer other than z."""
    if activation == "linear":
        return [] if out is z else [(np.copyto, (out, z))]
    if activation == "relu":
        return [(_maximum_into, (z, zero, out))]
    if activation == "tanh":
        return [(np.tanh, (z, out))]
    if activation == "sigmoid":
        return _sigmoid_ops(z, out)
    return [(np.multiply, (z, LEAKY_SLOPE, scratch)), (_maximum_into, (z, scratch, out))]


def _gate_ops(a: np.ndarray, g: np.ndarray, activation: str) -> list[tuple]:
    """Calls writing the activation's derivative at activations a into g (the course's (a > 0) as 0.0/1.0 for relu).

    For relu and leaky relu, a > 0 exactly where z > 0 (NaN and -0.0 included), so a can stand for z. The
    comparison writes its 1.0/0.0 straight into the float gate (one call, no bool array copied over)."""
    if activation == "relu":
        return [(np.greater, (a, 0.0, g))]
    if activation == "linear":
        return [(np.copyto, (g, 1.0))]
    if activation == "tanh":
        return [(np.multiply, (a, a, g)), (np.subtract, (1.0, g, g))]
    if activation == "sigmoid":
        return [(np.subtract, (1.0, a, g)), (np.multiply, (a, g, g))]
    return [(np.greater, (a, 0.0, g)), (np.multiply, (g, 1.0 - LEAKY_SLOPE, g)), (np.add, (g, LEAKY_SLOPE, g))]


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

    def run(self, W: list[np.ndarray], b: list[np.ndarray], activation: str, loss: str = "cross_entropy") -> np.ndarray:
        """(K, 1, m) outputs (sigmoid, or linear for mse) for parameters W[l] (K, n_l, n_prev) and b[l] (K, n_l, 1)."""
        m, last = self.X.shape[1], len(W) - 1
        for start in range(0, m, self.chunk):
            c = min(self.chunk, m - start)
            prev = self.X[:, start : start + c]
            for l in range(len(W)):
                n = W[l].shape[1]
                z = self.out[:, :, start : start + c] if l == last else self.work[l % 2][:, :n, :c]
                ops = [(np.matmul, (W[l], prev, z)), (np.add, (z, b[l], z))]
                ops += (
                    _output_ops(z, z, loss)
                    if l == last
                    else _hidden_ops(z, z, activation, self.zero[:, :n, :c], self.scratch[:, :n, :c])
                )
                for f, args in ops:
                    f(*args)
                prev = z
        return self.out


class StackedNetwork:
    """Forward, cost, backward and update for K models on one (n_x, m) training set.

    Trick "bias folded into BLAS": each layer's parameters are stored as one (K, n_l, n_prev + 1)
    block [W | b] and every input to a layer carries an extra row of ones, so one matrix product
    computes W a + b and one more gives [dW | db]: two BLAS calls per layer instead of four numpy
    passes over the activations. The sums then come out of BLAS instead of numpy's pairwise
    summation, so costs agree with the course's to about 1e-15 relative rather than to the bit.

    Trick "unit-major activations": every layer's activations live in one (rows, K, m) array H,
    layer by layer, each hidden layer followed by its row of ones; the gradients live in D, laid out
    alike. A model's (n, m) slice of a layer is a matrix with row stride K·m, which BLAS reads as it
    is (same products, same bits), while an element-wise call sees one contiguous block for all K
    models: one inner loop instead of K·n short ones, and the whole hidden stack's activation
    derivative is one or two calls per iteration whatever the depth. Activations are written over
    their pre-activations (a derivative never needs z: relu's a > 0 exactly where z > 0)."""

    def __init__(
        self,
        weights: list[np.ndarray],
        biases: list[np.ndarray],
        X: np.ndarray,
        Y: np.ndarray,
        activation: str,
        loss: str = "cross_entropy",
    ):
        K = weights[0].shape[0]
        self.K, self.L, self.activation, self.loss = K, len(weights), activation, loss
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
        self.dW = self.views(self.grad)[0]
        self._bias_entries = np.zeros(total, dtype=bool)
        for block in _views(self._bias_entries, self._shapes):
            block[..., -1] = True
        sizes = [int(np.prod(s[1:])) for s in self._shapes]
        self._block_starts = np.cumsum([0] + [n for n in sizes for _ in range(K)])[:-1]  # (layer, model) blocks

        sizes = self.sizes = [s[1] for s in self._shapes]
        m = self.m = X.shape[1]
        self.X1 = np.vstack([X, np.ones((1, m))])  # inputs with their row of ones
        starts = np.cumsum([0] + [n + 1 for n in sizes[:-1]]).tolist()
        self.blocks = [(s, s + n) for s, n in zip(starts, sizes)]  # rows of H holding layer l's activations
        self.H = np.empty((starts[-1] + 1, K, m))
        self.D = np.empty_like(self.H)
        for _, end in self.blocks[:-1]:
            self.H[end] = 1.0
        self.gate = np.empty((starts[-1], K, m))  # the hidden stack's derivative (leaky relu's scratch before)
        self.zero = np.zeros((max(sizes), K, m))
        self.A = [self.H[s:e].transpose(1, 0, 2) for s, e in self.blocks]  # (K, n_l, m) views, model-major
        self.Y = Y
        # cost: p = a where y = 1, 1 - a where y = 0, computed exactly as a * s + c
        self.cost_sign = 2.0 * Y - 1.0
        self.cost_offset = 1.0 - Y
        self.p = np.empty((K, 1, m))
        self._passes: dict[tuple, Pass] = {}

    def layer_norms(self, flat: np.ndarray) -> np.ndarray:
        """(K, L) Frobenius norms of every model's W in a flat vector laid out like ``theta`` (biases left
        out): three calls for all layers, each (layer, model) block being one contiguous run of it."""
        squares = flat * flat
        np.copyto(squares, 0.0, where=self._bias_entries)
        return np.sqrt(np.add.reduceat(squares, self._block_starts)).reshape(self.L, self.K).T

    @property
    def output_row(self) -> np.ndarray:
        """(K, m) sigmoid outputs of the last forward pass (contiguous)."""
        return self.H[-1]

    def views(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer W and b views into a flat vector laid out like ``theta`` (or ``grad``)."""
        blocks = _views(flat, self._shapes)
        return [v[:, :, :-1] for v in blocks], [v[:, :, -1:] for v in blocks]

    @classmethod
    def from_parameters(
        cls,
        params: list[dict[str, np.ndarray]],
        X: np.ndarray,
        Y: np.ndarray,
        activation: str,
        loss: str = "cross_entropy",
    ) -> StackedNetwork:
        L = len(params[0]) // 2
        W = [np.stack([p[f"W{l}"] for p in params]) for l in range(1, L + 1)]
        b = [np.stack([p[f"b{l}"] for p in params]) for l in range(1, L + 1)]
        return cls(W, b, X, Y, activation, loss)

    def loss_ops(self, out: np.ndarray, p: np.ndarray, log_likelihood: np.ndarray) -> list[tuple]:
        """Calls writing each model's log-likelihood, summed over the last axis of ``out``, into ``log_likelihood``
        (the cost is -that / m): Bernoulli's for cross-entropy, -½ (a - y)² for mse (½ the mean square)."""
        if self.loss == "mse":
            return [
                (np.subtract, (out, self.Y, p)),
                (np.multiply, (p, p, p)),
                (np.multiply, (p, -0.5, p)),
                (np.add.reduce, (p, -1, None, log_likelihood)),
            ]
        return cost_ops(out, self.cost_sign, self.cost_offset, p, log_likelihood)

    def parameters(self, k: int) -> dict[str, np.ndarray]:
        out = {}
        for l in range(self.L):
            out[f"W{l + 1}"] = self.W[l][k].copy()
            out[f"b{l + 1}"] = self.b[l][k].copy()
        return out

    def iteration_ops(self, log_likelihood: np.ndarray) -> list[tuple]:
        """The calls of one training iteration up to (not including) the update, as (ufunc, args),
        with sum(log p(true class)) per model in ``log_likelihood`` (K, 1); the cost is -that / m."""
        out = self.output_row.reshape(self.K, 1, self.m)
        return self.forward_ops() + self.loss_ops(out, self.p, log_likelihood) + self.backward_ops()

    def forward_ops(self) -> list[tuple]:
        """Calls writing every layer's activations into H, each over its pre-activation.

        Built once with every buffer bound, so the hot loop is ``for f, a in ops: f(*a)``: no
        attribute look-ups, no keyword parsing, no allocation."""
        ops: list[tuple] = []
        for l, (s, e) in enumerate(self.blocks):
            h = self.H[s:e]
            # W a + b in one product; per model (no (K*n, ·) fusing), so each model's BLAS calls, and
            # so its rounding, are the same whether it trains alone or beside others
            ops.append((np.matmul, (self.Wb[l], self._inputs(l), h.transpose(1, 0, 2))))
            ops += (
                _output_ops(h, h, self.loss)
                if l == self.L - 1
                else _hidden_ops(h, h, self.activation, self.zero[: e - s], self.gate[s:e])
            )
        return ops

    def backward_ops(self) -> list[tuple]:
        """Calls writing [dW | db] of every layer into ``grad`` (dz of each layer in D, over its dA)."""
        K, m = self.K, self.m
        dz = self.D[-1].reshape(K, 1, m)
        ops = [(np.subtract, (self.output_row.reshape(K, 1, m), self.Y, dz)), (np.multiply, (dz, 1.0 / m, dz))]
        ops += _gate_ops(self.H[:-1], self.gate, self.activation)  # every hidden layer at once
        for l in range(self.L - 1, -1, -1):
            s, e = self.blocks[l]
            ops.append((np.matmul, (self.D[s:e].transpose(1, 0, 2), self._inputs(l, transposed=True), self.dWb[l])))
            if l > 0:
                ps, pe = self.blocks[l - 1]
                da = self.D[ps:pe]
                # W.T @ dz; with one output unit that is an outer product, far faster as a multiply
                ops.append(
                    (np.multiply, (self.W[l].transpose(2, 0, 1), self.D[s:e], da))
                    if e - s == 1
                    else (
                        np.matmul,
                        (self.W[l].transpose(0, 2, 1), self.D[s:e].transpose(1, 0, 2), da.transpose(1, 0, 2)),
                    )
                )
                ops.append((np.multiply, (da, self.gate[ps:pe], da)))
        return ops

    def _inputs(self, l: int, transposed: bool = False) -> np.ndarray:
        """Layer l's input with its row of ones, as (K, n_prev + 1, m) (or its (K, m, n_prev + 1) transpose)."""
        if l == 0:
            return self.X1.T if transposed else self.X1
        s, e = self.blocks[l - 1]
        rows = self.H[s : e + 1]
        return rows.transpose(1, 2, 0) if transposed else rows.transpose(1, 0, 2)

    def update_ops(self, learning_rate: float, frozen: Sequence[int] = ()) -> list[tuple]:
        """theta -= learning_rate * grad, except for the ``frozen`` models (diverged ones), whose step
        is held at 0; the others' arithmetic is the same with or without frozen neighbours."""
        if not len(frozen):
            return [
                (np.multiply, (self.grad, learning_rate, self.step_buf)),
                (np.subtract, (self.theta, self.step_buf, self.theta)),
            ]
        live = np.ones(self.theta.size, dtype=bool)
        for block in _views(live, self._shapes):
            block[list(frozen)] = False
        self.step_buf[~live] = 0.0
        return [
            (_multiply_where, (self.grad, learning_rate, self.step_buf, live)),
            (np.subtract, (self.theta, self.step_buf, self.theta)),
        ]

    def output(self, X: np.ndarray, dtype: type = np.float64) -> np.ndarray:
        """(K, m') outputs on another fixed input set (grid, test set); its buffers are kept for reuse.

        float32 suits the boundary grid, whose outputs are stored as uint8 anyway, at half the cost."""
        key = (id(X), dtype)
        if key not in self._passes:
            self._passes[key] = Pass(self.sizes, self.K, X, dtype)
        cast = (lambda arrays: arrays) if dtype == np.float64 else (lambda arrays: [a.astype(dtype) for a in arrays])
        return self._passes[key].run(cast(self.W), cast(self.b), self.activation, self.loss)[:, 0, :]


def cost_ops(
    out: np.ndarray, sign: np.ndarray, offset: np.ndarray, p: np.ndarray, log_likelihood: np.ndarray
) -> list[tuple]:
    """Calls writing sum(log p(true class)) over the last axis of ``out`` (…, K, 1, m) into ``log_likelihood``.

    -log(p) of the true class equals the course's nansum(-log(a) y - log(1-a) (1-y)) term for term,
    infinities included, and negating a sum is exact. Each row is summed alone, with numpy's pairwise
    summation, so a block of iterations gives each iteration's sum to the bit."""
    return [
        (np.multiply, (out, sign, p)),
        (np.add, (p, offset, p)),
        (np.log, (p, p)),
        (np.add.reduce, (p, -1, None, log_likelihood)),
    ]


def stacked_output(
    W: list[np.ndarray], b: list[np.ndarray], X: np.ndarray, activation: str, loss: str = "cross_entropy"
) -> np.ndarray:
    """(K, m) outputs of K stacked models (W[l] of shape (K, n_l, n_prev)) on inputs X, once."""
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        return Pass([w.shape[1] for w in W], W[0].shape[0], X).run(W, b, activation, loss)[:, 0, :].copy()


COST_BLOCK_BYTES = 1 << 20  # the outputs set aside for the batched cost: at most 1 MB


def cost_block(K: int, m: int, most: int) -> int:
    """Iterations whose outputs the trainer sets aside before costing them together (1 … most)."""
    return max(1, min(most, COST_BLOCK_BYTES // (K * m * 8)))

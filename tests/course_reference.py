"""The course's own training loop, as students write it: parameters in a dict, np.dot, one model
at a time. The reference the engine is checked (tests/test_course.py) and timed (benchmarks/) against."""

import numpy as np


def course_init(kind: str, layers: list[int]) -> dict:
    np.random.seed(3)
    p = {}
    for l in range(1, len(layers)):
        if kind == "zeros":
            p["W" + str(l)] = np.zeros((layers[l], layers[l - 1]))
        elif kind == "random":
            p["W" + str(l)] = np.random.randn(layers[l], layers[l - 1]) * 10
        else:
            p["W" + str(l)] = np.random.randn(layers[l], layers[l - 1]) * np.sqrt(2.0 / layers[l - 1])
        p["b" + str(l)] = np.zeros((layers[l], 1))
    return p


def course_model(X, Y, kind: str, iterations: int) -> list[float]:
    """The course's model(): forward, compute_loss, backward, update_parameters, per iteration."""
    p = course_init(kind, [X.shape[0], 10, 5, 1])
    m = X.shape[1]
    costs = []
    for _ in range(iterations):
        z1 = np.dot(p["W1"], X) + p["b1"]
        a1 = np.maximum(0, z1)
        z2 = np.dot(p["W2"], a1) + p["b2"]
        a2 = np.maximum(0, z2)
        z3 = np.dot(p["W3"], a2) + p["b3"]
        a3 = 1 / (1 + np.exp(-z3))
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
        costs.append(1.0 / m * np.nansum(logprobs))
        dz3 = 1.0 / m * (a3 - Y)
        g = {"dW3": np.dot(dz3, a2.T), "db3": np.sum(dz3, axis=1, keepdims=True)}
        da2 = np.dot(p["W3"].T, dz3)
        dz2 = np.multiply(da2, np.int64(a2 > 0))
        g["dW2"] = np.dot(dz2, a1.T)
        g["db2"] = np.sum(dz2, axis=1, keepdims=True)
        da1 = np.dot(p["W2"].T, dz2)
        dz1 = np.multiply(da1, np.int64(a1 > 0))
        g["dW1"] = np.dot(dz1, X.T)
        g["db1"] = np.sum(dz1, axis=1, keepdims=True)
        for k in range(3):
            p["W" + str(k + 1)] = p["W" + str(k + 1)] - 0.01 * g["dW" + str(k + 1)]
            p["b" + str(k + 1)] = p["b" + str(k + 1)] - 0.01 * g["db" + str(k + 1)]
    return costs


def plain_model(X, Y, params: dict, iterations: int, learning_rate: float = 0.01) -> list[float]:
    """The same loop for any depth (relu hidden layers, sigmoid output), from given initial parameters:
    the reference the engine's deep-network speed is measured against (benchmarks/engine.py)."""
    p = {k: v.copy() for k, v in params.items()}
    L, m = len(p) // 2, X.shape[1]
    costs = []
    for _ in range(iterations):
        a = [X]
        for l in range(1, L + 1):
            z = np.dot(p["W" + str(l)], a[-1]) + p["b" + str(l)]
            a.append(1 / (1 + np.exp(-z)) if l == L else np.maximum(0, z))
        logprobs = np.multiply(-np.log(a[L]), Y) + np.multiply(-np.log(1 - a[L]), 1 - Y)
        costs.append(1.0 / m * np.nansum(logprobs))
        dz = 1.0 / m * (a[L] - Y)
        for l in range(L, 0, -1):
            dW, db = np.dot(dz, a[l - 1].T), np.sum(dz, axis=1, keepdims=True)
            if l > 1:
                dz = np.multiply(np.dot(p["W" + str(l)].T, dz), np.int64(a[l - 1] > 0))
            p["W" + str(l)] = p["W" + str(l)] - learning_rate * dW
            p["b" + str(l)] = p["b" + str(l)] - learning_rate * db
    return costs

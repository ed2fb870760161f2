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

"""Checks at the public API boundary: every message says what was wrong and what is allowed."""

from __future__ import annotations

import operator
import reprlib
from itertools import islice
from numbers import Integral, Real
from typing import Any

import numpy as np

MAX_ITERATIONS = 10**9
MAX_LAYER_SIZE = 10**6
MAX_FEATURE = 1e150  # beyond this, squares of features (in gradients and statistics) overflow float64
_REPR = reprlib.Repr()
_REPR.maxlist = _REPR.maxtuple = _REPR.maxarray = 6
_REPR.maxstring = _REPR.maxother = 60


def short_repr(value: Any) -> str:
    """A value's repr cut to at most ~80 characters, so an error quoting a million-entry list stays short."""
    text = _REPR.repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def as_layout(X: Any, Y: Any, what: str = "X", labels: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Return float64 X of shape (n_x, m) and Y of shape (1, m) with 0/1 labels (finite targets: ``labels=False``).

    Accepts the course layout (features x samples) or the usual (samples x features);
    when both readings fit (square X) the course layout wins.
    """
    y_name = "Y" + what[1:]
    X = numeric_array(X, what)
    Y = numeric_array(Y, y_name)
    if X.ndim != 2:
        raise ValueError(f"{what} must be 2-D, (n_features, n_samples) or (n_samples, n_features); got shape {X.shape}")
    if Y.ndim == 2 and 1 not in Y.shape or Y.ndim > 2 or Y.ndim == 0:
        raise ValueError(f"{y_name}: labels must be a vector of shape (m,), (1, m) or (m, 1); got shape {Y.shape}")
    y = Y.reshape(-1)
    m = y.size
    if X.shape[1] == m:
        Xc = X
    elif X.shape[0] == m:
        Xc = X.T
    else:
        raise ValueError(
            f"{what} has shape {X.shape} but there are {m} labels in {y_name}: one axis of {what} must match the "
            "number of labels (course layout (n_features, m) or (m, n_features))"
        )
    if m < 2:
        raise ValueError(f"{what} and {y_name} need at least 2 samples; got {m}")
    if Xc.shape[0] < 1:
        raise ValueError(f"{what} has no features (shape {X.shape}); give at least one feature per sample")
    if not np.all(np.isfinite(Xc)):
        raise ValueError(f"{what} contains NaN or infinite values; all features must be finite numbers")
    biggest = float(np.max(np.abs(Xc)))
    if biggest > MAX_FEATURE:
        raise ValueError(
            f"{what} has features as large as {biggest:.3g}: beyond {MAX_FEATURE:.0e} the network's products and "
            "squares overflow float64 and the cost is inf from the first iteration; scale the features, "
            f"e.g. standardize: ({what} - mean) / std"
        )
    if not labels:
        if not np.all(np.isfinite(y)) or np.max(np.abs(y)) > MAX_FEATURE:
            raise ValueError(f"{y_name}: regression targets (loss='mse') must be finite and at most {MAX_FEATURE:.0e}")
    elif not np.all(np.isin(y, (0, 1))):
        bad = np.unique(y[~np.isin(y, (0, 1))])[:5]
        raise ValueError(
            f"{y_name}: labels must be 0 or 1 (binary classification; for regression targets "
            f"train with loss='mse'); found [{', '.join(f'{b:.4g}' for b in bad.tolist())}]"
        )
    return np.ascontiguousarray(Xc, dtype=np.float64), np.ascontiguousarray(y.reshape(1, m), dtype=np.float64)


def training_data(X: Any, Y: Any, loss: str = "cross_entropy") -> tuple[np.ndarray, np.ndarray]:
    """X and Y checked for the loss: 0/1 labels of both classes for cross-entropy, finite targets for mse."""
    if loss == "mse":
        return as_layout(X, Y, labels=False)
    X, Y = as_layout(X, Y)
    if np.unique(Y).size < 2:
        raise ValueError(f"Y: labels contain one class only ({int(Y[0, 0])}); training needs both 0 and 1")
    return X, Y


def numeric_array(a: Any, what: str) -> np.ndarray:
    """``a`` as an array of real numbers (no strings, objects, complex or masked arrays), refused by name."""
    if a is None:
        raise TypeError(f"{what} is required (an array of numbers), got None")
    if isinstance(a, np.ma.MaskedArray):
        raise TypeError(
            f"{what} is a masked array (np.ma); its mask would be ignored. Drop the masked samples "
            f"first, e.g. {what}.compressed() or {what}.filled(value), and pass a plain array"
        )
    try:
        arr = np.asarray(a)
    except ValueError:
        raise ValueError(
            f"{what} must be a rectangular array of numbers (every row the same length); got a ragged sequence"
        ) from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{what} must hold real numbers (int, float or bool dtype); got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{what} must hold real numbers; got complex dtype {arr.dtype}")
    return arr


def layer_sizes(layers: Any, n_x: int) -> list[int]:
    try:
        sizes = list(layers)
    except TypeError:
        raise TypeError(
            f"layers must be a list of layer sizes such as [2, 10, 5, 1]; got {short_repr(layers)}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(f"layers needs at least an input and an output size, e.g. [{n_x}, 1]; got {sizes}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, Integral) or not 1 <= s <= MAX_LAYER_SIZE:
            raise ValueError(
                f"layers must hold positive whole numbers of at most {MAX_LAYER_SIZE:,} units; "
                f"got {short_repr(s)} in {short_repr(sizes)}"
            )
    sizes = [int(s) for s in sizes]
    if sizes[0] != n_x:
        raise ValueError(
            f"the first layer size must equal the number of features, {n_x}; got layers {short_repr(sizes)}"
        )
    if sizes[-1] != 1:
        raise ValueError(
            f"the output layer must have 1 unit (sigmoid for binary labels); got layers {short_repr(sizes)}"
        )
    return sizes


def positive_number(value: Any, name: str) -> float:
    """Any real number (int, float, numpy scalar, Fraction, …) > 0 that float64 can hold, as a float."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number > 0; got {short_repr(value)}")
    try:
        number = float(value)
    except (OverflowError, ValueError):
        number = float("inf")
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {short_repr(value)}")
    return number


def whole_number(value: Any, name: str, minimum: int = 1, maximum: int | None = None) -> int:
    """A Python int (numpy integers normalised here, so np.int64(1000) behaves exactly as 1000 downstream)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number >= {minimum}; got {short_repr(value)}")
    value = operator.index(value)
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {short_repr(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}; got {short_repr(value)}")
    return value


def seed_value(seed: Any, name: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, Integral) or not 0 <= seed < 2**32:
        raise ValueError(
            f"{name} must hold whole numbers in [0, 2**32); got {short_repr(seed)}"
            if name == "seeds"
            else f"{name} must be a whole number in [0, 2**32); got {short_repr(seed)}"
        )
    return operator.index(seed)


def bounded_list(values: Any, name: str, limit: int) -> list:
    """The first limit + 1 items of an iterable at most (a generator, itertools.count()), refused when longer:
    a huge or endless argument is never materialised."""
    try:
        items = list(islice(iter(values), limit + 1))
    except TypeError:
        raise TypeError(f"{name} must be a list; got {short_repr(values)}") from None
    if len(items) > limit:
        raise ValueError(f"{name} has more than {limit:,} values; give at most {limit:,}")
    return items


def positive_numbers(values: Any, name: str, limit: int) -> np.ndarray:
    """A 1-D float64 array of real numbers > 0 (no strings, no bools), refused by count before it is copied."""
    if isinstance(values, np.ndarray):
        if values.size > limit:
            raise ValueError(f"{name} has {values.size:,} values; give at most {limit:,}")
        items = values.reshape(-1).tolist() if values.dtype.kind not in "fiu" else None
    elif isinstance(values, Real) and not isinstance(values, bool):
        items = [values]
    elif isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list or array of numbers > 0; got {short_repr(values)}")
    else:
        items = bounded_list(values, name, limit)
    for i, v in enumerate(items or []):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, Real):
            raise TypeError(
                f"{name} must hold real numbers > 0, not {type(v).__name__}; got {short_repr(v)} at index {i}"
            )
    arr = np.array(values.reshape(-1) if items is None else items, dtype=np.float64)
    bad = np.flatnonzero(~(np.isfinite(arr) & (arr > 0)))
    if arr.size == 0 or bad.size:
        got = "none" if arr.size == 0 else f"{float(arr[bad[0]])!r} at index {bad[0]}"
        raise ValueError(f"{name} must be finite numbers > 0, e.g. np.logspace(-3, 2, 21); got {got}")
    return arr


def choice(value: Any, allowed: Any, name: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"unknown {name} {short_repr(value)}; choose one of: {', '.join(sorted(allowed))}")
    return value

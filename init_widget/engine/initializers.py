"""Weight initializers: a registry users can list and extend, and the course's seeding rules.

An initializer draws one weight matrix: ``f(shape, rng) -> array`` with ``shape = (n_l, n_prev)``
and ``rng`` a legacy ``np.random.RandomState``. Each model gets a fresh ``RandomState(seed)`` and
one draw per layer, in layer order, exactly as the course's ``np.random.seed(3)`` followed by one
``np.random.randn`` per layer, so ``seed=3`` reproduces the course. Biases start at zero.

A student's own course-style function ``initialize_parameters_x(layers_dims) -> {'W1': .., 'b1': ..}``
is accepted too; it runs with the global numpy seed set to ``seed`` (and restored afterwards).

A data-dependent initializer (LSUV) declares a parameter named ``X``: training passes it a ``Batch``'s
data, ``f(shape, rng, X=...)`` the input this layer receives on the batch (the batch sent through the
layers drawn before it, biases 0), a course-style ``f(layers_dims, X=...)`` the batch itself (n_x, m).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from .activations import activate
from .scale_rules import SCALE_RULES, rule_factor

DrawFn = Callable[[tuple[int, int], np.random.RandomState], np.ndarray]
CourseFn = Callable[[list[int]], dict]
InitializerSpec = str | DrawFn | CourseFn


def _normal(scale: Callable[[int, int], float]) -> DrawFn:
    def draw(shape: tuple[int, int], rng: np.random.RandomState) -> np.ndarray:
        return rng.randn(*shape) * scale(*shape)

    return draw


def _uniform(limit: Callable[[int, int], float]) -> DrawFn:
    def draw(shape: tuple[int, int], rng: np.random.RandomState) -> np.ndarray:
        a = limit(*shape)
        return rng.uniform(-a, a, size=shape)

    return draw


def random_normal(scale: float = 10.0) -> DrawFn:
    """The course's ``randn * scale`` (10 in the exercise, 0.01 for the common "small random")."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a finite number > 0; got {scale!r}")
    draw = _normal(lambda n_out, n_in: scale)
    draw.__name__ = f"random×{scale:g}"
    return draw


def zeros(shape: tuple[int, int], rng: np.random.RandomState) -> np.ndarray:
    return np.zeros(shape)


def orthogonal(shape: tuple[int, int], rng: np.random.RandomState) -> np.ndarray:
    """Saxe et al.: a random orthogonal matrix (rows or columns orthonormal), gain 1."""
    n_out, n_in = shape
    a = rng.randn(max(n_out, n_in), min(n_out, n_in))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    return q if n_out >= n_in else q.T


@dataclass(frozen=True)
class Batch:
    """The data a data-dependent initializer sees: inputs X (n_x, m) and the hidden activation between layers."""

    X: np.ndarray
    activation: str = "relu"


LSUV_TOL = 0.1  # Mishkin & Matas' Tol_var: |Var(z) - 1| below this is done


def lsuv(shape: tuple[int, int], rng: np.random.RandomState, X: np.ndarray | None = None) -> np.ndarray:
    """Mishkin & Matas 2016 (LSUV): an orthonormal draw rescaled so this layer's output W X has variance 1 on
    the batch X (the layer's input). The paper repeats the rescaling because each of its passes takes a new
    mini-batch; on one fixed batch the output is linear in W, so one rescaling is exact. A layer whose
    output is all zero (every input unit dead) keeps its orthonormal draw: there is nothing to rescale."""
    if X is None:
        raise ValueError(
            "lsuv is data-dependent: it needs the layer's input X on a batch of training data; "
            "train(), TrainingWidget and signal_propagation pass it"
        )
    W = orthogonal(shape, rng)
    var = float(np.var(W @ X))
    return W / np.sqrt(var) if np.isfinite(var) and var > 0 else W


INITIALIZERS: dict[str, DrawFn] = {
    "zeros": zeros,
    "random": random_normal(10.0),
    "small": random_normal(0.01),
    "he": _normal(rule_factor("he")),
    "he_uniform": _uniform(rule_factor("he_uniform")),
    "xavier": _normal(rule_factor("xavier")),
    "glorot": _normal(rule_factor("glorot")),
    "lecun": _normal(rule_factor("xavier")),
    "lecun_uniform": _uniform(rule_factor("lecun_uniform")),
    "standard_uniform": _uniform(rule_factor("standard_uniform")),
    "glorot_uniform": _uniform(rule_factor("glorot_uniform")),
    "orthogonal": orthogonal,
    "lsuv": lsuv,
}
"""Built-in initializers by name, with the course's names. Keras/PyTorch users, beware: ``xavier`` here is the
course's fan-in rule ``randn × sqrt(1/n_prev)`` (``lecun`` is the same), not Glorot's fan average; that one is
``glorot``, ``randn × sqrt(2/(n_in+n_out))``, drawn from a normal distribution (PyTorch's xavier_normal_), not
uniform as Keras' default GlorotUniform and PyTorch's xavier_uniform_. ``he`` is normal too (kaiming_normal_)."""
BUILT_IN = frozenset(INITIALIZERS)

DESCRIPTIONS: dict[str, str] = {
    "zeros": "all weights 0",
    "random": "randn × 10 (the course's large random)",
    "small": "randn × 0.01",
    **{
        key: SCALE_RULES[key].description()
        for key in ("he", "he_uniform", "xavier", "glorot", "lecun_uniform", "standard_uniform", "glorot_uniform")
    },
    "lecun": SCALE_RULES["xavier"].description(),
    "orthogonal": "random orthogonal matrix",
    # Keras/PyTorch users read "xavier" and "glorot" as other rules: the tooltips say which these are
    "xavier": SCALE_RULES["xavier"].description() + " (the course's fan-in Xavier, not Keras' Glorot)",
    "glorot": SCALE_RULES["glorot"].description() + " (Glorot's fan average, drawn normal, not uniform)",
    "lsuv": "orthogonal, each layer rescaled to output variance 1 on the training data (LSUV)",
}


def register_initializer(name: str, fn: DrawFn, description: str = "", replace: bool = False) -> None:
    """Add ``fn(shape, rng) -> array`` under ``name`` so every API and control can use it.

    Replacing a name that exists (a built-in such as "he", or one registered before) needs
    ``replace=True``: a typo must not silently change what "he" means for the rest of the session."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"initializer name must be a plain identifier such as 'my_init'; got {name!r}")
    if not callable(fn):
        raise TypeError(f"initializer must be callable as fn(shape, rng); got {type(fn).__name__}")
    if name in INITIALIZERS and not replace:
        kind = "a built-in initializer" if name in BUILT_IN else "already registered"
        raise ValueError(f"initializer name {name!r} is {kind}; pass replace=True to replace it, or pick another name")
    INITIALIZERS[name] = fn
    DESCRIPTIONS[name] = description or getattr(fn, "__doc__", None) or name


def initializer_name(spec: InitializerSpec) -> str:
    if isinstance(spec, str):
        return spec
    return getattr(spec, "__name__", type(spec).__name__)


def resolve(spec: Any) -> InitializerSpec:
    """Check a spec early so errors surface before any training starts."""
    if isinstance(spec, str):
        if spec not in INITIALIZERS:
            raise ValueError(
                f"unknown initializer {spec!r}; choose one of: {', '.join(INITIALIZERS)}, or pass a function"
            )
        return spec
    if callable(spec):
        return spec
    raise TypeError(
        "initializer must be a name (one of: " + ", ".join(INITIALIZERS) + "), a function f(shape, rng) "
        f"or a course-style initialize_parameters(layers_dims); got {type(spec).__name__}"
    )


def _parameters(fn: Callable) -> list[inspect.Parameter]:
    try:
        return list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []


def _is_course_style(fn: Callable) -> bool:
    """One required positional parameter besides a data-dependent one's X: f(layers_dims) or f(layers_dims, X)."""
    params = [
        p
        for p in _parameters(fn)
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "X"
    ]
    return len(params) == 1


def wants_data(spec: InitializerSpec) -> bool:
    """The initializer is data-dependent: it declares a parameter named X (the built-in "lsuv" does)."""
    fn = INITIALIZERS.get(spec) if isinstance(spec, str) else spec
    return any(p.name == "X" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in _parameters(fn))


def initial_parameters(
    spec: InitializerSpec, layers: list[int], seed: int, data: Batch | None = None
) -> dict[str, np.ndarray]:
    """Return {'W1', 'b1', ...} as float64 arrays of the course's shapes, checked.

    ``data`` is the batch a data-dependent initializer draws from (see the module docstring); one that
    requires X refuses to run without it. A user's function runs with numpy's global random state saved
    and restored around it, so an initializer that calls ``np.random.seed`` cannot change what the rest
    of the notebook draws."""
    spec = resolve(spec)
    name = initializer_name(spec)
    if isinstance(spec, str):
        return _checked(_draw_all(INITIALIZERS[spec], layers, seed, data), layers, name)
    if data is None and _requires_data(spec):
        raise ValueError(
            f"initializer {name} is data-dependent (it requires X): it needs the training data, "
            "which train(), TrainingWidget and signal_propagation pass"
        )
    with _named_errors(spec, _is_course_style(spec)):
        params = raw_parameters(spec, layers, seed, data)
    if not isinstance(params, dict):
        raise TypeError(
            f"initializer {name} must return a dict like {{'W1': ..., 'b1': ...}}; got {type(params).__name__}"
        )
    return _checked(params, layers, name)


def _requires_data(fn: Callable) -> bool:
    return any(p.name == "X" and p.default is p.empty for p in _parameters(fn))


def raw_parameters(fn: Callable, layers: list[int], seed: int, data: Batch | None = None) -> Any:
    """What a user's function returns, unchecked, run as training runs it: numpy's global random state
    seeded to ``seed`` for a course-style function, left as it is for f(shape, rng); restored afterwards.
    A data-dependent one gets ``X`` from ``data`` when given."""
    course_style = _is_course_style(fn)
    with _global_random_state_kept(seed if course_style else None):
        if not course_style:
            return _draw_all(fn, layers, seed, data)
        return fn(list(layers), X=data.X) if data is not None and wants_data(fn) else fn(list(layers))


def _draw_all(draw: DrawFn, layers: list[int], seed: int, data: Batch | None = None) -> dict:
    """One draw per layer from a fresh RandomState(seed), in layer order (the course's order). A data-dependent
    draw gets X=its layer's input on ``data``'s batch: the batch through the layers drawn before it, biases 0."""
    rng = np.random.RandomState(seed)
    inputs = data.X if data is not None and wants_data(draw) else None
    params = {}
    for l in range(1, len(layers)):
        shape = (layers[l], layers[l - 1])
        params[f"W{l}"] = draw(shape, rng) if inputs is None else draw(shape, rng, X=inputs)
        params[f"b{l}"] = np.zeros((layers[l], 1))
        if inputs is not None and l < len(layers) - 1:
            inputs = activate(np.asarray(params[f"W{l}"], dtype=np.float64) @ inputs, data.activation)
    return params


@contextmanager
def _global_random_state_kept(seed: int | None) -> Iterator[None]:
    """Run a user's code with numpy's global RNG seeded to ``seed`` (if given), restored afterwards."""
    state = np.random.get_state()
    if seed is not None:
        np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


@contextmanager
def _named_errors(fn: Callable, course_style: bool) -> Iterator[None]:
    """Turn an error inside a user's initializer into one that names it and says how it was called."""
    try:
        yield
    except MemoryError:
        raise
    except Exception as exc:
        call = "f(layers_dims) (course style)" if course_style else "f(shape, rng) for each weight matrix"
        hint = (
            ""
            if course_style or not isinstance(exc, TypeError)
            else (
                " (numpy's own functions such as np.random.randn take other arguments: "
                "wrap them, e.g. lambda shape, rng: rng.randn(*shape) * 0.1)"
            )
        )
        kind = ValueError if isinstance(exc, ValueError) else TypeError
        raise kind(
            f"initializer {initializer_name(fn)} failed when called as {call}: {type(exc).__name__}: {exc}{hint}"
        ) from exc


def _checked(params: dict, layers: list[int], name: str) -> dict[str, np.ndarray]:
    out = {}
    for l in range(1, len(layers)):
        for key, shape in ((f"W{l}", (layers[l], layers[l - 1])), (f"b{l}", (layers[l], 1))):
            if key not in params:
                raise ValueError(
                    f"initializer {name} returned no {key!r}; "
                    f"expected keys W1, b1 … W{len(layers) - 1}, b{len(layers) - 1}"
                )
            try:
                value = np.asarray(params[key])
            except (TypeError, ValueError):
                raise TypeError(
                    f"initializer {name}: {key} must be an array of real numbers, "
                    f"not a ragged or unconvertible {type(params[key]).__name__}"
                ) from None
            if not (np.issubdtype(value.dtype, np.number) or value.dtype == bool) or np.iscomplexobj(value):
                raise TypeError(f"initializer {name}: {key} must hold real numbers; got dtype {value.dtype}")
            if value.shape != shape:
                raise ValueError(
                    f"initializer {name}: {key} has shape {value.shape}, expected {shape} for layers {layers}"
                )
            if not np.all(np.isfinite(value)):
                raise ValueError(f"initializer {name}: {key} contains NaN or infinite values")
            out[key] = np.array(value, dtype=np.float64)
    return out

"""Property-based: any TrainingWidget(...) either builds, and a tiny run agrees with train(), or raises
a ValueError/TypeError that names a bad argument (the Python API and the Explorer build it this way)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from init_widget import TrainingWidget, load_dataset, train

X, Y, X_TEST, Y_TEST = load_dataset()


def scaled(shape, rng):
    return rng.randn(*shape) * math.sqrt(1 / shape[1])


# per option: values that must be accepted, values that must be refused
VALID = {
    "initializers": st.sampled_from([["he"], ["zeros", "random"], "xavier", [scaled, "he"]]),
    "layers": st.sampled_from([[2, 3, 1], [2, 4, 3, 1], [2, 1]]),
    "learning_rate": st.floats(1e-4, 5.0),
    "iterations": st.integers(1, 30),
    "seed": st.integers(0, 2**32 - 1),
    "activation": st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu"]),
    "frame_every": st.one_of(st.none(), st.integers(1, 10)),
    "grid_size": st.integers(2, 20),
    "duration": st.floats(0.5, 3600),
}
INVALID = {
    "initializers": st.sampled_from(["kaiming", [], 3, ["he", None]]),
    "layers": st.sampled_from([[2, 0, 1], [3, 4, 1], [2, -1, 1], [2, 10**20, 1], "big", [2, 2.5, 1]]),
    "learning_rate": st.sampled_from([0, -1, float("nan"), float("inf"), "fast", None]),
    "iterations": st.sampled_from([0, -5, 10**30, 2.5, "ten", float("nan")]),
    "seed": st.sampled_from([-5, 1.5, "x", 2**40]),
    "activation": st.sampled_from(["swish", 3, None]),
    "frame_every": st.sampled_from([0, -1, 0.5]),
    "grid_size": st.sampled_from([1, 0, 10**9, "big"]),
    "duration": st.sampled_from([0, -1, float("nan"), float("inf"), 1e9, "slow", None]),
}


@st.composite
def options(draw):
    """Some options, each left out or given; half the time all valid, else one to three invalid.
    Returns them and the names of the invalid ones."""
    given_names = draw(st.lists(st.sampled_from(sorted(VALID)), unique=True, max_size=len(VALID)))
    bad = set(draw(st.sampled_from([[], [], given_names[:1], given_names[:3]]))) if given_names else set()
    chosen = {name: draw((INVALID if name in bad else VALID)[name]) for name in given_names}
    if not bad and draw(st.integers(0, 9)) == 0:
        chosen["iteration"] = 5  # a misspelt option
        bad.add("iteration")
    chosen.setdefault("iterations", 20)  # keep the valid runs tiny
    event("refused" if bad else "trained")
    return chosen, bad


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options())
def test_widget_options_build_and_agree_with_train_or_name_the_bad_argument(drawn):
    chosen, bad = drawn
    try:
        w = TrainingWidget(X, Y, X_test=X_TEST, Y_test=Y_TEST, **chosen)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        assert bad, f"valid options {chosen} refused: {message}"
        assert any(name.rstrip("s") in message for name in bad), f"{message!r} names none of {sorted(bad)}"
        return
    assert not bad, f"invalid {sorted(bad)} accepted: {chosen}"
    try:
        w.start()
        histories = w.wait(timeout=60)
        options = {k: v for k, v in chosen.items() if k not in ("initializers", "duration")}
        initializers = chosen.get("initializers", ("zeros", "random", "he"))
        alone = train(X, Y, initializer=initializers, X_test=X_TEST, Y_test=Y_TEST, **options)
        alone = alone if isinstance(alone, list) else [alone]
        assert [h.name for h in histories] == [h.name for h in alone]
        for a, b in zip(histories, alone):
            assert np.array_equal(a.costs, b.costs, equal_nan=True)
            assert a.frames is None and b.frames is None or np.array_equal(a.frames, b.frames)
        assert w.status in ("done", "diverged")
    finally:
        w.close()

"""Property-based tests over the Explorer's options (hypothesis): every input builds and trains, or is refused.

Each generated set of keyword arguments mixes values in range with hostile ones (out of range, NaN,
huge, wrong type, unknown names). Either the Explorer builds, shows exactly what it was given and
trains that run to the end, or it raises a ValueError/TypeError whose message names the offending
argument. Valid values are drawn from small corners of each range (a few dozen iterations, small
layers) so every example is a tiny run; the full ranges' edges are covered in test_explorer.py.
No wall-clock deadline is asserted (a loaded 2-core machine is noisy): waits are bounded so nothing
hangs, the module prints its median and slowest example, and the kernel's memory growth over all
examples (every Explorer closed) stays under MEMORY_BOUND_MB.
"""

from __future__ import annotations

import gc
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from init_widget import INITIALIZERS
from init_widget.engine import DATASETS
from init_widget.engine.network import ACTIVATIONS
from init_widget.explorer import Explorer
from init_widget.explorer.controls import RANGES

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=4),
    st.just([1]),
    st.just(float("nan")),
    st.just(float("inf")),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True),
)


def outside(name: str) -> st.SearchStrategy:
    """Just past either end of a numeric option's range, or a hostile value."""
    r = RANGES[name]
    return st.one_of(st.sampled_from([r.lo - (1 if r.whole else 1e-9), r.hi + (1 if r.whole else r.hi)]), HOSTILE)


VALID = {  # small corners of every range: tiny runs
    "learning_rate": st.floats(1e-4, 10.0),
    "iterations": st.integers(1, 40),
    "seed": st.integers(0, 2**32 - 1),
    "frame_every": st.one_of(st.none(), st.integers(0, 100_000)),
    "random_scale": st.floats(1e-3, 100.0),
    "noise": st.one_of(st.none(), st.floats(0.0, 0.5)),
    "n_samples": st.integers(4, 120),
    "data_seed": st.integers(0, 2**32 - 2),
    "initializers": st.lists(st.sampled_from(list(INITIALIZERS)), min_size=1, max_size=8, unique=True),
    "hidden": st.one_of(st.lists(st.integers(1, 12), max_size=4), st.just("3, 4")),
    "activation": st.sampled_from(ACTIVATIONS),
    "dataset": st.sampled_from(DATASETS),
    "preset": st.sampled_from(["course", "tanh", "deep", "too_small"]),
}
BAD = {name: outside(name) for name in RANGES}
BAD.update(
    {
        "initializers": st.one_of(st.sampled_from([[], ["he", "kaiming"], ["he", "he"], [np.random.randn]]), HOSTILE),
        "hidden": st.one_of(
            st.lists(st.integers(-3, 0), min_size=1, max_size=3),
            st.text("0123456789, x-", max_size=8),
            st.just([1001]),
            st.just([1] * 31),
            HOSTILE,
        ),
        "activation": st.one_of(st.just("softmax"), HOSTILE),
        "dataset": st.one_of(st.just("mnist"), HOSTILE),
        "preset": st.one_of(st.just("nope"), HOSTILE),
        "learnig_rate": st.just(0.1),  # a misspelt option
    }
)
VALID_KWARGS = st.fixed_dictionaries(
    {"iterations": VALID["iterations"]}, optional={k: v for k, v in VALID.items() if k != "iterations"}
)
ONE_BAD = st.sampled_from(sorted(BAD)).flatmap(lambda name: st.tuples(st.just(name), BAD[name]))

MEMORY_BOUND_MB = 400  # RSS growth over the whole module: every run is tiny and every Explorer is closed


def rss_mb() -> float:
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6


@pytest.fixture(scope="module")
def figures():
    """Durations of the examples; printed with the memory growth once all have run."""
    record = {"seconds": [], "rss0": rss_mb()}
    yield record
    gc.collect()
    sec = record["seconds"]
    print(
        f"\n{len(sec)} Explorer examples: median {np.median(sec) * 1000:.0f} ms, slowest {max(sec) * 1000:.0f} ms; "
        f"RSS +{rss_mb() - record['rss0']:.0f} MB"
    )


def train_and_check(e: Explorer, kwargs: dict) -> None:
    """The Explorer shows and uses exactly what it was given and trains that run to the end."""
    s = e.training_widget.setup
    for name in ("iterations", "learning_rate", "seed"):
        if name in kwargs:
            assert s[name] == kwargs[name], name
    assert e.train() is True
    histories = e.training_widget.wait(30)  # "never a hang": a generous bound, not a timing assertion
    assert all(h.costs.size == s["iterations"] for h in histories)
    assert e.training_widget.status in ("done", "diverged")
    e.training_widget.playhead = s["iterations"]
    assert e.diagnostics.wait_idle(30) and e.diagnostics.last_error == ""


# no shrinking: an example is a whole Explorer run, and the first failing one is readable as it is
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(kwargs=VALID_KWARGS)
def test_options_in_range_train_exactly_what_was_given(figures, kwargs):
    t0 = time.perf_counter()
    e = Explorer(**kwargs)
    try:
        train_and_check(e, kwargs)
    finally:
        e.close()
        figures["seconds"].append(time.perf_counter() - t0)
    gc.collect()
    assert rss_mb() - figures["rss0"] < MEMORY_BOUND_MB


@SETTINGS
@given(kwargs=VALID_KWARGS, bad=ONE_BAD)
def test_a_hostile_option_trains_as_given_or_is_refused_by_name(figures, kwargs, bad):
    name, value = bad
    kwargs = {**kwargs, name: value}
    t0 = time.perf_counter()
    try:
        e = Explorer(**kwargs)
    except (ValueError, TypeError) as exc:
        assert name in str(exc), f"{type(exc).__name__} for {name}={value!r} does not name it: {exc}"
        figures["seconds"].append(time.perf_counter() - t0)
        return
    try:  # a value that happens to be valid (a number inside the range, None for "automatic")
        train_and_check(e, kwargs)
    finally:
        e.close()
        figures["seconds"].append(time.perf_counter() - t0)

"""The memory budget refuses runs a hub kernel cannot hold, before allocating, and says what to change."""

import tracemalloc

import pytest

from init_widget import load_dataset, train
from init_widget.engine import Trainer
from init_widget.engine.budget import DEFAULT_MEMORY_LIMIT, ENV_VAR, RunSize, estimate_run_bytes, memory_limit
from init_widget.engine.trainer import DEFAULT_FRAMES, default_frame_every, frame_count

X, Y, X_TEST, Y_TEST = load_dataset()
EIGHT = ["zeros", "random", "small", "he", "he_uniform", "xavier", "glorot", "lecun"]


@pytest.mark.parametrize(
    "options, named",
    [
        ({"frame_every": 1, "iterations": 200_000}, r"frames 4\.0 GB .*Set by: frame_every=1, iterations=200,000"),
        ({"grid_size": 5000}, r"Set by: .*grid_size=5,000"),
        ({"layers": [2, 100000, 1]}, r"Set by: layers=\[2, 100000, 1\]"),
        (
            {"iterations": 10**9, "initializer": EIGHT},
            r"costs 64\.0 GB \(8 models × 1,000,000,000 iterations\)\. "
            r"Set by: iterations=1,000,000,000\.",
        ),
    ],
)
def test_memory_bombs_are_refused_before_anything_is_allocated(options, named):
    called = []

    def watched(shape, rng):
        called.append(shape)
        return rng.randn(*shape)

    initializers = options.pop("initializer", ["he", watched])
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=named) as refused:
            train(X, Y, initializers, **options)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000 and not called  # refused from the options alone: no array, no initializer call
    message = str(refused.value)
    assert "over the limit of 1.0 GB" in message and f"or the environment variable {ENV_VAR}" in message
    assert "memory_limit=" in message


def test_the_cap_can_be_raised_or_lowered(monkeypatch):
    need = Trainer(X, Y, "he", iterations=100).memory_estimate
    assert 1_000_000 < need < 30_000_000
    with pytest.raises(ValueError, match=r"over the limit of 1\.0 MB"):
        Trainer(X, Y, "he", iterations=100, memory_limit=1e6)
    monkeypatch.setenv(ENV_VAR, "1MB")
    with pytest.raises(ValueError, match=r"over the limit of 1\.0 MB"):
        Trainer(X, Y, "he", iterations=100)
    assert Trainer(X, Y, "he", iterations=100, memory_limit="64MiB").memory_estimate == need  # the option wins
    monkeypatch.setenv(ENV_VAR, "inf")
    assert memory_limit() == float("inf")
    monkeypatch.delenv(ENV_VAR)
    assert memory_limit() == DEFAULT_MEMORY_LIMIT == 10**9


@pytest.mark.parametrize(
    "value, error, message",
    [
        ("lots", ValueError, "memory_limit must be a number of bytes"),
        (-1, ValueError, "memory_limit must be"),
        (".", ValueError, "memory_limit must be"),
        ("1.2.3GB", ValueError, "memory_limit must be"),
        (0, ValueError, "memory_limit must be"),
        ([10**9], TypeError, "memory_limit must be"),
        (float("nan"), ValueError, "memory_limit must be"),
    ],
)
def test_bad_memory_limits_are_named(value, error, message):
    with pytest.raises(error, match=message):
        train(X, Y, iterations=5, memory_limit=value)


def test_a_bad_environment_variable_is_named(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "a lot")
    with pytest.raises(ValueError, match=f"{ENV_VAR} must be a number of bytes"):
        train(X, Y, iterations=5)


def test_the_estimate_counts_the_arrays_a_run_keeps():
    trainer = Trainer(X, Y, ["he", "zeros"], iterations=3000, frame_every=10, X_test=X_TEST, Y_test=Y_TEST)
    parts = {p.name: p.bytes for p in RunSize(2, (2, 10, 5, 1), 300, 3000, 301, 100, 100, frames_chosen=True).parts()}
    rec = trainer.record
    assert parts["costs"] == rec.costs.nbytes and parts["frames"] == rec.frames.nbytes
    stats = sum(getattr(rec.stats, n).nbytes for n in rec.stats.names + ("hist_counts", "hist_range"))
    assert (
        parts["statistics"]
        == stats + rec.train_accuracy.nbytes + rec.test_accuracy.nbytes + rec.frame_iterations.nbytes
    )
    assert trainer.memory_estimate == sum(parts.values())


def test_the_estimate_grows_with_every_option():
    base = dict(
        models=3, layers=[2, 10, 5, 1], samples=300, iterations=15000, frames=151, grid_size=100, test_samples=100
    )
    reference = estimate_run_bytes(**base)
    for option, bigger in [
        ("models", 6),
        ("layers", [2, 20, 5, 1]),
        ("samples", 600),
        ("iterations", 30000),
        ("frames", 301),
        ("grid_size", 200),
        ("test_samples", 200),
    ]:
        assert estimate_run_bytes(**{**base, option: bigger}) > reference, option


@pytest.mark.parametrize("iterations", [1, 149, 150, 151, 15000, 299_999, 3_000_000, 10**8])
def test_default_frames_stay_bounded_however_long_the_run(iterations):
    frames = frame_count(iterations, default_frame_every(iterations))
    assert min(iterations + 1, DEFAULT_FRAMES) <= frames <= 2 * DEFAULT_FRAMES + 1
    if iterations <= 15000:
        assert frames == len(Trainer(X, Y, "he", iterations=iterations).record.frame_iterations)


def test_long_runs_say_how_thinly_frames_were_kept():
    long = Trainer(X, Y, "he", iterations=3_000_000)
    assert len(long.record.frame_iterations) == 151
    assert long.notes() == [
        "151 frames (and their layer statistics) kept of 3,000,000 iterations: one every 20,000; every cost is kept"
    ]
    assert Trainer(X, Y, "he", iterations=15000).notes() == []  # the course run: nothing to say
    assert Trainer(X, Y, "he", iterations=3_000_000, frame_every=100_000).notes() == []  # the user chose


@pytest.mark.parametrize(
    "text, limit",
    [
        ("2e9", 2e9),
        ("2 GB", 2e9),
        ("512MiB", 512 * 2**20),
        (".5g", 5e8),
        ("3.", 3.0),
        ("1500 kB", 1.5e6),
        ("inf", float("inf")),
    ],
)
def test_limits_may_be_written_with_units(text, limit):
    assert memory_limit(text) == limit

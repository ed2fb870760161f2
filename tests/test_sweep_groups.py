"""scale_sweep trains its models in groups, serially or on an executor: every result equals the one stacked run's.

The reference is the sweep as one stacked Trainer of every (scale, seed) model, its final results read the way
a finished run records them (or, when every model diverged, computed from the parameters each stopped with)."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from init_widget import load_dataset, scale_sweep, train
from init_widget.engine import Trainer
from init_widget.engine.grid import models_per_group
from init_widget.engine.sweeps import scaled_normal

X, Y, X_TEST, Y_TEST = load_dataset()
SEEDS = [0, 1]
ITERATIONS = 120  # past two divergence checks
PER_GROUP = models_per_group(X, Y) // len(SEEDS)  # scales per group
FIELDS = ("final_cost", "train_accuracy", "test_accuracy")


def stacked(scales):
    """Every model of the sweep in one Trainer, final results as arrays of shape (scales, seeds)."""
    t = Trainer(
        X,
        Y,
        [scaled_normal(float(s)) for s in scales],
        seeds=SEEDS,
        iterations=ITERATIONS,
        frame_every=ITERATIONS,
        X_test=X_TEST,
        Y_test=Y_TEST,
    )
    with np.errstate(all="ignore"):
        t.run()
        rec, rows = t.record, np.array(t.plan.rows).reshape(len(scales), len(SEEDS))
        if t.done:
            cost = np.where(rec.stopped_at >= 0, np.nan, rec.costs[:, -1])
            return {
                "final_cost": cost[rows],
                "train_accuracy": rec.train_accuracy[-1][rows],
                "test_accuracy": rec.test_accuracy[-1][rows],
            }
        hits = lambda A, B: np.mean((t.net.output(A) > 0.5) == (B[0] == 1), axis=1)  # noqa: E731
        return {
            "final_cost": np.full(rows.shape, np.nan),
            "train_accuracy": hits(X, Y)[rows],
            "test_accuracy": hits(X_TEST, Y_TEST)[rows],
        }


def assert_same(sweep, expected):
    for name in FIELDS:
        assert np.array_equal(getattr(sweep, name), expected[name], equal_nan=True), name


def sweep(scales, **kw):
    with np.errstate(all="ignore"):
        return scale_sweep(X, Y, scales=scales, seeds=SEEDS, iterations=ITERATIONS, X_test=X_TEST, Y_test=Y_TEST, **kw)


# a first group whose models all diverge, then groups that train (one of them mixed): the groups end differently
MIXED = [1e200] * PER_GROUP + [0.5, 1.0, 1e250] + [2.0] * (PER_GROUP - 1)
ALL_DIVERGE = [1e200, 1e250, 1e220] * PER_GROUP


def test_the_course_network_is_split_into_several_groups():
    assert 1 <= PER_GROUP < 21 and len(MIXED) > 2 * PER_GROUP


@pytest.mark.parametrize("scales", [MIXED, ALL_DIVERGE], ids=["mixed", "all-diverge"])
def test_grouped_sweep_equals_one_stacked_run_to_the_bit(scales):
    expected = stacked(scales)
    assert np.isnan(expected["final_cost"]).any()
    assert_same(sweep(scales), expected)


@pytest.mark.parametrize("scales", [MIXED, ALL_DIVERGE], ids=["mixed", "all-diverge"])
def test_two_processes_give_the_serial_results_to_the_bit(scales):
    with ProcessPoolExecutor(2) as pool:
        parallel = sweep(scales, executor=pool)
    assert_same(parallel, stacked(scales))


def test_threads_too():
    with ThreadPoolExecutor(2) as pool:
        assert_same(sweep(MIXED, executor=pool), stacked(MIXED))


@pytest.mark.parametrize("bad", [2, "processes", ProcessPoolExecutor])
def test_an_executor_that_is_not_one_is_refused_by_name(bad):
    with pytest.raises(TypeError, match="executor") as info:
        scale_sweep(X, Y, scales=[1.0], seeds=1, iterations=5, executor=bad)
    assert len(str(info.value)) < 300


def test_a_refusal_in_a_worker_reaches_the_caller():
    with ProcessPoolExecutor(2) as pool, pytest.raises(ValueError, match="learning_rate"):
        scale_sweep(X, Y, scales=[1.0, 2.0], seeds=1, iterations=5, learning_rate=-1.0, executor=pool)


def test_a_dask_cluster_gives_the_serial_results_to_the_bit():
    """docs/deploy.md's example, small: a sweep and a seed ensemble on a Dask LocalCluster's executor."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        on_dask = sweep(MIXED, executor=client.get_executor())
        runs = train(X, Y, ["zeros", "random", "he"], seeds=3, iterations=200, executor=client.get_executor())
    assert_same(on_dask, stacked(MIXED))
    serial = train(X, Y, ["zeros", "random", "he"], seeds=3, iterations=200)
    assert [(h.name, h.seed) for h in runs] == [(h.name, h.seed) for h in serial]
    for a, b in zip(runs, serial):
        assert np.array_equal(a.costs, b.costs) and np.array_equal(a.frames, b.frames)
        assert np.array_equal(a.train_accuracy, b.train_accuracy)

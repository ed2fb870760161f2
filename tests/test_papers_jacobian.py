"""Pennington, Schoenholz & Ganguli 2017 (NeurIPS), dynamical isometry: the input–output Jacobian's singular values.

Each claim over seeds 0–4 at width 100 (the smallest width whose spectra show it; the notebook's view uses 200),
at criticality with q* = 1/64. spread = 90th / 10th percentile of the nonzero singular values.
"""

import time
import tracemalloc

import numpy as np
import pytest

from init_widget import jacobian_spectrum
from init_widget.engine.jacobian import JacobianSpectra, critical_point, spread

SEEDS = range(5)
WIDTH = 100
ISOMETRY_BOUND = 2.0  # orthogonal tanh: p90/p10 below this up to depth 64 (measured 1.04 at depth 1, ≤ 1.65 at 64)


def spectra(activation, initializer, depths, seed):
    J = JacobianSpectra(WIDTH, activation, initializer, seed=seed, max_depth=max(depths))
    return {d: J.at(d) for d in depths}


@pytest.mark.parametrize("seed", SEEDS)
def test_orthogonal_tanh_stays_isometric_as_depth_grows(seed):
    s = spectra("tanh", "orthogonal", (1, 4, 16, 64), seed)
    assert all(spread(s[d]) < ISOMETRY_BOUND for d in s), {d: spread(s[d]) for d in s}
    # at criticality the mean squared singular value stays near 1 (χ = 1), and the middle 80 % stay near 1; the
    # smallest do not: at depth 64 the least singular value is 0.10–0.18 (q* > 0: isometry is approximate)
    assert all(0.8 < np.mean(s[d] ** 2) < 1.25 for d in s)
    assert all(np.percentile(s[d], 10) > 0.6 and np.percentile(s[d], 90) < 1.4 for d in s)
    assert s[64].min() < 0.5 * s[1].min()


@pytest.mark.parametrize("seed", SEEDS)
def test_gaussian_relu_spreads_more_with_every_doubling_of_depth(seed):
    s = spectra("relu", "gaussian", (1, 2, 4, 8, 16), seed)
    spreads = [spread(s[d]) for d in (1, 2, 4, 8, 16)]
    assert all(deeper > 2 * shallower for shallower, deeper in zip(spreads, spreads[1:])), spreads
    assert spreads[-1] > 1000
    # relu switches off about half the units: about half the singular values are exactly zero at every depth
    assert all(0.3 < np.mean(s[d] > 1e-10 * s[d].max()) < 0.7 for d in s)


@pytest.mark.parametrize("seed", SEEDS)
def test_gaussian_weights_or_relu_spread_where_orthogonal_tanh_does_not(seed):
    isometric = spread(spectra("tanh", "orthogonal", (16,), seed)[16])
    for activation, initializer in (("tanh", "gaussian"), ("relu", "orthogonal")):
        assert spread(spectra(activation, initializer, (16,), seed)[16]) > 1000 * isometric


def test_orthogonal_linear_is_exactly_isometric_and_gaussian_linear_is_not():
    # Saxe et al.'s deep linear case, the limit q* → 0 of tanh
    np.testing.assert_allclose(jacobian_spectrum(32, WIDTH, "linear", "orthogonal"), 1.0, rtol=1e-10)
    assert spread(jacobian_spectrum(32, WIDTH, "linear", "gaussian")) > 1e6


def test_the_critical_point_is_critical():
    c = critical_point("tanh", 1 / 64)
    z = np.random.RandomState(0).randn(2_000_000) * np.sqrt(c.q_star)
    assert c.sigma_w**2 * np.mean((1 - np.tanh(z) ** 2) ** 2) == pytest.approx(1.0, abs=2e-3)  # χ = 1
    assert c.sigma_w**2 * np.mean(np.tanh(z) ** 2) + c.sigma_b**2 == pytest.approx(c.q_star, rel=2e-3)  # q* fixed
    assert 1 < c.sigma_w < 1.02 and 0 < c.sigma_b < 0.01  # the paper's σ_w ≈ 1, small σ_b
    assert critical_point("relu").sigma_w == pytest.approx(np.sqrt(2)) and critical_point("relu").sigma_b == 0


def test_a_depth_extends_the_shallower_product_and_a_replay_is_identical():
    J = JacobianSpectra(40, "tanh", "orthogonal", seed=3, max_depth=12)
    deep = J.at(12).copy()
    assert J.cached() == [12]
    shallow = J.at(5)  # replays the same draws from the seed
    assert np.array_equal(shallow, jacobian_spectrum(5, 40, seed=3))
    assert np.array_equal(J.at(12), deep) and np.array_equal(deep, jacobian_spectrum(12, 40, seed=3))
    assert not np.array_equal(deep, jacobian_spectrum(12, 40, seed=4))
    with pytest.raises(ValueError, match="^depth must be at most 12"):
        J.at(13)
    with pytest.raises(ValueError):
        J.at(5)[0] = 2.0  # the cache's own array is read-only


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"depth": 0}, ValueError, "depth must be >= 1"),
        ({"depth": 2.5}, TypeError, "depth must be a whole number"),
        ({"depth": 4, "width": "wide"}, TypeError, "width must be a whole number"),
        ({"depth": 4, "activation": "sigmoid"}, ValueError, "unknown activation 'sigmoid'; choose one of"),
        ({"depth": 4, "initializer": "he"}, ValueError, "unknown initializer 'he'; choose one of: gaussian, orth"),
        ({"depth": 4, "q_star": 0}, ValueError, "q_star must be a finite number > 0"),
        ({"depth": 4, "q_star": 100}, ValueError, "q_star must be at most 16"),
        ({"depth": 4, "seed": -1}, ValueError, "seed"),
        ({"depth": 4, "memory_limit": "lots"}, ValueError, "memory_limit must be a number of bytes"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error, match=words) as e:
        jacobian_spectrum(**kwargs)
    assert len(str(e.value)) < 300


def test_memory_and_work_are_refused_before_anything_is_allocated():
    tracemalloc.start()
    t = time.perf_counter()
    with pytest.raises(
        ValueError, match=r"would need about 640.0 GB of memory, over the limit of 1.0 GB.*width=100,000"
    ):
        jacobian_spectrum(1, width=100_000)
    with pytest.raises(ValueError, match=r"over the limit of 1.0 MB.*Set by: width=200"):
        jacobian_spectrum(1, width=200, memory_limit="1MB")
    with pytest.raises(ValueError, match=r"depth=1,000 and width=1,000 .*make depth or width smaller") as e:
        jacobian_spectrum(1000, width=1000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1e6 and len(str(e.value)) < 300
    assert time.perf_counter() - t < 5  # refused, not started (a started one would take minutes)


def test_spread_leaves_out_exact_zeros_and_refuses_junk():
    assert spread(np.r_[np.linspace(1, 2, 9), np.zeros(9)]) == pytest.approx(
        np.percentile(np.linspace(1, 2, 9), 90) / np.percentile(np.linspace(1, 2, 9), 10)
    )
    assert spread(np.zeros(4)) == float("inf")
    for junk in ([[1.0, 2.0]], [], [1.0, np.nan], [-1.0, 2.0]):
        with pytest.raises(ValueError, match="singular_values must be a 1-D array"):
            spread(junk)


def test_the_memory_estimate_covers_what_numpy_allocates():
    tracemalloc.start()
    JacobianSpectra(600, "tanh", "orthogonal", max_depth=3).at(3)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    estimate = (8 * 600**2 + 3 * 600 + 4 * 600) * 8  # the module's count: 8 width² floats, spectra, vectors
    assert 0.4 * estimate < peak < estimate  # measured at width 1500: 92 MB traced, 131 MB RSS, 144 MB estimated
    with pytest.raises(ValueError, match="jacobian_spectrum would need about"):
        jacobian_spectrum(3, width=600, memory_limit=estimate - 1)
    jacobian_spectrum(3, width=600, memory_limit=estimate)

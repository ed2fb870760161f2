"""Plain-words diagnostics on real short training runs: properties, never outputs copied from the code."""

from __future__ import annotations

import numpy as np
import pytest

from init_widget.engine import diagnostics as dg
from init_widget.engine import load_dataset, train


@pytest.fixture(scope="module")
def course_runs():
    X, Y, X_test, Y_test = load_dataset("circles")
    runs = train(
        X,
        Y,
        initializer=["zeros", "random", "he", "small"],
        layers=[2, 10, 5, 1],
        learning_rate=0.01,
        iterations=3000,
        seed=3,
        X_test=X_test,
        Y_test=Y_test,
    )
    return {h.name: h for h in runs}


def kinds(history, frame):
    return [f.kind for f in dg.diagnose(history, frame)]


def test_zeros_is_symmetric_at_every_frame(course_runs):
    h = course_runs["zeros"]
    for f in (0, len(h.frame_iterations) // 2, len(h.frame_iterations) - 1):
        assert kinds(h, f)[0] == "symmetry"
        assert "symmetry" in dg.caption(h, f).lower()


def test_symmetric_layers_detects_identical_rows_only(course_runs):
    layers = [2, 10, 5, 1]
    assert dg.symmetric_layers(course_runs["zeros"].initial_parameters, layers) == [0, 1]
    assert dg.symmetric_layers(course_runs["he"].initial_parameters, layers) == []
    p = course_runs["he"].initial_parameters
    p["W2"][:] = p["W2"][0]  # make layer 2's units identical
    assert dg.symmetric_layers(p, layers) == [1]


def test_random_x10_starts_too_large_with_infinite_cost(course_runs):
    h = course_runs["random"]
    assert not np.isfinite(h.costs[0])  # the premise: the course's random×10 starts at an infinite cost
    first = dg.diagnose(h, 0)[0]
    assert first.kind == "too_large"
    assert "infinity" in first.text and "saturat" in first.text


def test_he_is_healthy_and_learns(course_runs):
    h = course_runs["he"]
    last = len(h.frame_iterations) - 1
    assert kinds(h, 0) == ["healthy"]
    assert "keep their scale" in dg.caption(h, 0)
    assert h.costs[-1] < h.costs[0]
    cap = dg.caption(h, last)
    assert dg.fmt(h.costs[0]) in cap  # quotes where the cost started


def test_small_weights_vanish(course_runs):
    h = course_runs["small"]
    assert kinds(h, 0)[0] == "vanishing"
    assert h.stats.act_std[0, -1] < 1e-3  # premise: the output hardly varies over the inputs


def test_dead_relu_caption_reports_the_measured_fraction():
    """Inputs all positive and layer 1's weights all negative: every unit of layer 1 outputs 0 (100 % dead),
    and a dead unit gets no gradient, so it stays dead; He on the same data leaves most units alive."""
    X, Y, _, _ = load_dataset("circles")
    X = X - X.min() + 1.0

    def negative(shape, rng):
        w = rng.standard_normal(shape) * np.sqrt(2.0 / shape[1])
        return -np.abs(w) if shape[1] == 2 else w

    h = train(X, Y, negative, layers=[2, 10, 5, 1], iterations=20, seed=3)
    found = [f for f in dg.diagnose(h, len(h.frame_iterations) - 1) if f.kind == "dead"]
    assert found and "100 % of the ReLUs in layer 1" in found[0].text
    alive = train(X, Y, "he", layers=[2, 10, 5, 1], iterations=20, seed=3)
    assert not [f for f in dg.diagnose(alive, 0) if f.kind == "dead" and "layer 1 " in f.text]


def test_tanh_saturation_is_named():
    X, Y, _, _ = load_dataset("moons")
    h = train(X, Y, "random", layers=[2, 10, 10, 1], activation="tanh", iterations=200, seed=3)
    assert h.stats.inactive[0, :-1].max() > dg.SATURATED_HIDDEN  # premise: ×10 weights saturate tanh
    assert "saturated" in [f.kind for f in dg.diagnose(h, 0)]


def test_captions_differ_between_initializers(course_runs):
    caps = {name: dg.caption(h, 0) for name, h in course_runs.items()}
    assert len(set(caps.values())) == len(caps)
    assert all(c.endswith(".") and c[0].isupper() for c in caps.values())


def test_frame_index():
    fi = [0, 100, 200, 300]
    assert dg.frame_index(fi, 0) == 0
    assert dg.frame_index(fi, 99) == 0
    assert dg.frame_index(fi, 100) == 1
    assert dg.frame_index(fi, 10_000) == 3
    assert dg.frame_index([], 5) == -1


def test_rebin_keeps_mass_and_shape():
    counts = np.array([1.0, 3.0, 0.0, 4.0])
    same = dg.rebin(counts, 0.0, 4.0, np.linspace(0.0, 4.0, 5))
    np.testing.assert_allclose(same, counts)
    wider = dg.rebin(counts, 0.0, 4.0, np.linspace(-4.0, 8.0, 7))
    assert wider.sum() == pytest.approx(counts.sum())
    assert wider[0] == 0 and wider[-1] == 0


def test_layer_histograms_share_one_range_and_sum_to_one(course_runs):
    hs = list(course_runs.values())
    for layer in range(3):
        edges, frac = dg.layer_histograms(hs, 0, layer)
        assert np.all(np.diff(edges) > 0)
        np.testing.assert_allclose(frac.sum(axis=1), 1.0, atol=1e-9)
        for h, row in zip(hs, frac):  # each model's mass sits inside its own recorded range
            lo, hi = h.stats.hist_range[0, layer]
            centers = (edges[:-1] + edges[1:]) / 2
            width = edges[1] - edges[0]
            if h.stats.act_std[0, layer] > 0:
                assert row[(centers < lo - width) | (centers > hi + width)].sum() == pytest.approx(0)
    # zeros: every activation is exactly 0, drawn as a single spike
    zeros_row = dg.layer_histograms(hs, 0, 0)[1][0]
    assert zeros_row.max() == 1.0


def test_downsample_bounds_points_and_keeps_ends():
    v = np.linspace(1, 0, 15000)
    v[0] = np.inf
    x, y = dg.downsample(v, 600)
    assert len(x) <= 602 and x[0] == 0 and x[-1] == 14999
    assert np.isnan(y[0]) and y[-1] == v[-1]


def test_summary_rows_follow_the_histories(course_runs):
    rows = dg.summary_rows(list(course_runs.values()))
    for r, h in zip(rows, course_runs.values()):
        assert r["name"] == h.name
        assert r["train"] == h.train_accuracy[-1]
        assert r["test"] == h.test_accuracy[-1]

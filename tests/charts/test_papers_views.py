"""The classic papers' views (charts/papers.py), kernel side: each figure is given the engine's numbers, and the
depth slider only redraws from the spectra computed when the view was built."""

import bqplot as bq
import ipywidgets as W
import numpy as np

from init_widget.charts.papers import SV_FLOOR, glorot_view, jacobian_view
from init_widget.engine.glorot import layer_statistics
from init_widget.engine.jacobian import jacobian_spectrum

HOSTILE = "<img src=x onerror=alert(1)>"


def _widgets(box, kind):
    out, stack = [], [box]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kind):
            out.append(w)
        stack += list(getattr(w, "children", ())) + (list(w.marks) if isinstance(w, bq.Figure) else [])
    return out


def test_glorot_view_draws_each_layers_histogram_and_the_prediction():
    stats = layer_statistics(width=40, samples=300, seed=1)
    view = glorot_view(stats)
    figures = _widgets(view, bq.Figure)
    assert [f.title for f in figures[:4]] == [
        "Activations · standard uniform",
        "Activations · normalized uniform",
        "Gradients dL/dz · standard uniform",
        "Gradients dL/dz · normalized uniform",
    ]
    np.testing.assert_array_equal(figures[0].marks[0].y, stats.activation_hist["standard_uniform"])
    np.testing.assert_array_equal(figures[3].marks[0].y, stats.gradient_hist["glorot_uniform"])
    centres = (stats.gradient_edges[1:] + stats.gradient_edges[:-1]) / 2
    np.testing.assert_allclose(figures[2].marks[0].x, centres)
    variance = figures[4]
    np.testing.assert_array_equal(variance.marks[0].y[1], stats.activation_var["glorot_uniform"])
    np.testing.assert_array_equal(variance.marks[1].y[0], stats.linear_activation_var["standard_uniform"])
    assert variance.marks[1].line_style == "dashed"
    np.testing.assert_array_equal(figures[5].marks[1].y[1], stats.linear_gradient_var["glorot_uniform"])


def test_glorot_view_escapes_a_functions_name():
    def draw(shape, rng):
        return rng.uniform(-1, 1, shape) / np.sqrt(shape[1])

    draw.__name__ = HOSTILE
    view = glorot_view(layer_statistics(initializers=[draw], width=10, samples=50))
    html = " ".join(w.value for w in _widgets(view, W.HTML))
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_depth_slider_redraws_from_the_spectra_computed_once():
    view = jacobian_view(depth=12, width=30, seed=2)
    assert all(s.cached() == list(range(1, 13)) for s in view.spectra)
    lines = _widgets(view, bq.Lines)[0]
    view.slider.value = 7
    expected = jacobian_spectrum(7, 30, "relu", "gaussian", seed=2)  # the fourth case, computed afresh
    np.testing.assert_array_equal(lines.x[3], np.sort(np.clip(expected, SV_FLOOR, None)))
    np.testing.assert_allclose(lines.y[3], np.arange(1, 31) / 30)
    assert "depth 7, width 30" in _widgets(view, W.HTML)[1].value
    assert "q* = 1/64" in _widgets(view, W.HTML)[0].value
    # nothing was computed by the slider: every spectrum object is the one cached when the view was built
    before = [dict((d, s.at(d)) for d in s.cached()) for s in view.spectra]
    view.slider.value = 12
    assert all(all(s.at(d) is arrays[d] for d in arrays) for s, arrays in zip(view.spectra, before))


def test_isometry_shows_as_a_step_at_one():
    view = jacobian_view(depth=8, width=60, cases=[("tanh", "orthogonal"), ("relu", "gaussian")])
    view.slider.value = 8
    x = _widgets(view, bq.Lines)[0].x
    assert np.all((x[0] > 0.5) & (x[0] < 1.5))  # orthogonal tanh: every singular value near 1
    assert np.mean(x[1] == SV_FLOOR) > 0.3  # relu: its zeros drawn at the left edge


def test_the_jacobian_views_arguments_are_checked():
    import pytest

    with pytest.raises(ValueError, match="cases must be 1 to 4"):
        jacobian_view(depth=2, width=4, cases=[])
    with pytest.raises(ValueError, match="unknown activation 'sigmoid'"):
        jacobian_view(depth=2, width=4, cases=[("sigmoid", "orthogonal")])
    with pytest.raises(ValueError, match="jacobian_spectrum would need about"):
        jacobian_view(depth=2, width=400, memory_limit="1MB")

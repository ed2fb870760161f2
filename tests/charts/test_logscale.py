"""Lines and bars on a log axis: zeros at the floor, gaps for NaN, every line ending on a finite point."""

from __future__ import annotations

import numpy as np

from init_widget.charts.logscale import DEFAULT_FLOOR, at_floor, has_zeros, log_floor, log_lines, log_ticks


def test_floor_is_a_decade_below_the_smallest_positive_value():
    assert log_floor(np.array([0.0, 0.03, 5.0, np.nan, -np.inf])) == 1e-3
    assert log_floor(np.array([0.0, 0.0])) == DEFAULT_FLOOR
    assert log_floor(np.array([np.nan])) == DEFAULT_FLOOR


def test_zeros_go_to_the_floor_and_non_finite_values_are_gaps():
    out = at_floor(np.array([0.0, -1.0, 2.0, np.inf, np.nan]), 1e-3)
    np.testing.assert_array_equal(out[:3], [1e-3, 1e-3, 2.0])
    assert np.isnan(out[3:]).all()
    assert has_zeros(np.array([np.nan, 0.0])) and not has_zeros(np.array([np.nan, 1.0, np.inf]))


def test_every_line_ends_on_a_finite_point():
    x = np.arange(5.0)
    y = np.array(
        [
            [0.0, 0.0, 0.0, 0.0, 0.0],  # zeros initializer: flat at the floor
            [np.inf, 0.5, 0.4, 0.3, 0.2],  # inf at iteration 0, then finite
            [0.5, 0.6, np.nan, np.nan, np.nan],  # diverged: its line stops at iteration 1
            [np.nan] * 5,
        ]
    )  # nothing to draw
    lx, ly = log_lines(x, y, 1e-2)
    assert lx.shape == ly.shape == (4, 5)
    np.testing.assert_array_equal(ly[0], [1e-2] * 5)
    assert np.isnan(ly[1, 0]) and np.isfinite(ly[1, 1:]).all()
    np.testing.assert_array_equal(lx[2], [0, 1, 1, 1, 1])
    np.testing.assert_array_equal(ly[2], [0.5, 0.6, 0.6, 0.6, 0.6])
    np.testing.assert_array_equal(ly[3], [1e-2] * 5)
    assert np.isfinite(ly[:, -1]).all() and (ly[np.isfinite(ly)] >= 1e-2).all()


def test_empty_lines_stay_empty():
    lx, ly = log_lines(np.zeros(0), np.zeros((2, 0)), 1e-3)
    assert lx.shape == ly.shape == (2, 0)


def test_ticks_cover_only_the_positive_values():
    ticks = log_ticks(np.array([0.0, 0.02, 0.7, np.nan]))
    assert ticks.min() >= 0.01 and ticks.max() <= 1.0 and len(ticks) >= 2
    np.testing.assert_array_equal(log_ticks(np.array([0.0])), [1.0])

"""Saxe, McClelland & Ganguli 2014 reproduced over seeds: in deep linear networks the learning time of scaled
orthogonal weights hardly depends on depth, that of scaled Gaussian weights grows with it (numbers in
examples/06_classic_papers.ipynb)."""

from __future__ import annotations

import numpy as np
import pytest

from init_widget.engine.deep_linear import first_below, learning_times, saxe_2014

pytestmark = pytest.mark.slow  # deep linear networks over depths and seeds: make test only


def test_orthogonal_learning_time_is_nearly_depth_independent_and_gaussians_grows():
    # the smallest configuration still showing it: depths 1, 4, 16, five seeds (notebook: 1-32, measured there)
    times = learning_times(saxe_2014(depths=(1, 4, 16), iterations=600), seeds=range(5))
    ortho, gauss = times.iterations["orthogonal"], times.iterations["xavier"]
    assert not np.isnan(ortho).any() and not np.isnan(gauss).any()  # every run reached the threshold
    assert times.growth("orthogonal") < 2.5  # measured 1.5 (33 -> 51 iterations, depth 1 -> 32)
    assert times.growth("xavier") > 4  # measured 7 at depth 16, 11.5 at depth 32
    # at the deepest depth, every Gaussian seed is slower than every orthogonal one
    assert gauss[-1].min() > ortho[-1].max()
    # and the Gaussian's time increases with every step in depth (its medians)
    assert np.all(np.diff(times.median("xavier")) > 0)


def test_the_configuration_is_checked_by_name():
    cases = [
        ({"width": 0}, "width"),
        ({"depths": (1, 0)}, "depths"),
        ({"learning_rate": -1}, "learning_rate"),
        ({"depths": ()}, "depths"),
    ]
    for changes, name in cases:
        with pytest.raises(ValueError, match=name):
            saxe_2014(**changes)
    assert first_below([0.5, 0.2, 0.01], 0.05) == 2 and np.isnan(first_below([0.5, 0.4], 0.05))

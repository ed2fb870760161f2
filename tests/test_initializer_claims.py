"""What README and INITIALIZERS' docstring tell Keras/PyTorch users (issue 14 §5), on a layer whose fan-in and
fan-out differ (a square layer cannot tell fan-in from fan average): ``xavier`` is fan-in, ``glorot`` is the fan
average drawn from a normal distribution, not a uniform one."""

from pathlib import Path

import numpy as np
import pytest

import init_widget.engine.initializers as initializers
from init_widget import INITIALIZERS

N_IN, N_OUT = 100, 900


def draw(name: str) -> np.ndarray:
    return INITIALIZERS[name]((N_OUT, N_IN), np.random.RandomState(0)).ravel()


def kurtosis(w: np.ndarray) -> float:
    """3 for a normal distribution, 1.8 for a uniform one."""
    return float(np.mean(w**4) / np.mean(w**2) ** 2)


def test_xavier_is_fan_in_as_lecun_not_the_fan_average():
    assert np.std(draw("xavier")) == pytest.approx(np.sqrt(1 / N_IN), rel=0.02)  # 0.1; Glorot's would be 0.045
    assert np.array_equal(draw("xavier"), draw("lecun"))


def test_glorot_is_the_fan_average_drawn_normal_not_uniform():
    w = draw("glorot")
    assert np.std(w) == pytest.approx(np.sqrt(2 / (N_IN + N_OUT)), rel=0.02)
    assert kurtosis(w) == pytest.approx(3.0, abs=0.1) and kurtosis(draw("he_uniform")) == pytest.approx(1.8, abs=0.1)
    assert kurtosis(draw("he")) == pytest.approx(3.0, abs=0.1)


def test_the_docs_say_so():
    source = Path(initializers.__file__)
    readme = source.parents[2] / "README.md"
    for text in (" ".join(path.read_text(encoding="utf-8").split()) for path in (source, readme)):
        assert "fan-in rule" in text and "not Glorot's fan average" in text and "not uniform as Keras'" in text


def test_the_explorers_tooltips_say_which_xavier_and_glorot_these_are():
    from init_widget import Explorer

    e = Explorer(iterations=10)
    try:
        tips = {name: cb.tooltip for name, cb in e.form.init_checks.items()}
        assert "fan-in" in tips["xavier"] and "not Keras' Glorot" in tips["xavier"] and "√(1/n_prev)" in tips["xavier"]
        assert "fan average" in tips["glorot"] and "normal, not uniform" in tips["glorot"]
    finally:
        e.close()

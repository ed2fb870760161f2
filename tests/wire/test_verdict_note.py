"""A user's function on a network the check cannot afford (it needs more memory than training) still gets
its run: the panel's note says it was not checked and why, instead of the widget refusing to open."""

import numpy as np

from init_widget import TrainingWidget, load_dataset
from init_widget.engine.check import check_initializer


def he_by_hand(shape, rng):
    return rng.standard_normal(shape) * np.sqrt(2.0 / shape[1])


def test_too_large_to_check_is_a_note_not_a_refusal():
    X, Y, _, _ = load_dataset("circles")
    layers = [2, 3800, 3800, 1]
    try:
        check_initializer(he_by_hand, layers)
        raise AssertionError("premise: the check refuses this network")
    except ValueError as exc:
        assert "layers" in str(exc)
    w = TrainingWidget(X, Y, [he_by_hand], layers=layers, iterations=1)
    try:
        note = w.setup["models"][0]["note"]
        assert note.startswith("not checked: ") and "layers" in note and len(note) <= 300
    finally:
        w.close()

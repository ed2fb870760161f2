"""A TrainingWidget whose every model diverges (issue 14 §2): it ends 'diverged', its notice counts the seeds
each initializer stands for, and what it holds is exactly what train() records (nothing unwritten is read)."""

import numpy as np

from init_widget import TrainingWidget, load_dataset
from init_widget.engine import Trainer

X, Y, _, _ = load_dataset()
OPTIONS = {"iterations": 300, "learning_rate": 1e3, "activation": "leaky_relu", "seeds": 5}


def overflowing(shape, rng):
    """The same huge weights for every seed: trained once, it stands for all five seeds."""
    return np.full(shape, 1e200)


def test_a_widget_where_every_model_diverges_says_so_per_seed_and_holds_what_train_records():
    w = TrainingWidget(X, Y, initializers=[overflowing, "random"], **OPTIONS)
    try:
        w.start()
        w.wait(timeout=120)
        assert w.status == "diverged"
        assert "overflowing: 5 of its 5 seeds diverged" in w.notice
        assert "random: 5 of its 5 seeds diverged" in w.notice
        assert "every model diverged" in w.notice
        alone = Trainer(X, Y, [overflowing, "random"], **OPTIONS).run()  # one History per trained model, as shown
        assert len(w.history) == len(alone) == 6
        for shown, expected in zip(w.history, alone):
            assert shown.costs.size == expected.costs.size < OPTIONS["iterations"]
            assert np.array_equal(shown.costs, expected.costs, equal_nan=True)
            assert np.array_equal(shown.train_accuracy, expected.train_accuracy)
        assert w.progress["iteration"] == w.history[0].costs.size
    finally:
        w.close()

"""TrainingWidget's Python side: the thread lifecycle, commands, validation, errors."""

import threading

import numpy as np
import pytest

from init_widget import TrainingWidget, load_dataset, train
from init_widget.wire import run_delta
from init_widget.wire.codec import decode, encode

X, Y, X_TEST, Y_TEST = load_dataset()


def make(**options):
    return TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_TEST, Y_test=Y_TEST, **options)


def test_start_returns_at_once_and_wait_gives_the_histories():
    w = make(iterations=15000)
    w.start()
    assert w.running and w.status == "training"
    assert w.history[2].costs.size < 15000  # the cell returned long before the run ends
    histories = w.wait(timeout=120)
    assert w.status == "done" and not w.running
    assert histories[2].costs[14000] == pytest.approx(0.07357895962677366, rel=1e-9)
    assert w.progress["iteration"] == w.progress["total"] == 15000 and w.progress["rate"] > 0


def test_pause_freezes_and_resume_continues():
    w = make(iterations=15000)
    w.start()
    w.pause()
    assert w.status == "paused"
    frozen = w.history[0].costs.size
    threading.Event().wait(0.3)
    assert w.history[0].costs.size == frozen
    w.resume()
    w.wait(timeout=120)
    assert w.history[0].costs.size == 15000 and w.status == "done"


def trained_some(w, at_least=1):
    """Wait until the run has recorded ``at_least`` iterations (a pause right after start() may record none)."""
    for _ in range(3000):
        if w.history[0].costs.size >= at_least:
            return
        threading.Event().wait(0.01)
    raise AssertionError("training made no progress in 30 s")


def test_stop_keeps_what_was_recorded_and_reset_starts_over():
    w = make(iterations=15000)
    w.start()
    trained_some(w)
    w.pause()
    w.stop()
    assert w.status == "stopped" and not w.running
    done = w.history[0].costs.size
    assert 0 < done < 15000
    w.start()  # continues where it stopped
    w.wait(timeout=120)
    assert w.status == "done" and w.history[0].costs.size == 15000
    run_id = w.setup["run_id"]
    w.reset()
    assert w.setup["run_id"] == run_id + 1 and w.status == "idle" and w.history[0].costs.size == 0
    w.start()
    w.wait(timeout=120)
    assert w.history[0].costs.size == 15000


def test_front_end_commands_drive_training():
    w = make(iterations=3000)
    w._on_message(w, {"type": "command", "action": "train"}, [])
    w._on_message(w, {"type": "command", "action": "pause"}, [])
    assert w.status == "paused"
    w._on_message(w, {"type": "command", "action": "resume"}, [])
    w.wait(timeout=60)
    assert w.status == "done"
    w._on_message(w, {"type": "command", "action": "reset"}, [])
    assert w.status == "idle"


def test_errors_in_the_thread_show_and_are_raised_by_wait():
    w = make(iterations=1000)

    def broken(n):
        raise FloatingPointError("the engine blew up")

    w.trainer.step = broken
    w.start()
    with pytest.raises(RuntimeError, match="training failed: the engine blew up"):
        w.wait(timeout=30)
    assert w.status == "error" and "FloatingPointError: the engine blew up" in w.error


def test_bad_options_fail_at_construction_and_reconfigure_keeps_the_old_run():
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'"):
        TrainingWidget(X, Y, initializers=["kaiming"])
    with pytest.raises(TypeError, match=r"unknown option\(s\) iteration; the training options are"):
        make(iteration=100)
    w = make(iterations=100)
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0"):
        w.reconfigure(learning_rate=-1)
    assert w.trainer.learning_rate == 0.01
    w.reconfigure(initializers=["he"], iterations=50)
    assert [m["name"] for m in w.setup["models"]] == ["he"] and w.setup["iterations"] == 50


def test_setup_describes_the_run_for_the_front_end():
    w = make(iterations=1000, frame_every=10)
    setup = w.setup
    assert [m["name"] for m in setup["models"]] == ["zeros", "random", "he"]
    assert len({m["color"] for m in setup["models"]}) == 3
    assert setup["frame_iterations"][:3] == [0, 10, 20] and setup["frame_iterations"][-1] == 1000
    assert len(setup["points"]["train"]["x"]) == 300 and len(setup["points"]["test"]["label"]) == 100
    g = setup["grid"]
    assert g["x_min"] < X[0].min() - 0.9 and g["x_max"] > X[0].max() + 0.9 and g["size"] == 100


def test_wide_data_has_no_grid_but_trains():
    rng = np.random.RandomState(0)
    Xw = rng.randn(12288, 40)
    Yw = (Xw[:5].sum(axis=0) > 0).astype(int)
    w = TrainingWidget(Xw, Yw, initializers=["he", "zeros"], layers=[12288, 4, 1], iterations=20)
    assert w.setup["grid"] is None and w.setup["points"] is None and w.setup["features"] == 12288
    w.start()
    w.wait(timeout=60)
    delta = run_delta(w.trainer, 1, 0, 0, 20, len(w.setup["frame_iterations"]))
    header, costs, frames = decode(encode(delta))
    assert frames is None and header["grid_size"] == 0 and costs.shape == (2, 20)


def test_history_matches_train():
    w = make(iterations=500)
    w.start()
    histories = w.wait(timeout=60)
    alone = train(X, Y, initializer=["zeros", "random", "he"], iterations=500, X_test=X_TEST, Y_test=Y_TEST)
    for a, b in zip(histories, alone):
        assert np.array_equal(a.costs, b.costs, equal_nan=True)
        assert np.array_equal(a.frames, b.frames)


def test_an_initializer_keeps_its_colour_across_comparisons():
    from init_widget.wire import model_colors

    assert model_colors(["he"]) == [model_colors(["zeros", "random", "he"])[2]]
    many = model_colors(["zeros", "random", "he", "xavier", "lecun", "small", "mine", "yours"])
    assert len(set(many)) == len(many)

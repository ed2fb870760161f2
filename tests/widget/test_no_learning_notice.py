"""The widget's notice says when no model learned, on real runs through the widget's own thread:
learning_rate=5 on the course data (every model ends at cost ln 2 and 50 %) names the learning rate
as too large; the course run (0.01) shows no such notice; a stopped run is not judged."""

from init_widget import TrainingWidget, load_dataset
from init_widget.engine import Trainer
from init_widget.engine.no_learning import run_note

X, Y, X_TEST, Y_TEST = load_dataset("circles")
COURSE = dict(initializers=["zeros", "random", "he"], X_test=X_TEST, Y_test=Y_TEST)


def finished(**options) -> TrainingWidget:
    w = TrainingWidget(X, Y, **COURSE, **options)
    w.start()
    w.wait(timeout=120)
    return w


def test_learning_rate_5_gets_the_hint_in_the_notice():
    w = finished(learning_rate=5)
    assert w.status == "done"
    assert "No model learned" in w.notice and "learning rate (5) is probably too large" in w.notice, w.notice
    w.close()


def test_the_course_run_gets_none():
    w = finished()
    assert "No model learned" not in w.notice, w.notice
    w.close()


def test_an_unfinished_run_is_not_judged():
    trainer = Trainer(X, Y, initializers=["random", "he"], learning_rate=5, iterations=15000, seed=3)
    trainer.step(5000)
    assert run_note(trainer) == ""
    trainer.step(10000)
    assert "too large" in run_note(trainer)

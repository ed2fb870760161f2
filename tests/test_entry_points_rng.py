"""Issue 14 §4: no public function or constructor changes numpy's global random state, even when it runs a
student's initializer that calls ``np.random.seed`` (as the course's do). Every entry point of init_widget
is called between two ``np.random.get_state()`` snapshots: what a notebook draws next must not depend on
whether it trained, displayed or checked something in between."""

from __future__ import annotations

import numpy as np
import student_initializers as si

from init_widget import (
    Explorer,
    TrainingWidget,
    check_initializer,
    export_html,
    load_dataset,
    scale_sweep,
    signal_propagation,
    train,
)
from init_widget.why_views import check_view, propagation_view, seeds_view, sweep_view

X, Y, X_TEST, Y_TEST = load_dataset("circles")


def initialize_parameters_he(layers_dims):
    np.random.seed(3)  # the course's first line
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def reseeding_draw(shape, rng):
    np.random.seed(1)  # an f(shape, rng) that reaches for the global stream anyway
    return np.random.randn(*shape) * np.sqrt(2 / shape[1])


STUDENTS = [initialize_parameters_he, si.he_seed_in_loop, reseeding_draw]


class Untouched:
    """Fails a test when numpy's global random state differs from the snapshot taken at the last ``check``."""

    def __init__(self) -> None:
        np.random.seed(12345)
        self.state = np.random.get_state()
        self.changed: list[str] = []

    def check(self, what: str) -> None:
        now = np.random.get_state()
        if not (now[0] == self.state[0] and np.array_equal(now[1], self.state[1]) and now[2:] == self.state[2:]):
            self.changed.append(what)
            np.random.set_state(self.state)


def test_every_entry_point_leaves_the_global_random_state_as_it_was(tmp_path):
    g = Untouched()
    load_dataset("moons"), g.check("load_dataset")
    runs = train(X, Y, initializer=STUDENTS + ["he"], iterations=50)
    g.check("train")
    seeded = train(X, Y, initializer=STUDENTS + ["he"], iterations=50, seeds=range(3))
    g.check("train(seeds=)")
    seeds_view(seeded), g.check("seeds_view")
    w = TrainingWidget(X, Y, STUDENTS, X_test=X_TEST, Y_test=Y_TEST, iterations=100)
    g.check("TrainingWidget(X, Y, [student functions])")
    w.start(), w.wait(timeout=60), g.check("TrainingWidget.start/wait")
    export_html(w, tmp_path / "run.html"), g.check("export_html")
    w.reset(), g.check("TrainingWidget.reset")
    w.reconfigure(initializers=[reseeding_draw, "zeros"]), g.check("TrainingWidget.reconfigure")
    w._on_message(w, {"type": "command", "action": "reset"}, []), g.check("front-end Reset")
    w.close()
    sweep = scale_sweep(X, Y, scales=[0.1, 1.0], seeds=range(2), iterations=50)
    g.check("scale_sweep")
    view = sweep_view(sweep, X, Y)
    g.check("sweep_view")
    view.children[1].children[0].children[0].marks[-1].selected = [0]  # click a point: its run opens, trains
    view.opened.wait(timeout=60), g.check("sweep_view: a clicked point's run")
    view.close()
    for fn in STUDENTS:
        check_view(check_initializer(fn)), g.check(f"check_initializer({fn.__name__}) and check_view")
        propagation_view(signal_propagation([2, 10, 5, 1], initializers=[fn, "he"])).slider.value = 2.0
        g.check(f"signal_propagation([{fn.__name__}, 'he']) and propagation_view with its slider")
    assert len(runs) == 4
    assert g.changed == [], f"changed numpy's global random state: {g.changed}"


def test_the_explorer_and_its_why_section_leave_the_global_random_state_as_it_was():
    g = Untouched()
    e = Explorer(X, Y, iterations=100)
    g.check("Explorer()")
    e.train(), e.wait(timeout=60), g.check("Explorer.train/wait")
    for view in ("seeds", "sweep", "propagation"):
        e.why.show(view), g.check(f"Explorer why: {view}")
    for fn in STUDENTS:
        assert e.why.show("check", fn), e.why.status.value
        g.check(f"Explorer why: check {fn.__name__}")
    e.close()
    assert g.changed == [], f"changed numpy's global random state: {g.changed}"

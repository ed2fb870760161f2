"""Explorer wiring on real widget models, without a browser: controls → TrainingWidget → diagnostics."""

from __future__ import annotations

import html
import re
import statistics
import time

import numpy as np
import pytest

from init_widget.engine import load_dataset
from init_widget.engine.diagnostics import frame_index
from init_widget.explorer import Explorer
from init_widget.explorer.controls import parse_hidden
from init_widget.explorer.presets import LECTURE_STEPS, PRESETS


@pytest.fixture
def explorer():
    e = Explorer(iterations=600)
    yield e
    e.close()


def setup_of(e: Explorer) -> dict:
    return e.training_widget.setup


def test_train_reconfigures_with_the_controls(explorer):
    e = explorer
    e.form.hidden.value = "8, 4"
    e.form.activation.value = "tanh"
    e.form.learning_rate.value = 0.05
    e.form.iterations.value = 300
    e.form.seed.value = 7
    e.form.frame_every.value = 20
    for name, cb in e.form.init_checks.items():
        cb.value = name in ("xavier", "he", "random")
    e.form.random_scale.value = 5.0
    e.form.train_button.click()
    histories = e.wait(60)
    s = setup_of(e)
    assert s["layers"] == [2, 8, 4, 1] and s["activation"] == "tanh" and s["seed"] == 7
    assert s["learning_rate"] == pytest.approx(0.05) and s["iterations"] == 300
    assert s["frame_iterations"][:3] == [0, 20, 40]
    assert [m["name"] for m in s["models"]] == ["random×5", "he", "xavier"]  # registry order
    assert [h.name for h in histories] == ["random×5", "he", "xavier"]
    assert e.training_widget.status == "done" and all(h.costs.size == 300 for h in histories)


def test_course_preset_sets_exactly_the_course(explorer):
    e = explorer
    e.form.dataset.value = "moons"
    e.form.hidden.value = "3"
    e.form.preset_buttons["course"].click()
    assert (e.form.dataset.value, e.form.noise.value, e.form.n_samples.value, e.form.data_seed.value) == (
        "circles",
        0.05,
        300,
        1,
    )
    assert [n for n, cb in e.form.init_checks.items() if cb.value] == ["zeros", "random", "he"]
    assert e.form.random_scale.value == 10.0 and e.form.hidden.value == "10, 5"
    s = setup_of(e)
    assert s["layers"] == [2, 10, 5, 1] and s["activation"] == "relu" and s["learning_rate"] == 0.01
    assert s["iterations"] == 15000 and s["seed"] == 3
    assert [m["name"] for m in s["models"]] == ["zeros", "random", "he"]
    X, Y, X_test, Y_test = load_dataset("circles")
    np.testing.assert_array_equal(e.training_widget._X, X)
    np.testing.assert_array_equal(e.training_widget._X_test, X_test)
    assert e.training_widget.status == "idle"  # a preset prepares, it does not train


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_prepares_a_valid_run(explorer, key):
    explorer.apply_preset(key)
    p = PRESETS[key]
    s = setup_of(explorer)
    assert s["layers"] == [2, *p.hidden, 1] and s["activation"] == p.activation
    assert len(s["models"]) == len(p.initializers)
    assert not explorer.form.train_button.disabled


def test_invalid_hidden_layers_show_the_reason_and_disable_train(explorer):
    e = explorer
    e.form.hidden.value = "10, x"
    assert "'10, x': layer sizes must be whole numbers ≥ 1" in e.form.hidden_error.value
    assert e.form.train_button.disabled
    assert e.train() is False and e.training_widget.status == "idle"
    e.form.hidden.value = "10, 0"
    assert "whole numbers ≥ 1" in e.form.hidden_error.value and e.form.train_button.disabled
    e.form.hidden.value = "12, 6, 3"
    assert "whole numbers" not in e.form.hidden_error.value and not e.form.train_button.disabled


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"learning_rate": 1e9}, ValueError, "learning_rate must be a number from 0.0001 to 10"),
        ({"learning_rate": -1}, ValueError, "learning_rate"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
        ({"iterations": -1}, ValueError, "iterations must be a whole number from 1 to 1,000,000"),
        ({"iterations": 10**7}, ValueError, "iterations"),
        ({"iterations": 1.5}, TypeError, "iterations"),
        ({"seed": -5}, ValueError, "seed"),
        ({"frame_every": -1}, ValueError, "frame_every"),
        ({"noise": 0.9}, ValueError, "noise"),
        ({"n_samples": 2}, ValueError, "n_samples"),
        ({"random_scale": 0}, ValueError, "random_scale"),
        ({"initializers": ["he", "kaiming"]}, ValueError, "unknown initializer 'kaiming'"),
        ({"initializers": []}, ValueError, "initializers is empty"),
        ({"initializers": ["he", "he"]}, ValueError, "twice"),
        ({"initializers": [np.random.randn]}, TypeError, "register_initializer"),
        ({"hidden": [2000]}, ValueError, "at most 1000 units"),
        ({"hidden": [10, 0]}, ValueError, "whole numbers"),
        ({"hidden": 5}, TypeError, "hidden"),
        ({"activation": "softmax"}, ValueError, "activation"),
        ({"dataset": "mnist"}, ValueError, "dataset"),
        ({"preset": "nope"}, ValueError, "preset"),
        ({"preset": ["course"]}, ValueError, "preset"),
        ({"font_scale": -1.0}, ValueError, "font_scale"),
        ({"learnig_rate": 0.1}, TypeError, "learnig_rate"),
    ],
)
def test_arguments_out_of_range_raise_naming_the_argument(kwargs, error, words):
    """Nothing is clamped or dropped: a value the controls cannot hold is an error, as in train()."""
    with pytest.raises(error, match=re.escape(words)):
        Explorer(**kwargs)


def test_arguments_in_range_are_shown_exactly():
    e = Explorer(
        learning_rate=0.0123,
        iterations=1_000_000,
        seed=2**32 - 1,
        random_scale=3.7,
        noise=0.5,
        initializers="he",
        hidden="7 3",
        frame_every=None,
    )
    try:
        assert e.form.learning_rate.text.value == "0.0123" and e.form.learning_rate.value == 0.0123
        assert e.form.iterations.value == 1_000_000 and e.form.seed.value == 2**32 - 1 and e.form.frame_every.value == 0
        assert e.form.random_scale.value == 3.7 and e.form.noise.value == 0.5 and e.form.hidden.value == "7, 3"
        assert e.initializer_specs() == ["he"] and not e.form.train_button.disabled
        assert e.form.learning_rate.slider.value == pytest.approx(0.0123)  # the slider follows the box
        s = setup_of(e)
        assert s["learning_rate"] == 0.0123 and s["iterations"] == 1_000_000 and s["seed"] == 2**32 - 1
    finally:
        e.close()


@pytest.mark.parametrize(
    "field, text, words",
    [
        ("learning_rate", "1e9", "out of range: type a number from 0.0001 to 10"),
        ("learning_rate", "-1", "out of range"),
        ("learning_rate", "fast", "not a number"),
        ("iterations", "-1", "out of range: type a whole number from 1 to 1,000,000"),
        ("iterations", "10000000", "out of range"),
        ("iterations", "2.5", "not a whole number"),
        ("seed", "-5", "out of range"),
        ("frame_every", "1e400", "out of range"),
        ("noise", "0.9", "out of range"),
        ("n_samples", "1", "out of range"),
        ("data_seed", "9" * 40, "out of range"),
        ("random_scale", "nan", "out of range"),
    ],
)
def test_typed_values_out_of_range_show_next_to_the_control(explorer, field, text, words):
    """A typed value stays as typed; its reason shows under the box and Train refuses until it is fixed."""
    e = explorer
    box = getattr(e.form, field)
    good = box.text.value
    slider = box.slider.value if box.slider is not None else None
    box.text.value = text
    assert box.text.value == text, "the typed text was changed"
    assert words in box.error.value and box.error.layout.display != "none"
    assert e.form.train_button.disabled and f"fix {field.replace('_', ' ')}" in e.form.status_line.value
    assert e.train() is False and e.training_widget.status == "idle"
    if box.slider is not None:
        assert box.slider.value == slider, "an invalid value moved the slider"
    box.text.value = good
    assert box.error.value == "" and box.error.layout.display == "none"
    assert not e.form.train_button.disabled and e.form.status_line.value == ""


def test_invalid_data_controls_keep_the_data(explorer):
    e = explorer
    before = e.training_widget._X.copy()
    e.form.n_samples.text.value = "100000"
    assert e.regenerate() is False and "To draw data: fix n samples" in e.form.status_line.value
    np.testing.assert_array_equal(e.training_widget._X, before)


def test_sliders_write_into_their_box(explorer):
    e = explorer
    e.form.learning_rate.slider.value = 0.0316227766  # a drag of the log slider
    assert e.form.learning_rate.text.value == "0.0316" and e.form.learning_rate.value == 0.0316
    assert not e.form.learning_rate.slider.readout  # its editable readout would clamp silently
    e.form.noise.text.value = "0.13"
    assert e.form.noise.slider.value == 0.13


def test_no_initializer_disables_train(explorer):
    for cb in explorer.form.init_checks.values():
        cb.value = False
    assert explorer.form.train_button.disabled and "initializer" in explorer.form.status_line.value
    explorer.form.init_checks["he"].value = True
    assert not explorer.form.train_button.disabled


def test_parse_hidden():
    assert parse_hidden("10, 5") == (10, 5)
    assert parse_hidden("[4 4 4]") == (4, 4, 4)
    assert parse_hidden("") == ()
    for bad in ("10, x", "-1", "2.5", "0"):
        with pytest.raises(ValueError, match="whole numbers"):
            parse_hidden(bad)


def test_regenerate_changes_the_data(explorer):
    e = explorer
    before = e.training_widget._X.copy()
    e.form.data_seed.value = 5
    e.form.regenerate_button.click()
    after = e.training_widget._X
    assert after.shape == before.shape and not np.array_equal(after, before)
    np.testing.assert_array_equal(after, load_dataset("circles", seed=5)[0])
    e.form.dataset.value = "moons"  # switching the dataset regenerates at once
    np.testing.assert_array_equal(e.training_widget._X, load_dataset("moons", seed=5)[0])
    assert "samples" in e.form.data_info.value


def hist_data(e: Explorer) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(b.x), np.asarray(b.y)]) for marks in e.diagnostics.hist_bars for b in marks]


def test_playhead_drives_histograms_and_captions(explorer):
    e = explorer
    e.train()
    e.wait(60)
    tw, panel = e.training_widget, e.diagnostics
    shots = {}
    for it in (0, 300, 600):
        tw.playhead = it
        assert panel.wait_idle(10)
        assert panel.shown["playhead"] == it
        shots[it] = (hist_data(e), panel.captions.value, [np.asarray(b.y).copy() for b in panel.gn_bars])
    assert not all(np.array_equal(a, b) for a, b in zip(shots[0][0], shots[600][0])), "histograms did not change"
    assert shots[0][1] != shots[600][1], "captions did not change"
    assert any(not np.array_equal(a, b) for a, b in zip(shots[0][2], shots[600][2])), "gradient bars did not change"
    zeros_line = [li for li in shots[600][1].split("<li>") if "<b>zeros</b>" in li][0]
    assert "symmetry" in zeros_line
    assert "Final results" in panel.table.value and "zeros" in panel.table.value
    e.form.preset_buttons["tanh"].click()  # a new, untrained run: nothing of the old run stays on screen
    assert panel.wait_idle(10)
    assert "Not trained yet" in panel.captions.value and "zeros" not in panel.captions.value
    assert not any(b.visible for marks in panel.hist_bars for b in marks) and not panel.cost_lines.visible
    assert "NaN" not in panel.table.value


def test_scrubbing_coalesces_and_ends_on_the_last_playhead(explorer):
    e = explorer
    e.train()
    e.wait(60)
    tw, panel = e.training_widget, e.diagnostics
    panel.wait_idle(10)
    panel.min_interval = 2.0  # s between renders: the 20 changes below all land within the first pause
    before = panel.renders
    targets = list(np.linspace(0, 600, 20).astype(int))
    for it in targets:
        tw.playhead = int(it)
    assert panel.wait_idle(20)
    done = panel.renders - before
    fi = e.history[0].frame_iterations
    assert 1 <= done <= 2, f"20 playhead changes in one pause gave {done} renders: they did not coalesce"
    assert panel.shown["playhead"] == targets[-1]
    assert panel.shown["frame"] == frame_index(fi, targets[-1])
    per_update = statistics.median(panel.render_seconds[-done:])
    budget = 0.1  # 10 updates/s
    print(
        f"\n{len(targets)} playhead changes -> {done} renders; median render {per_update * 1000:.1f} ms "
        f"= {per_update / budget:.2f} x the 100 ms budget"
    )


def test_diagnostics_follow_a_growing_history():
    e = Explorer(iterations=60000, initializers=("he",), hidden=(10, 5))
    try:
        seen = set()
        e.train()
        while e.training_widget.running:
            x = np.atleast_2d(np.asarray(e.diagnostics.cost_lines.x))
            seen.add(float(x[0][-1]))
            time.sleep(0.05)
        e.wait(120)
        x = np.atleast_2d(np.asarray(e.diagnostics.cost_lines.x))[0]
        assert 0 < len(x) <= 700 and x[-1] == 59999  # the full, downsampled curve at the end
        partial = {v for v in seen if 0 < v < 59999}
        assert len(partial) >= 2, f"cost chart refreshed only at {sorted(seen)} while training"
    finally:
        e.close()


def test_data_with_many_features_trains_and_flags_no_boundary():
    rng = np.random.RandomState(0)
    m, side = 60, 64
    images = rng.rand(m, side * side * 3)  # (m, n): 60 flattened 64x64 RGB "images"
    labels = (images[:, :100].mean(axis=1) > 0.5).astype(int)
    e = Explorer.from_arrays(images, labels, iterations=40, initializers=("zeros", "he"))
    try:
        assert e.form.dataset.value == "your data" and e.form.regenerate_button.disabled
        assert not e.boundary_available
        assert setup_of(e)["layers"] == [side * side * 3, 10, 5, 1]
        assert "2-D" in e.form.data_info.value
        e.train()
        hs = e.wait(120)
        assert all(h.costs.size == 40 and h.frames is None for h in hs)
        e.training_widget.playhead = 40
        assert e.diagnostics.wait_idle(10) and e.diagnostics.shown["playhead"] == 40
        assert "symmetry" in e.diagnostics.captions.value
        e.form.preset_buttons["too_small"].click()  # presets keep your data
        assert setup_of(e)["layers"][0] == side * side * 3
    finally:
        e.close()


def test_bad_arrays_raise_a_clear_error():
    with pytest.raises(ValueError, match="labels"):
        Explorer.from_arrays(np.zeros((5, 2)), np.array([0, 1, 2, 1, 0]))


def test_lecture_steps_and_keys():
    e = Explorer(lecture=True, iterations=200)
    try:
        assert "iwx-lecture" in e._dom_classes and e.font_scale > 1
        assert "font-size" in e.style_html.value and e.css_class in e.style_html.value
        e.steps.key_bridge._on_message(e.steps.key_bridge, {"type": "key", "action": "next"}, [])
        assert e.step == 0
        first, text = LECTURE_STEPS[0]
        assert first.title in e.steps.caption.value
        assert [n for n, cb in e.form.init_checks.items() if cb.value] == list(first.initializers)
        e.training_widget.stop()
        e.next_step()
        e.training_widget.stop()
        assert e.step == 1 and [m["name"] for m in setup_of(e)["models"]] == ["random"]
        e.prev_step()
        e.training_widget.stop()
        assert e.step == 0 and e.steps.prev_button.disabled
    finally:
        e.close()


def test_diagnostics_survive_hostile_playheads_and_nan_costs(explorer):
    """A playhead far outside the run (a Python user may set 10**30) or a run of NaN costs never breaks the charts."""
    e, panel = explorer, explorer.diagnostics
    tw = e.training_widget
    tw.reconfigure(learning_rate=1e3, activation="leaky_relu", iterations=300)  # NaN from the first iterations on
    tw.start()
    e.wait(60)
    assert sum(np.isnan(h.costs[-1]) for h in e.history) == 2  # random and he; zeros stays at ln 2
    for playhead in (10**30, -(10**30), 10**18, -1, 299):
        tw.playhead = playhead
        assert panel.wait_idle(10)
        assert panel.last_error == "", f"playhead {playhead}: {panel.last_error}"
        assert 0 <= panel.shown["playhead"] <= 300
    assert "diverged" in panel.captions.value
    assert panel.table.value.count("<td>—</td>") == 2  # a NaN cost shows as a dash, not "nan"


def rss_mb() -> float:
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 1e6


def test_memory_bombs_through_the_controls_are_refused_with_a_readable_message(explorer):
    """Typed into the controls, a run over the engine's memory cap is a message next to Train, not a dead kernel."""
    e = explorer
    before = rss_mb()
    e.form.iterations.text.value = "1000000"
    e.form.frame_every.text.value = "1"
    for cb in e.form.init_checks.values():
        cb.value = True
    assert e.train() is False
    assert "over the limit" in e.form.status_line.value and "frame_every=1" in e.form.status_line.value
    assert "INIT_WIDGET_MEMORY_LIMIT" in e.form.status_line.value  # how to raise the cap
    e.form.preset_buttons["course"].click()
    e.form.hidden.value = ", ".join(["1000"] * 30)  # the largest network the box takes, on the most samples
    e.form.n_samples.text.value = "5000"
    assert e.train() is False and "over the limit" in e.form.status_line.value and "layers=" in e.form.status_line.value
    assert e.training_widget.status == "idle" and setup_of(e)["iterations"] == 15000  # the last valid run stays
    assert rss_mb() - before < 100, "a refused run allocated memory"
    e.form.preset_buttons["course"].click()
    assert e.form.status_line.value == "" and e.prepare()


def test_memory_cap_from_the_constructor():
    with pytest.raises(ValueError, match="over the limit.*frame_every=1"):
        Explorer(iterations=1_000_000, frame_every=1)
    small_cap = {"iterations": 20_000, "frame_every": 1, "initializers": "he", "hidden": ()}  # ~200 MB of frames
    with pytest.raises(ValueError, match="over the limit of 50.0 MB"):
        Explorer(**small_cap, memory_limit="50MB")
    e = Explorer(**small_cap)  # under the default cap of 1 GB
    try:
        assert setup_of(e)["iterations"] == 20_000 and e.training_widget.status == "idle"
    finally:
        e.close()


def test_a_diverged_model_shows_its_notice_and_the_diagnostics_hold():
    """random ×10 at learning rate 10 with leaky ReLU diverges at once; he goes on. The Explorer says so."""
    e = Explorer(iterations=400, initializers=("random", "he"), learning_rate=10, activation="leaky_relu")
    try:
        e.train()
        histories = e.wait(60)
        random, he = histories
        assert random.diverged_at is not None and he.diverged_at is None
        assert e.training_widget.status == "done"
        notice = e.form.run_notice.value
        assert "random" in notice and "diverged" in notice and html.escape(e.training_widget.notice) in notice
        panel = e.diagnostics
        for playhead in (0, 1, 200, 400):
            e.training_widget.playhead = playhead
            assert panel.wait_idle(10) and panel.last_error == "", panel.last_error
        assert "diverged" in panel.captions.value
        e.apply_preset("course")  # a new run: the old run's notice goes
        assert e.form.run_notice.value == ""
    finally:
        e.close()


def test_a_run_where_every_model_diverged_ends_diverged_with_its_notice():
    e = Explorer(iterations=5000, initializers="random", learning_rate=10, activation="leaky_relu")
    try:
        e.train()
        e.wait(60)
        assert e.training_widget.status == "diverged"
        assert "diverged" in e.form.run_notice.value and e.history[0].costs.size < 5000  # it stopped early
        assert e.diagnostics.last_error == ""
    finally:
        e.close()


def test_closed_explorers_leave_no_widget_behind():
    """ipywidgets' close() closes one model: every control, figure, mark and scale must be closed too."""
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    for key in ("course", "deep"):
        e = Explorer(iterations=50, preset=key)
        e.train()
        e.wait(60)
        e.apply_preset("too_small")  # another run shape: the charts rebuild their marks
        assert e.diagnostics.wait_idle(10)
        e.close()
    left = [type(_instances[k]).__name__ for k in set(_instances) - before]
    assert left == [], f"{len(left)} widgets left open: {sorted(set(left))}"

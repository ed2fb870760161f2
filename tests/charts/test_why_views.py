"""The "why" views, kernel side: what each bqplot figure is given, and what clicking or sliding does."""

import numpy as np
import student_initializers as s

from init_widget import check_initializer, scale_sweep, signal_propagation, train
from init_widget.why_views import check_view, propagation_view, seeds_view, sweep_view


def _marks(box, kind):
    """Every mark of the given class in the view's figures, in order."""
    import bqplot as bq

    out, stack = [], [box]
    while stack:
        w = stack.pop(0)
        if isinstance(w, bq.Figure):
            out += [m for m in w.marks if isinstance(m, kind)]
        stack += list(getattr(w, "children", ()))
    return out


def test_seeds_view_draws_median_band_and_one_dot_per_seed(circles):
    import bqplot as bq

    X, Y, X_test, Y_test = circles
    runs = train(X, Y, ["zeros", "he"], seeds=4, iterations=200, X_test=X_test, Y_test=Y_test)
    view = seeds_view(runs)
    lines = _marks(view, bq.Lines)
    medians = [m for m in lines if m.labels and m.labels[0] in ("zeros", "he")]
    he_costs = np.array([h.costs for h in runs if h.name.startswith("he")])  # the 4 seeded He runs
    assert he_costs.shape == (4, 200)
    np.testing.assert_allclose(medians[1].y, np.median(he_costs, axis=0))
    bands = [m for m in lines if m.fill == "between"]
    assert len(bands) == 2 and np.asarray(bands[1].y).shape == (2, 200)
    dots = _marks(view, bq.Scatter)
    assert [len(d.y) for d in dots] == [4, 4]
    he_test = [h.accuracy(X_test, Y_test) for h in runs if h.name.startswith("he")]
    np.testing.assert_allclose(np.sort(dots[1].y), np.sort(he_test))


def test_sweep_view_marks_the_course_scales_and_click_opens_the_run(circles):
    import bqplot as bq

    X, Y, _, _ = circles
    sw = scale_sweep(X, Y, scales=[0.01, 1.0, 10.0], seeds=[0, 3], iterations=60)
    view = sweep_view(sw, X, Y)
    labels = [m.text[0] for m in _marks(view, bq.Label)]
    assert sorted(set(labels)) == sorted(["×10", "×0.01", "Xavier", "He"])
    points = _marks(view, bq.Scatter)[0]
    finite = np.isfinite(sw.final_cost.reshape(-1))
    np.testing.assert_allclose(points.y, sw.final_cost.reshape(-1)[finite])
    assert not finite.all()  # ×10 with seed 0 is NaN by then: a point left out, so the mapping matters
    points.selected = [int(finite.sum()) - 1]  # the last point shown: scale 10, seed 3, the course's random run
    w = view.opened
    try:
        histories = w.wait(60)
        assert histories[0].seed == 3 and histories[0].costs[-1] == sw.final_cost[2, 1]
    finally:
        w.close()


def test_propagation_view_slider_redraws(circles):
    import bqplot as bq

    p = signal_propagation(depth=6, width=40, samples=200, initializers=["he", "xavier", "zeros"])
    view = propagation_view(p)
    solid = [m for m in _marks(view, bq.Lines) if m.labels][0]
    he_before = np.array(solid.y[0])
    np.testing.assert_allclose(he_before, p.activation_std["he"])
    assert np.all(np.isnan(solid.y[2]))  # zeros: no signal, drawn as a gap on the log axis
    view.slider.value = 2.0
    np.testing.assert_allclose(solid.y[0], p.rescaled(2.0).activation_std["he"])
    assert solid.y[0][-1] > 10 * he_before[-1]


def test_check_view_says_the_verdict():
    good = check_view(check_initializer(s.initialize_parameters_he)).value
    assert "correct He initialization" in good and "#009E73" in good
    bad = check_view(check_initializer(s.he_wrong_index)).value
    assert "layers_dims[l-1]" in bad and "#D55E00" in bad and bad.count("<tr>") == 4


def test_sweep_view_leaves_out_nan_points_and_keeps_the_click_mapping(circles):
    import bqplot as bq

    X, Y, _, _ = circles
    sw = scale_sweep(X, Y, scales=[0.5, 1.0], seeds=[0, 1], iterations=20)
    sw.final_cost[0, 1] = np.nan  # as a diverged run leaves it
    view = sweep_view(sw, X, Y)
    points = _marks(view, bq.Scatter)[0]
    assert len(points.y) == 3 and np.all(np.isfinite(points.y))
    points.selected = [0]
    first = view.opened
    points.selected = [1]  # the second point shown is (scale 1.0, seed 0): (0.5, seed 1) was left out
    w = view.opened
    try:
        assert w is not first and first.status == "closed"  # one run open at a time
        assert w.wait(60)[0].seed == 0 and w.history[0].name == sw.initializer(1).__name__
    finally:
        w.close()


def _widgets(box, kind):
    out, stack = [], [box]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kind):
            out.append(w)
        stack += list(getattr(w, "children", ()))
    return out


def test_sweep_run_picker_opens_the_run_a_click_would(circles):
    """The keyboard's path to 'click a point to watch that run': a dropdown of (scale, seed) runs and a button."""
    import ipywidgets as W

    X, Y, _, _ = circles
    sw = scale_sweep(X, Y, scales=[0.5, 1.0], seeds=[0, 3], iterations=20)
    view = sweep_view(sw, X, Y)
    (pick,) = _widgets(view, W.Dropdown)
    assert [label for label, _ in pick.options] == [
        "scale 0.5, seed 0",
        "scale 0.5, seed 3",
        "scale 1, seed 0",
        "scale 1, seed 3",
    ]
    pick.value = (1, 1)
    (button,) = [b for b in _widgets(view, W.Button) if b.description == "Watch this run"]
    button.click()
    w = view.opened
    try:
        h = w.wait(60)[0]
        assert h.seed == 3 and h.name == sw.initializer(1).__name__ and h.costs[-1] == sw.final_cost[1, 1]
    finally:
        w.close()


def test_charts_read_on_a_projector(circles):
    """No toolbar over titles; the seeds strip names its initializers; ticks never run together; the sweep's
    scale names sit beside their lines on alternate rows; the propagation caption names the network."""
    import bqplot as bq

    from init_widget.charts.why_views import decade_ticks

    X, Y, X_test, Y_test = circles
    seeds = seeds_view(train(X, Y, ["zeros", "he"], seeds=2, iterations=20, X_test=X_test, Y_test=Y_test))
    sweep = sweep_view(scale_sweep(X, Y, scales=np.logspace(-3, 2, 11), seeds=[0], iterations=5))
    prop = propagation_view(signal_propagation(layers=[2, 10, 5, 1], X=X, initializers=["he", "small"]))
    figures = [f for v in (seeds, sweep, prop) for f in _widgets(v, bq.Figure)]
    assert figures and not any(f.display_toolbar for f in figures)
    strip = _widgets(seeds, bq.Figure)[1]
    assert strip.axes[0].tick_labels == {"0": "zeros", "1": "he"}
    assert all(len(f.title) <= 32 for f in figures), [f.title for f in figures]  # half a 1366 screen at 18 px
    scale_axis = _widgets(sweep, bq.Figure)[0].axes[0]
    assert list(scale_axis.tick_values) == [0.001, 0.01, 0.1, 1.0, 10.0, 100.0] and scale_axis.tick_format == "~g"
    labels = sorted(_marks(sweep, bq.Label)[:4], key=lambda m: m.x[0])
    assert all(m.align == "start" and m.x_offset > 0 for m in labels)
    assert [m.y[0] for m in labels] == [0.95, 0.85, 0.95, 0.85]  # neighbours (Xavier, He) on different rows
    assert "2 → 10 → 5 → 1" in prop.children[1].children[1].value
    layer_axis = _widgets(prop, bq.Figure)[0].axes[0]
    assert list(layer_axis.tick_values) == [1, 2, 3]
    assert decade_ticks(1e-40, 1e20) == [1e-40, 1e-20, 1.0, 1e20]  # 60 decades: four readable ticks
    y_ticks = _widgets(prop, bq.Figure)[0].axes[1].tick_values
    drawn = np.concatenate([np.ravel(m.y) for m in _marks(prop, bq.Lines)])
    assert 2 <= len(y_ticks) <= 7 and min(y_ticks) >= np.nanmin(drawn) and max(y_ticks) <= np.nanmax(drawn)
    solid, dashed = _marks(prop, bq.Lines)[:2]
    assert dashed.line_style == "dashed" and dashed.stroke_width > solid.stroke_width  # theory drawn over, visible

"""examples/01_course_initialization.ipynb in a real JupyterLab + Chromium, as a student would run it.

Run All, then: the course's printed numbers, the three panels paint and animate at the watchable
pace (the run plays in its duration while training finishes in the background), the He panel ends
at the course's final cost and accuracies, Replay is offered at the end, the playback can be paused,
the timeline scrubs, the chart explains its scale, and light/dark screenshots (artifacts/; the
README's come from test_layout.py).
"""

from __future__ import annotations

import json
import math

import pytest
from e2e_dom import RECORDER_JS, Widget, as_percent, decimals, parse_number
from e2e_lab import ARTIFACTS, close_notebook, open_notebook

NOTEBOOK = "01_course_initialization.ipynb"
MODELS = ("zeros", "random", "he")
ITERATIONS = 15000
COURSE_HE_COST_14000 = 0.07357895962677366


@pytest.fixture(scope="module")
def expected():
    """The same three runs in this process: per-iteration costs and per-frame accuracies."""
    from init_widget import load_dataset, train

    X, Y, X_test, Y_test = load_dataset("circles")
    runs = train(
        X,
        Y,
        initializer=list(MODELS),
        layers=[2, 10, 5, 1],
        learning_rate=0.01,
        iterations=ITERATIONS,
        seed=3,
        X_test=X_test,
        Y_test=Y_test,
    )
    return {h.name: h for h in runs}


class CourseRun:
    """The notebook after Run All, plus what the He panel showed while it trained (in-page recorder)."""

    def __init__(self, nb, widget: Widget, samples: list):
        self.nb, self.page, self.w = nb, nb.page, widget
        self.samples = samples


@pytest.fixture(scope="module")
def course(browser, lab_light):
    nb = open_notebook(browser, lab_light, NOTEBOOK, "course-light")
    try:
        nb.page.evaluate(RECORDER_JS, "he")
        nb.run_all()
        w = Widget(nb.page)
        nb.wait_widget(120_000)
        # the run is over and shown to its end
        w.wait(lambda: w.status() == "done" and w.playhead() == ITERATIONS, 90, "status done and playhead at the end")
        w.frames(30)  # the recorder samples on animation frames: let it see the last one
        samples = nb.page.evaluate("() => { window.__iwRecord.done = true; return window.__iwRecord.samples; }")
        (ARTIFACTS / "course-light.samples.json").write_text(json.dumps(samples))
        nb.wait_executed(60_000)
        yield CourseRun(nb, w, samples)
    finally:
        close_notebook(nb)


def test_notebook_prints_the_course_numbers(course):
    text = course.page.locator(".jp-OutputArea-output").all_inner_texts()
    out = "\n".join(text)
    assert "Cost after iteration 0: 0.6931471805599453" in out, out[:3000]  # zeros
    assert "Cost after iteration 14000: 0.07357895962677" in out, out[:3000]  # he
    assert "Accuracy: 0.9933333333333333" in out and "Accuracy: 0.96" in out, out[:3000]
    assert "Accuracy: 0.83" in out and "Accuracy: 0.86" in out, out[:3000]  # random
    assert course.nb.errors_in_outputs() == [], course.nb.errors_in_outputs()


def test_widget_shows_three_panels_and_no_error(course):
    w = course.w
    for m in MODELS:
        assert w.panel(m).count() == 1, f"no .iw-panel[data-model={m}]"
    assert w.status() == "done", f"status {w.status()!r}, samples {course.samples[-3:]}"
    assert course.page.locator(".iw-root").count() == 1, "the widget is shown more than once"
    err = w.q(".iw-error")
    assert err.count() == 0 or not err.inner_text().strip(), err.inner_text()


def test_panels_paint_nonblank_pixels(course):
    for m in MODELS:
        s = course.w.canvas_stats(m)
        assert s["w"] >= 50 and s["h"] >= 50, (m, s)
        # the boundary heat map plus the data points: many colours, clear contrast
        assert s["var"] > 50 and s["distinct"] > 10, (m, s)
    chart = course.w.chart_stats()
    assert chart["var"] > 10 and chart["distinct"] > 3, chart


def test_pixels_change_over_time(course):
    samples = course.samples
    assert samples, "the in-page recorder saw no He panel"
    hashes = {s["hash"] for s in samples}
    playheads = [s["playhead"] for s in samples]
    assert len(hashes) >= 3, (
        f"He panel showed {len(hashes)} distinct images over {len(samples)} samples: {samples[:10]}"
    )
    assert samples[-1]["painted"] > samples[0]["painted"], samples
    assert playheads[-1] == ITERATIONS


def test_the_run_plays_at_a_watchable_pace(course):
    """Training is over in about a second, but the run plays in its duration (18 s by default):
    the He panel reaches the end seconds after training, not with it, and Replay is offered there."""
    samples = course.samples
    trained = next((s["t"] for s in samples if s["status"] == "done"), None)
    shown = next((s["t"] for s in samples if s["playhead"] == ITERATIONS), None)
    assert trained is not None and shown is not None, samples[-5:]
    assert shown - trained > 5000, f"the end was shown {shown - trained} ms after training ended: not played at a pace"
    assert course.w.q(".iw-replay").is_visible(), "no Replay offered at the end of the run"


def test_chart_says_its_scale_and_values(course):
    """random ×10 starts far above the others: the chart goes log by itself and says so; the legend
    gives each model's cost at the playhead."""
    page = course.page
    note = course.w.q(".iw-chart-note").inner_text()
    assert "log scale" in note, note
    assert course.w.q("input.iw-log").is_checked()
    he = page.locator(".iw-legend-item[data-model='he'] .iw-legend-value").first.inner_text()
    assert he == course.w.readouts("he")["cost"], he
    zeros = course.w.panel("zeros").locator(".iw-panel-note")
    assert "0.5 everywhere" in zeros.inner_text(), "the zeros panel does not say its output is uniform"
    label = course.w.panel("he").locator("canvas.iw-heatmap").get_attribute("aria-label")
    assert "iteration 15,000" in label and "cost" in label and "99.33 %" in label, label


def test_following_live_never_goes_back(course):
    """While training, the panels only move forward: a stale playhead (e.g. the kernel's echo of an
    older throttled save) must not repaint an earlier frame."""
    playheads = [s["playhead"] for s in course.samples]
    back = [(a, b) for a, b in zip(playheads, playheads[1:]) if b < a]
    assert not back, f"playhead went backwards {len(back)} times while following live, e.g. {back[:5]}: {playheads}"


def test_he_panel_ends_at_course_numbers(course, expected):
    w = course.w
    he = expected["he"]
    r = w.readouts("he")
    it = parse_number(r["iteration"])
    assert it == ITERATIONS, r
    # accuracy of the final frame: the course's 99.33 % train, 96 % test
    train_pct, test_pct = as_percent(r["train_acc"]), as_percent(r["test_acc"])
    tol = lambda text: 0.5 * 10 ** -decimals(text) * (100 if "%" not in text and parse_number(text) <= 1 else 1) + 1e-9  # noqa: E731
    assert abs(train_pct - 99.3333333) <= tol(r["train_acc"]), r
    assert abs(test_pct - 96.0) <= tol(r["test_acc"]), r
    # the cost shown at the end is the last recorded cost
    cost = parse_number(r["cost"])
    last = float(he.costs[-1])
    assert abs(cost - last) <= max(0.5 * 10 ** -decimals(r["cost"]), 1e-6 * last), (r, last)
    # the other two: zeros stays at ln 2 and 50 %, random at 83 % / 86 %
    z = w.readouts("zeros")
    assert abs(parse_number(z["cost"]) - math.log(2)) <= max(0.5 * 10 ** -decimals(z["cost"]), 1e-6), z
    assert abs(as_percent(z["train_acc"]) - 50.0) <= tol(z["train_acc"]), z
    rnd = w.readouts("random")
    assert abs(as_percent(rnd["train_acc"]) - 83.0) <= tol(rnd["train_acc"]), rnd
    assert abs(as_percent(rnd["test_acc"]) - 86.0) <= tol(rnd["test_acc"]), rnd


def test_scrubbing_the_timeline_changes_the_iteration(course, expected):
    w = course.w
    lo, hi = w.timeline_bounds()
    assert (lo, hi) == (0, ITERATIONS), (lo, hi)
    end_pixels = w.canvas_stats("he")["hash"]
    w.scrub(14000)
    w.wait(lambda: w.panel_iteration("he") == 14000, 10, "He panel at iteration 14000 after scrubbing")
    assert w.playhead() == 14000
    r = w.readouts("he")
    cost = parse_number(r["cost"])
    # the course's printed cost at iteration 14000, to the readout's precision (float32 on the wire)
    assert abs(cost - COURSE_HE_COST_14000) <= max(0.5 * 10 ** -decimals(r["cost"]), 1e-6), r
    w.scrub(0)
    w.wait(lambda: w.panel_iteration("he") == 0, 10, "He panel at iteration 0 after scrubbing")
    r0 = w.readouts("he")
    assert abs(parse_number(r0["cost"]) - float(expected["he"].costs[0])) <= max(
        0.5 * 10 ** -decimals(r0["cost"]), 1e-6
    ), r0
    w.wait(lambda: w.canvas_stats("he")["hash"] != end_pixels, 5, "He panel repainted at iteration 0")
    # an iteration between two frames shows the frame at or before it (the timeline is in iterations)
    w.scrub(7050)
    it = w.wait(
        lambda: w.panel_iteration("he") if w.panel_iteration("he") not in (0, None) else None,
        10,
        "He panel to leave iteration 0",
    )
    assert 6900 <= it <= 7100, it


def test_playback_pause_freezes_the_playhead(course):
    w = course.w
    w.scrub(0)
    w.wait(lambda: w.playhead() == 0, 10, "playhead at 0")
    w.q(".iw-play").click()
    moved = w.wait(lambda: (w.playhead() or 0) > 0 and w.playhead(), 10, "playback to move the playhead")
    w.q(".iw-play").click()  # pause playback
    frozen = w.settled(w.playhead, 10, "the paused playhead")
    w.frames(90)  # about 1.5 s of a 60 Hz page
    assert w.playhead() == frozen, f"playhead moved from {frozen} to {w.playhead()} while paused (started {moved})"
    assert frozen < ITERATIONS


def _shoot_widget(page, artifacts, name: str) -> None:
    """Screenshot the widget's output area into artifacts/."""
    out = page.locator(".jp-OutputArea-output:has(.iw-root)").first
    out.scroll_into_view_if_needed()
    Widget(page).frames(10)  # painted where it now is
    path = artifacts / name
    out.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def test_screenshot_light(course, artifacts):
    w = course.w
    w.scrub(ITERATIONS)
    w.wait(lambda: w.panel_iteration("he") == ITERATIONS, 10, "He panel back at the end")
    _shoot_widget(course.page, artifacts, "course-light.png")


def test_screenshot_dark(browser, lab_dark, artifacts):
    nb = open_notebook(browser, lab_dark, NOTEBOOK, "course-dark")
    try:
        assert nb.page.evaluate("document.body.dataset.jpThemeLight") == "false", "dark theme not applied"
        nb.run_all()
        w = Widget(nb.page)
        nb.wait_widget(120_000)
        w.wait(
            lambda: w.status() == "done" and w.panel_iteration("he") == ITERATIONS,
            90,
            "dark run done and shown to the end",
        )
        for m in MODELS:
            s = w.canvas_stats(m)
            assert s["var"] > 50, (m, s)
        # text readable on the dark background: the readouts are light
        lum = nb.page.locator(".iw-root").first.evaluate("""el => {
            const c = getComputedStyle(el).color.match(/\\d+(\\.\\d+)?/g).map(Number);
            return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
        }""")
        assert lum > 128, f"widget text colour too dark for the dark theme (luminance {lum:.0f})"
        _shoot_widget(nb.page, artifacts, "course-dark.png")
    finally:
        close_notebook(nb)

"""In JupyterLab, a TrainingWidget and the Explorer train with "zeros" among their initializers and
the browser console stays clean.

Zero weight and gradient norms on the charts' log scales once made bqplot log 20-40 errors a run
(`translate(0,NaN)`, `Expected moveto path command, "null"`) and dropped the zeros lines. Here the
course run trains in a TrainingWidget (started from the notebook), the Explorer trains the course
setup from its Train button, its timeline is scrubbed across the run, and every console error or
page error is counted, except JupyterLab's own noise (matched by message only).
"""

from __future__ import annotations

import re

import pytest
from e2e_dom import Widget, wait_settled
from e2e_hosts import EXPLORER_CELL, WIDGET_CELL, our_errors, wait_course_done, write_notebook
from e2e_lab import close_notebook, open_notebook

NOTEBOOK = "console_clean.ipynb"
# the weight-norm chart: every line's path (the dashed playhead is a 2-point line) and its "0" mark
WEIGHT_CHART_JS = """() => ({
    paths: [...document.querySelectorAll('.iwx-weight-norms path.line')].map(p => p.getAttribute('d') || ''),
    zero: [...document.querySelectorAll('.iwx-weight-norms text.label')]
        .filter(t => t.textContent.trim() === '0' && t.getBoundingClientRect().height > 0).length,
})"""
POINT = re.compile(r"[ML]\s*([-\d.e]+)[ ,]([-\d.e]+)")


@pytest.fixture(scope="module")
def explorer_run(browser, lab_light):
    write_notebook(lab_light.root / NOTEBOOK, WIDGET_CELL, "w.start()", EXPLORER_CELL)
    nb = open_notebook(browser, lab_light, NOTEBOOK, "console-clean")
    try:
        page = nb.page
        page.set_viewport_size({"width": 1400, "height": 2900})
        nb.run_all()
        page.wait_for_selector(".iwx-explorer .iw-root", timeout=120_000)
        page.wait_for_selector(".iwx-histograms .bqplot", timeout=60_000)
        wait_course_done(Widget(page))  # the first .iw-root: the TrainingWidget
        w = Widget(page, scope=".iwx-explorer")
        page.locator(".iwx-explorer button.jupyter-button", has_text=re.compile(r"^\s*Train\s*$")).first.click()
        w.wait(lambda: w.status() == "done", 120, "training to finish")
        lo, hi = w.timeline_bounds()
        for target in (lo, hi // 3, hi // 2, hi):
            w.scrub(target)
            wait_settled(page, ".iwx-explorer")  # the charts' updates for this playhead have landed
        # the full refresh (cost curves, weight norms) follows the playhead renders: its 9 curves are drawn
        w.wait(lambda: sum(d.count("L") > 2 for d in page.evaluate(WEIGHT_CHART_JS)["paths"]) >= 9, 30, "weight norms")
        wait_settled(page, ".iwx-explorer")
        yield nb
    finally:
        close_notebook(nb)


def test_no_console_errors_from_our_widgets(explorer_run):
    errors = our_errors(explorer_run.console)
    assert errors == [], f"{len(errors)} console errors, e.g. {errors[:5]}"


def test_zeros_weight_norms_are_drawn_at_the_floor_marked_0(explorer_run):
    chart = explorer_run.page.evaluate(WEIGHT_CHART_JS)
    lines = [[(float(x), float(y)) for x, y in POINT.findall(d)] for d in chart["paths"]]
    assert all(d.startswith("M") and "NaN" not in d for d in chart["paths"]), chart["paths"]
    curves = [pts for pts in lines if len(pts) > 2]  # not the playhead
    assert len(curves) == 3 * 3, [len(p) for p in lines]  # 3 layers × 3 models
    bottom = max(y for pts in curves for _, y in pts)  # SVG y grows downwards: the axis floor
    flat_at_floor = [pts for pts in curves if all(abs(y - bottom) < 0.5 for _, y in pts)]
    assert len(flat_at_floor) == 3, "the zeros model's three layers should lie flat on the floor"
    assert chart["zero"] == 1, "no visible '0' marking the log axis floor"

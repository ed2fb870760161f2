"""The four "why" views in a real JupyterLab + Chromium: they render, the scale slider redraws the
propagation lines, clicking a sweep point opens that run in the animated widget; screenshots light and dark.

Writes its own small notebook (the example 05 itself runs in test_examples_run.py).
"""

from __future__ import annotations

import nbformat
import pytest
from e2e_lab import ARTIFACTS, in_theme, kept_open, open_notebook, publish_screenshot
from student_initializers import WRONG_INDEX_CELL

NOTEBOOK = "why_e2e.ipynb"
TALL = {"width": 1400, "height": 2600}
CELLS = [
    """import numpy as np
from init_widget import load_dataset, train, scale_sweep, signal_propagation, check_initializer
from init_widget.why_views import seeds_view, sweep_view, propagation_view, check_view
X, Y, X_test, Y_test = load_dataset("circles")""",
    """seeds_view(train(X, Y, ["zeros", "random", "he"], seeds=10, iterations=15000, X_test=X_test, Y_test=Y_test))""",
    """sweep = scale_sweep(X, Y, scales=np.logspace(-2, 1.5, 8), seeds=2, iterations=6000, X_test=X_test, Y_test=Y_test)
sweep_view(sweep, X, Y, X_test, Y_test)""",
    """propagation_view(signal_propagation(depth=20, width=100, initializers=["he", "xavier", "small", "random"]))""",
    WRONG_INDEX_CELL + "\ncheck_view(check_initializer(initialize_parameters_he))",
]
VIEWS = ("seeds", "sweep", "propagation", "check")
LINES_JS = (
    """(sel) => [...document.querySelectorAll(sel + ' path.line')].map(p => p.getAttribute('d') || '').join('|')"""
)


def open_views(browser, server, name: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, server.root / NOTEBOOK)
    page_nb = open_notebook(browser, server, NOTEBOOK, name)
    page_nb.page.set_viewport_size(TALL)
    page_nb.run_all()
    page_nb.wait_executed(300_000)
    for view in ("seeds", "sweep", "propagation"):
        page_nb.page.wait_for_selector(f".iw-why-{view} .bqplot path.line", state="attached", timeout=60_000)
    page_nb.page.wait_for_selector(".iw-why-check", timeout=30_000)
    return page_nb


@pytest.fixture(scope="module")
def views_light(browser, lab_light):
    yield from kept_open(open_views(browser, lab_light, "why-views-light"))


def test_views_render_without_errors(views_light):
    page = views_light.page
    assert views_light.errors_in_outputs() == []
    for view in ("seeds", "sweep", "propagation"):
        assert page.evaluate(LINES_JS, f".iw-why-{view}").count("M") >= 2, view
    # seeds: one dot per seed and initializer in the accuracy strip (30)
    assert page.locator(".iw-why-seeds path.dot").count() == 30
    # the sweep marks the course's scales
    labels = page.evaluate("() => [...document.querySelectorAll('.iw-why-sweep text')].map(t => t.textContent.trim())")
    assert {"×10", "×0.01", "Xavier", "He"} <= set(labels), labels
    verdict = page.locator(".iw-why-check").inner_text()
    assert "layers_dims[l-1]" in verdict


def test_scale_slider_redraws_the_propagation_lines(views_light):
    page = views_light.page
    before = page.evaluate(LINES_JS, ".iw-why-propagation")
    handle = page.locator(".iw-why-propagation .noUi-handle, .iw-why-propagation .ui-slider-handle").first
    handle.focus()
    for _ in range(10):
        handle.press("ArrowRight")
    page.wait_for_function(f"() => ({LINES_JS})('.iw-why-propagation') !== {before!r}", timeout=30_000)
    assert "× 1." in page.locator(".iw-why-propagation").inner_text()


def test_clicking_a_sweep_point_opens_the_run(views_light):
    page = views_light.page
    page.locator(".iw-why-sweep path.dot").nth(8).click()
    page.wait_for_selector(".iw-why-sweep .iw-root", timeout=60_000)
    assert "scale" in page.locator(".iw-why-sweep").inner_text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(request, browser, theme):
    with in_theme(request, theme, "views_light", lambda lab: open_views(browser, lab, "why-views-dark")) as nb:
        for view in VIEWS:
            path = ARTIFACTS / f"why-{view}-{theme}.png"
            el = nb.page.locator(f".iw-why-{view}").first
            el.scroll_into_view_if_needed()
            el.screenshot(path=str(path))
            assert path.stat().st_size > 5000
            publish_screenshot(path, path.name)

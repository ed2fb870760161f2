"""Every why view, and the widget with a student's function beside He, at 1920×1080, 1366×768 and 1280×720, light and
dark, checked as a reader sees them (issue 15): no text cut by the box that holds it, no two texts drawn over each
other (e2e_dom.text_problems: titles, tick labels, sweep labels, legends), the student's verdict beside its drawing
rather than over it, the propagation slider wide enough to use. Screenshots go to artifacts/screens-*.png.
"""

from __future__ import annotations

import pytest
from e2e_dom import Widget, text_problems, wait_settled
from e2e_hosts import write_notebook
from e2e_lab import ARTIFACTS, in_theme, kept_open, open_notebook
from student_initializers import WRONG_INDEX_CELL

NOTEBOOK = "screens.ipynb"
VIEWPORTS = ((1920, 1080), (1366, 768), (1280, 720))
CELLS = (
    """import numpy as np
from init_widget import load_dataset, train, scale_sweep, signal_propagation, check_initializer, TrainingWidget
from init_widget.why_views import seeds_view, sweep_view, propagation_view, check_view
X, Y, X_test, Y_test = load_dataset("circles")""",
    """seeds_view(train(X, Y, ["zeros", "random", "he"], seeds=10, iterations=15000, X_test=X_test, Y_test=Y_test))""",
    """sweep = scale_sweep(X, Y, scales=np.logspace(-3, 2, 11), seeds=2, iterations=3000, X_test=X_test, Y_test=Y_test)
sweep_view(sweep, X, Y, X_test, Y_test)""",
    """propagation_view(signal_propagation(depth=20, width=100, initializers=["he", "xavier", "small", "random"]))""",
    WRONG_INDEX_CELL + "\ncheck_view(check_initializer(initialize_parameters_he))",
    """w = TrainingWidget(X, Y, initializers=[initialize_parameters_he, "he"], X_test=X_test, Y_test=Y_test, duration=2)
w.start()
w""",
)
VIEWS = ("seeds", "sweep", "propagation", "check")


def open_screens(browser, server, name: str):
    write_notebook(server.root / NOTEBOOK, *CELLS)
    nb = open_notebook(browser, server, NOTEBOOK, name)
    nb.run_all()
    nb.wait_executed(300_000)
    for view in ("seeds", "sweep", "propagation"):
        nb.page.wait_for_selector(f".iw-why-{view} .bqplot path.line", state="attached", timeout=60_000)
    assert nb.errors_in_outputs() == []
    return nb


@pytest.fixture(scope="module")
def screens_light(browser, lab_light):
    yield from kept_open(open_screens(browser, lab_light, "screens-light"))


def check_view_at(page, view: str, shot: str) -> list[str]:
    sel = f".iw-why-{view}"
    el = page.locator(sel).first
    el.scroll_into_view_if_needed()
    if view != "check":
        wait_settled(page, sel)
    el.screenshot(path=str(ARTIFACTS / shot))
    return text_problems(page, sel)


def check_student_widget(page, shot: str) -> list[str]:
    w = Widget(page, scope=".jp-Cell:last-child")
    w.wait(lambda: w.status() == "done", 90, "the student's run")
    root = page.locator(".jp-Cell:last-child .iw-root").first
    root.scroll_into_view_if_needed()
    wait_settled(page, ".jp-Cell:last-child .iw-root")
    root.screenshot(path=str(ARTIFACTS / shot))
    problems = text_problems(page, ".jp-Cell:last-child .iw-root")
    covers = page.evaluate("""() => [...document.querySelectorAll('.jp-Cell:last-child .iw-panel')].map(p => {
        const v = p.querySelector('.iw-panel-verdict'), c = p.querySelector('canvas.iw-heatmap');
        if (!v || !c) return 0;
        const a = v.getBoundingClientRect(), b = c.getBoundingClientRect();
        return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
             * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)) / (b.width * b.height);
    })""")
    if max(covers) > 0.1:
        problems.append(f"the verdict covers {max(covers):.0%} of the student's drawing")
    return problems


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_views_and_a_students_widget_read_well(request, browser, theme):
    with in_theme(request, theme, "screens_light", lambda lab: open_screens(browser, lab, "screens-dark")) as nb:
        page = nb.page
        found = {}
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            for view in VIEWS:
                shot = f"screens-{view}-{width}x{height}-{theme}.png"
                found[f"{view} {width}x{height}"] = check_view_at(page, view, shot)
            slider = page.locator(".iw-why-propagation .noUi-target, .iw-why-propagation .slider-container").first
            slider_px = slider.bounding_box()["width"]
            if slider_px < 200:
                found[f"propagation {width}x{height}"].append(f"scale slider {slider_px:.0f} px wide")
            shot = f"screens-student-{width}x{height}-{theme}.png"
            found[f"student {width}x{height}"] = check_student_widget(page, shot)
        broken = {k: v for k, v in found.items() if v}
        assert not broken, "\n".join(f"{k}: {p}" for k, v in broken.items() for p in v)

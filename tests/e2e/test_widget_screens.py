"""What a finished run looks like, at 1366×768 light and 1280×720 dark in JupyterLab: the course run
offers Train again and Replay (Pause / Stop training folded away), its chart names random ×10's
infinite start; a run at learning_rate=5 says that no model learned and names the learning rate.
Screenshots of both go to artifacts/ (looked at), with checks that the header's words fit their boxes.
"""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_hosts import ITERATIONS, write_notebook
from e2e_lab import ARTIFACTS, close_notebook, open_notebook

NOTEBOOK = "widget_screens.ipynb"
SETUP = """from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
def shown(**options):
    w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, duration=3,
                       **options)
    display(w)
    w.start()
    return w"""
COURSE = "course = shown()"
LR5 = "lr5 = shown(learning_rate=5)"
VIEWPORTS = {"light": {"width": 1366, "height": 768}, "dark": {"width": 1280, "height": 720}}

# text elements of the header whose words do not fit their box (cut or spilling out)
OVERFLOW_JS = """root => [...root.querySelectorAll('.iw-header .iw-btn, .iw-status, .iw-notice, .iw-chart-note')]
    .filter(e => e.offsetParent && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
    .map(e => e.className + ': ' + e.textContent)"""


class NthWidget(Widget):
    """The page's n-th widget (0-based)."""

    def __init__(self, page, n: int):
        super().__init__(page)
        self.n = n

    @property
    def root(self):
        return self.page.locator(".iw-root").nth(self.n)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_finished_runs_say_what_to_do_next(browser, request, theme, artifacts):
    lab = request.getfixturevalue(f"lab_{theme}")
    write_notebook(lab.root / NOTEBOOK, SETUP, COURSE, LR5)
    nb = open_notebook(browser, lab, NOTEBOOK, f"widget-screens-{theme}")
    try:
        page = nb.page
        page.set_viewport_size(VIEWPORTS[theme])
        nb.run_all()
        nb.wait_widget(120_000)
        page.wait_for_function("() => document.querySelectorAll('.iw-root').length === 2")
        outputs = page.locator(".jp-OutputArea-output:has(.iw-root)")
        course, lr5 = NthWidget(page, 0), NthWidget(page, 1)
        for w in (course, lr5):
            w.wait(
                lambda w=w: w.attr("data-status") == "done" and not w.playing() and w.playhead() == ITERATIONS,
                90,
                "the run trained and played to its end",
            )
            assert w.q(".iw-train").inner_text().strip() == "Train again" and w.q(".iw-train").is_enabled()
            assert w.q(".iw-replay").is_visible() and not w.q(".iw-pause").is_visible()
            assert w.root.evaluate(OVERFLOW_JS) == []
        assert "random ×10: cost ∞ (saturated sigmoid)" in course.q(".iw-chart-note").inner_text()
        assert not course.q(".iw-notice").is_visible(), course.q(".iw-notice").inner_text()
        notice = lr5.q(".iw-notice").inner_text()
        assert "No model learned" in notice and "learning rate (5) is probably too large" in notice, notice
        size = VIEWPORTS[theme]
        for i, name in enumerate(("course", "lr5")):
            box = outputs.nth(i)
            box.scroll_into_view_if_needed()
            box.screenshot(path=str(ARTIFACTS / f"widget-{name}-{size['width']}x{size['height']}-{theme}.png"))
    finally:
        close_notebook(nb)

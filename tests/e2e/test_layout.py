"""The widget lays itself out from the viewport: at 1920×1080, 1366×768 and 1280×720 (light and
dark) panels and chart side by side, in a narrow window stacked; once the widget is scrolled to
the top of the notebook, every boundary panel and the cost chart are inside the visible area
together, no scrolling needed (the lecture's steps: test_lecture.py). Screenshots of each go to
artifacts/ (and the README's to docs/ with IW_UPDATE_DOCS=1).
"""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_lab import ARTIFACTS, close_notebook, open_notebook, publish_screenshot

NOTEBOOK = "01_course_initialization.ipynb"
MODELS = ("zeros", "random", "he")
# (width, height, layout): a narrow window (the notebook ~560 px wide beside Lab's sidebar) stacks the chart
SIZES = ((1920, 1080, "wide"), (1366, 768, "wide"), (1280, 720, "wide"), (860, 1000, "stacked"))

# what must be on screen together, and the visible area it must fit in (the notebook's scroller)
BOXES_JS = """() => {
    const root = document.querySelector('.iw-root');
    root.scrollIntoView({block: 'start'});
    let sc = root.parentElement;
    while (sc && !/(auto|scroll)/.test(getComputedStyle(sc).overflowY)) sc = sc.parentElement;
    const view = sc ? sc.getBoundingClientRect() : {top: 0, bottom: innerHeight, left: 0, right: innerWidth};
    const box = (el) => {
        const r = el.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
    };
    const parts = {};
    root.querySelectorAll('.iw-panel').forEach((p) => { parts['panel ' + p.dataset.model] = box(p); });
    parts['cost chart'] = box(root.querySelector('.iw-costchart'));
    parts['timeline'] = box(root.querySelector('.iw-timeline'));
    return {view: {top: Math.max(0, view.top), bottom: Math.min(innerHeight, view.bottom), left: view.left,
                   right: Math.min(innerWidth, view.right)},
            parts, layout: root.dataset.layout};
}"""


def _run(browser, lab, name):
    nb = open_notebook(browser, lab, NOTEBOOK, name)
    nb.run_all()
    w = Widget(nb.page)
    nb.wait_widget(120_000)
    w.wait(lambda: w.status() == "done", 90, "training done")
    w.scrub(15000)
    w.wait(lambda: w.panel_iteration("he") == 15000, 10, "He panel at the end")
    return nb, w


def _check_sizes(nb, theme: str) -> None:
    page = nb.page
    for width, height, mode in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        # ResizeObserver, then the layout's own frame: the boxes once they hold still
        got = Widget(page).settled(lambda: page.evaluate(BOXES_JS), 10, f"the layout at {width}x{height}", 20)
        view, parts = got["view"], got["parts"]
        assert {f"panel {m}" for m in MODELS} <= set(parts), parts
        outside = {
            k: b
            for k, b in parts.items()
            if b["top"] < view["top"] - 1
            or b["bottom"] > view["bottom"] + 1
            or b["left"] < view["left"] - 1
            or b["right"] > view["right"] + 1
        }
        shot = ARTIFACTS / f"layout-{width}x{height}-{theme}.png"
        page.screenshot(path=str(shot))
        assert not outside, f"{width}×{height} ({got['layout']}): outside the visible {view}: {outside}"
        assert got["layout"] == mode, f"{width}×{height}: layout {got['layout']}, expected {mode}"
        # panels big enough to read: at least a sixth of the visible height
        he = parts["panel he"]
        assert he["bottom"] - he["top"] > (view["bottom"] - view["top"]) / 6, (width, height, he, view)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_panels_and_chart_fit_the_screen(browser, request, theme, artifacts):
    lab = request.getfixturevalue(f"lab_{theme}")
    nb, w = _run(browser, lab, f"layout-{theme}")
    try:
        _check_sizes(nb, theme)
        nb.page.set_viewport_size({"width": 1366, "height": 768})
        Widget(nb.page).settled(lambda: nb.page.evaluate(BOXES_JS), 10, "the layout at 1366x768", 20)
        out = nb.page.locator(".jp-OutputArea-output:has(.iw-root)").first
        path = artifacts / f"screenshot-{theme}.png"
        out.screenshot(path=str(path))
        publish_screenshot(path, path.name)
    finally:
        close_notebook(nb)

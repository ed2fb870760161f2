"""Accessibility of the TrainingWidget and the Explorer in JupyterLab, light and dark, in Debian's Chromium.

axe-core (axe-playwright-python) checks our widgets' roots only (JupyterLab's own page is not ours):
no serious or critical violation. From the keyboard alone: Tab reaches every enabled control of
both widgets, each shows a visible focus ring, Enter on Train trains and the arrow keys move the
timeline.
The Explorer's initializer checkboxes say their names; in example 05 axe finds nothing serious in the four why
views, both propagation slider handles are named, and a sweep run opens from the keyboard (run picker, Watch).
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_dom import Widget
from e2e_hosts import WIDGET_CELL, write_notebook
from e2e_lab import ARTIFACTS, close_notebook, kept_open, open_notebook

NOTEBOOK = "a11y.ipynb"
EXPLORER_CELL = "from init_widget import Explorer\nExplorer(iterations=300)"
ROOTS = [".iw-root:not(.iwx-explorer .iw-root)", ".iwx-explorer"]  # the TrainingWidget; the Explorer (with its own)

# every enabled, visible control inside a root: what a keyboard user must be able to reach
CONTROLS_JS = """(sel) => [...document.querySelector(sel).querySelectorAll(
        'button, input, select, textarea, [tabindex]:not([tabindex="-1"]), [role="slider"]')]
    .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
                 && !e.closest('[aria-hidden="true"], [inert]'))
    .map((e, i) => { e.dataset.a11y = sel + '#' + i; return e.dataset.a11y; })"""
# the focused element's tag, and whether it shows a focus ring (an outline, or a box-shadow it lacks unfocused)
FOCUS_JS = """() => {
    const e = document.activeElement;
    if (!e || !e.dataset.a11y) return {id: null, tag: e ? e.tagName : null};
    const on = getComputedStyle(e);
    const ring = {outline: on.outlineStyle !== 'none' && parseFloat(on.outlineWidth) >= 1, shadow: on.boxShadow};
    return {id: e.dataset.a11y, tag: e.tagName, cls: String(e.className), ring};
}"""


def _open(browser, server, name: str):
    write_notebook(server.root / NOTEBOOK, WIDGET_CELL, EXPLORER_CELL)
    nb = open_notebook(browser, server, NOTEBOOK, name)
    nb.page.set_viewport_size({"width": 1400, "height": 2600})
    nb.run_all()
    nb.wait_executed(120_000)
    nb.page.wait_for_selector(".iwx-histograms .bqplot", timeout=60_000)
    nb.page.wait_for_function(
        "() => document.querySelectorAll('.iwx-histograms .bqplot .axis .tick text').length > 0", timeout=30_000
    )  # bqplot has laid out its axes
    return nb


@pytest.fixture(scope="module")
def light(browser, lab_light):
    yield from kept_open(_open(browser, lab_light, "a11y-light"))


def serious_violations(page, name: str) -> list[str]:
    results = Axe().run(page, context={"include": [[r] for r in ROOTS]})
    violations = results.response["violations"]
    (ARTIFACTS / f"{name}.axe.json").write_text(json.dumps(violations, indent=1))
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_light(light):
    assert serious_violations(light.page, "a11y-light") == []


def test_axe_dark(browser, lab_dark):
    nb = _open(browser, lab_dark, "a11y-dark")
    try:
        assert serious_violations(nb.page, "a11y-dark") == []
    finally:
        close_notebook(nb)


@pytest.mark.parametrize("root", ROOTS, ids=["training-widget", "explorer"])
def test_tab_reaches_every_control_with_a_focus_ring(light, root):
    page = light.page
    controls = page.evaluate(CONTROLS_JS, root)
    assert len(controls) >= 8, controls
    page.locator(f"[data-a11y='{controls[0]}']").focus()
    page.keyboard.press("Shift+Tab")  # start just before the widget, as a keyboard user arrives
    seen: dict[str, dict] = {}
    for _ in range(len(controls) * 3):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus["id"] is None and seen:
            break  # left the widget
        if focus["id"] is not None:
            seen.setdefault(focus["id"], focus)
    missing = [c for c in controls if c not in seen]
    assert not missing, f"Tab never reaches {missing}"
    unringed = [f for f in seen.values() if not f["ring"]["outline"] and f["ring"]["shadow"] in ("none", "")]
    assert not unringed, f"no visible focus ring on {unringed}"


def test_train_and_timeline_from_the_keyboard(light):
    page, w = light.page, Widget(light.page, scope=".jp-Cell:first-child")
    w.q(".iw-train").focus()
    page.keyboard.press("Enter")
    w.wait(lambda: w.status() == "done" and w.playhead() == 15000, 90, "the run trained and played to its end")
    w.q("input.iw-timeline").focus()
    before = w.playhead()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    w.wait(lambda: (w.playhead() or before) < before, 10, "the playhead to move back with the arrow keys")


def test_the_explorers_checkboxes_say_their_initializer(light):
    """ipywidgets labels a checkbox without indent with a zero-width space: a screen reader said 'checkbox, checked'."""
    names = light.page.evaluate("""() => [...document.querySelectorAll('.iwx-explorer input[type=checkbox]')]
        .map(c => [c.getAttribute('aria-label') || '', c.closest('label')?.textContent.trim() || ''])""")
    assert len(names) >= 10 and all(label and label == text for label, text in names), names


# ---------------------------------------------------------------- the why views (example 05)
WHY_ROOTS = [".iw-why-seeds", ".iw-why-sweep", ".iw-why-propagation", ".iw-why-check"]


@pytest.fixture(scope="module")
def example_05(browser, lab_light):
    nb = open_notebook(browser, lab_light, "05_why_it_works.ipynb", "a11y-05")
    nb.page.set_viewport_size({"width": 1400, "height": 2600})
    nb.run_all()
    nb.wait_executed(600_000)
    for view in ("seeds", "sweep", "propagation"):
        nb.page.wait_for_selector(f".iw-why-{view} .bqplot path.line", state="attached", timeout=60_000)
    yield from kept_open(nb)


def test_axe_why_views(example_05):
    results = Axe().run(example_05.page, context={"include": [[r] for r in WHY_ROOTS]})
    violations = results.response["violations"]
    (ARTIFACTS / "a11y-05.axe.json").write_text(json.dumps(violations, indent=1))
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_propagation_sliders_are_named(example_05):
    handles = example_05.page.evaluate("""() => [...document.querySelectorAll('.iw-why-propagation .noUi-handle')]
        .map(h => h.getAttribute('aria-label'))""")
    assert len(handles) == 2 and handles == ["scale ×", "scale ×"], handles


def test_a_sweep_run_opens_from_the_keyboard(example_05):
    """The keyboard's path to 'click a point to watch that run': Tab to the run picker, an arrow, Tab, Enter."""
    page = example_05.page
    picker = page.locator(".iw-why-sweep .iw-why-run-picker select").first
    picker.scroll_into_view_if_needed()
    picker.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "(sel) => document.querySelector(sel).selectedIndex === 1",
        arg=".iw-why-sweep .iw-why-run-picker select",
        timeout=10_000,
    )
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.includes('Watch this run')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".iw-why-sweep .iw-root", timeout=60_000)
    assert "seed 1" in page.locator(".iw-why-sweep").inner_text()  # the second run of the first scale

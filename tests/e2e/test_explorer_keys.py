"""Keys typed in the Explorer's controls stay out of JupyterLab's shortcuts (issue 15), in a real JupyterLab.

In command mode JupyterLab turns the cell into Markdown on `m`, cuts it on `x`, inserts one on `a`,
and moves the selection on ↑/↓. Typed in any control of the Explorer (dropdown, text box, number box,
slider handle, checkbox, button, toggle) or of its TrainingWidget, none of that may happen: the
notebook keeps its cells (count and types), focus stays on the control, and ↑/↓ change a dropdown's
value and →/← a slider's. Without the guard's class the same keys do reach JupyterLab (checked last).
"""

from __future__ import annotations

import pytest
from e2e_hosts import write_notebook
from e2e_lab import kept_open, open_notebook

NOTEBOOK = "explorer_keys.ipynb"
CELLS = ("x = 1", "from init_widget import Explorer\nex = Explorer(lecture=True, iterations=300)\nex", "y = 2")
# one control of each kind the Explorer shows, and its TrainingWidget's controls
CONTROLS = {
    "dropdown": ".iwx-explorer select",
    "text box": ".iwx-hidden input",
    "number box": ".iwx-field-iterations input",
    "slider": ".iwx-explorer .noUi-handle",
    "checkbox": ".iwx-explorer input[type=checkbox]",
    "button": ".iwx-explorer button.jupyter-button:has-text('Regenerate')",
    "toggle": ".iwx-stepbar button:has-text('Controls')",
    "widget button": ".iwx-explorer .iw-root button:visible",
    "widget timeline": ".iwx-explorer .iw-root input.iw-timeline",
}
CELL_TYPES_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
    .map(c => c.classList.contains('jp-MarkdownCell') ? 'markdown'
              : c.classList.contains('jp-CodeCell') ? 'code' : 'raw')"""
ACTIVE_JS = "(sel) => !!document.activeElement && document.activeElement === document.querySelector(sel)"


@pytest.fixture(scope="module")
def keys_nb(browser, lab_light):
    write_notebook(lab_light.root / NOTEBOOK, *CELLS)
    nb = open_notebook(browser, lab_light, NOTEBOOK, "explorer-keys")
    nb.page.set_viewport_size({"width": 1400, "height": 2000})
    nb.run_all()
    nb.wait_executed(120_000)
    nb.page.wait_for_selector(".iwx-explorer .iw-root", timeout=60_000)
    nb.page.click(".iwx-stepbar button:has-text('Controls')")  # unfold the controls
    nb.page.wait_for_selector(".iwx-hidden input", state="visible", timeout=10_000)
    yield from kept_open(nb)


def focus(page, selector: str) -> str:
    """Focus the first visible element matching ``selector`` (marked so it can be found again); its marker."""
    el = page.locator(selector).first
    el.scroll_into_view_if_needed()
    el.evaluate("e => { e.dataset.keysTest = '1'; e.focus(); }")
    page.wait_for_function(ACTIVE_JS, arg="[data-keys-test='1']", timeout=5000)
    return "[data-keys-test='1']"


def unmark(page) -> None:
    page.evaluate("() => document.querySelectorAll('[data-keys-test]').forEach(e => delete e.dataset.keysTest)")


@pytest.mark.parametrize("kind", list(CONTROLS))
def test_command_keys_typed_in_a_control_leave_the_notebook_alone(keys_nb, kind):
    page = keys_nb.page
    cells = page.evaluate(CELL_TYPES_JS)
    assert cells == ["code", "code", "code"], cells
    marker = focus(page, CONTROLS[kind])
    try:
        for key in ("m", "x", "a", "b", "d", "d"):
            page.keyboard.press(key)
            assert page.evaluate(CELL_TYPES_JS) == cells, f"{key!r} typed in the {kind} changed the notebook's cells"
            assert page.evaluate(ACTIVE_JS, marker), f"{key!r} typed in the {kind} took the focus away"
    finally:
        unmark(page)


def test_arrows_change_a_dropdowns_value_and_keep_the_focus(keys_nb):
    page = keys_nb.page
    marker = focus(page, ".iwx-explorer select >> nth=1")  # the activation dropdown
    try:
        before = page.eval_on_selector(marker, "e => e.value")
        page.keyboard.press("ArrowDown")
        page.wait_for_function(f'() => document.querySelector("{marker}").value !== {before!r}', timeout=5000)
        assert page.evaluate(ACTIVE_JS, marker)
        page.keyboard.press("ArrowUp")
        page.wait_for_function(f'() => document.querySelector("{marker}").value === {before!r}', timeout=5000)
        assert page.evaluate(ACTIVE_JS, marker) and page.evaluate(CELL_TYPES_JS) == ["code"] * 3
    finally:
        unmark(page)


def test_arrows_move_a_slider_not_the_lecture(keys_nb):
    page = keys_nb.page
    step = page.locator(".iwx-step").first.inner_text()
    marker = focus(page, ".iwx-explorer .noUi-handle")
    try:
        before = page.eval_on_selector(marker, "e => e.getAttribute('aria-valuetext')")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([sel, was]) => document.querySelector(sel).getAttribute('aria-valuetext') !== was",
            arg=[marker, before],
            timeout=5000,
        )
        assert page.locator(".iwx-step").first.inner_text() == step  # → on a slider is not "next step"
        assert page.evaluate(ACTIVE_JS, marker)
    finally:
        unmark(page)


def test_without_the_guard_jupyterlab_takes_the_key(keys_nb):
    """The hazard is real and the check above can see it: the same `m` with the class removed converts the cell."""
    page = keys_nb.page
    page.evaluate("""() => {
        document.querySelector('.iwx-explorer').classList.remove('iw-keep-keys');
        document.querySelectorAll('.iwx-explorer [data-lm-suppress-shortcuts]')
            .forEach(e => { if (!e.closest('.iw-root')) e.removeAttribute('data-lm-suppress-shortcuts'); });
    }""")
    focus(page, ".iwx-explorer input[type=checkbox]")
    page.keyboard.press("m")
    page.wait_for_function(f"() => ({CELL_TYPES_JS})().includes('markdown')", timeout=5000)

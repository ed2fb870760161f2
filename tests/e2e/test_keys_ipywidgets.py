"""The widget's key guard is reusable by ipywidgets controls (the Explorer's): a box given the class
`iw-keep-keys` keeps JupyterLab's command-mode keys (m, x, a, b, y, d d, arrows) typed in its
Dropdown away from the notebook while a TrainingWidget view is on the page, and ↓ changes the value.
The same Dropdown outside such a box is the control: there the keys reach the notebook (ipywidgets
issue 3912), so the test can tell the difference."""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_hosts import WIDGET_CELL, write_notebook
from e2e_keys import type_command_keys
from e2e_lab import close_notebook, open_notebook

NOTEBOOK = "keys_ipywidgets.ipynb"
BOXES = """import ipywidgets as W
guarded = W.Dropdown(options=["circles", "moons", "spirals"], description="dataset")
bare = W.Dropdown(options=["circles", "moons", "spirals"], description="bare")
box = W.VBox([guarded])
box.add_class("iw-keep-keys")
display(box, W.VBox([bare]))"""


@pytest.fixture(scope="module")
def page(browser, lab_light):
    write_notebook(lab_light.root / NOTEBOOK, WIDGET_CELL, BOXES, "after = 1")
    nb = open_notebook(browser, lab_light, NOTEBOOK, "keys-ipywidgets")
    try:
        nb.run_all()
        nb.wait_widget(120_000)
        nb.page.wait_for_selector(".iw-keep-keys select")
        yield nb.page
    finally:
        close_notebook(nb)


def test_a_guarded_dropdown_keeps_the_keys_and_arrows_change_it(page):
    select = page.locator(".iw-keep-keys select").first
    before, after = type_command_keys(page, select)
    assert len(before) == 3 and after == before, (before, after)
    value = select.input_value()
    select.focus()
    page.keyboard.press("ArrowDown")
    Widget(page).wait(lambda: select.input_value() != value, 5, "↓ to choose the next dataset")


def test_an_unguarded_dropdown_lets_them_through(page):
    bare = page.locator(".widget-dropdown select").nth(1)  # the second Dropdown: outside the guarded box
    before, after = type_command_keys(page, bare)
    assert after != before, "JupyterLab's shortcuts should act on an unguarded ipywidgets Dropdown"

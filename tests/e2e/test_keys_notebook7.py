"""Notebook 7 listens for shortcuts in the capture phase, before any listener of the widget's: keys
typed in the widget's controls still never reach its command-mode shortcuts (m, x, a, b, y, d d,
arrows): the notebook keeps its cells and their types; ↓ on a select still changes its value."""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_hosts import WIDGET_CELL, NotebookServer, wait_course_done, write_notebook
from e2e_keys import type_command_keys
from e2e_lab import close_notebook
from test_host_notebook import run_all

CONTROLS = [".iw-play", ".iw-reset", "select.iw-duration", "input.iw-loop", "input.iw-timeline"]


@pytest.fixture(scope="module")
def course(browser, tmp_path_factory):
    server = NotebookServer(tmp_path_factory.mktemp("notebook7-keys"), [], name="notebook7-keys")
    write_notebook(server.root / "keys.ipynb", WIDGET_CELL, "w.start()", "after = 1")
    server.start()
    try:
        nb = run_all(browser, server, "keys.ipynb", "notebook7-keys")
        try:
            w = Widget(nb.page)
            wait_course_done(w)
            yield nb, w
        finally:
            close_notebook(nb)
    finally:
        server.stop()


@pytest.mark.parametrize("selector", CONTROLS)
def test_keys_in_a_control_never_reach_notebook_7(course, selector):
    nb, w = course
    before, after = type_command_keys(nb.page, w.q(selector))
    assert len(before) == 3, before
    assert after == before, f"keys typed in {selector} changed the notebook"


def test_arrows_change_a_select(course):
    nb, w = course
    select = w.q("select.iw-duration")
    select.focus()
    before = select.input_value()
    nb.page.keyboard.press("ArrowDown")
    w.wait(lambda: select.input_value() != before, 5, "↓ to choose the next duration")

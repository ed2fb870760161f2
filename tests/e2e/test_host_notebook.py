"""Notebook 7 (`jupyter notebook`) with a TrainingWidget, in Debian's Chromium.

The course notebook: display the widget, `w.start()` as a cell's last line (it shows the widget once,
not twice), `w.wait()` and print the He cost at iteration 14000 from the kernel; the page shows the
same number when scrubbed there. Then a long run driven by the widget's own buttons.
"""

from __future__ import annotations

import pytest
from e2e_dom import Widget
from e2e_hosts import (
    COURSE_HE_COST_14000,
    LONG_CELL,
    WIDGET_CELL,
    NotebookServer,
    check_training_buttons,
    he_cost_at_14000,
    our_errors,
    wait_course_done,
    write_notebook,
)
from e2e_lab import VIEWPORT, NotebookPage, close_notebook

PRINT_CELL = 'w.wait()\nprint(f"He cost after iteration 14000: {w.history[2].costs[14000]:.7f}")'


@pytest.fixture(scope="module")
def notebook_server(tmp_path_factory):
    server = NotebookServer(tmp_path_factory.mktemp("notebook7"), [], name="notebook7")
    write_notebook(server.root / "course.ipynb", WIDGET_CELL, "w.start()", PRINT_CELL)
    write_notebook(server.root / "long.ipynb", LONG_CELL)
    server.start()
    yield server
    server.stop()


def run_all(browser, server, notebook: str, name: str) -> NotebookPage:
    """Open the notebook in Notebook 7, wait for its kernel, Run All, and wait for the widget."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    nb = NotebookPage(context.new_page(), server, notebook)
    nb.name = name
    nb.page.goto(server.url(f"notebooks/{notebook}"), wait_until="domcontentloaded", timeout=90_000)
    nb.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    nb.accept_dialogs()
    nb.wait_kernel_idle(90_000)
    nb.run_all()
    nb.wait_widget(120_000)
    return nb


def test_course_notebook_trains_to_the_course_numbers(browser, notebook_server):
    nb = run_all(browser, notebook_server, "course.ipynb", "notebook7-course")
    try:
        page, w = nb.page, Widget(nb.page)
        wait_course_done(w)
        printed = f"He cost after iteration 14000: {COURSE_HE_COST_14000:.7f}"
        page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=printed, timeout=60_000)
        he_cost_at_14000(w)
        shown = page.locator(".iw-root").count()
        assert shown == 1, f"the widget is shown {shown} times (w.start() must return None)"
        assert nb.errors_in_outputs() == [], nb.errors_in_outputs()
        assert our_errors(nb.console) == [], our_errors(nb.console)
    finally:
        close_notebook(nb)


def test_training_buttons(browser, notebook_server):
    nb = run_all(browser, notebook_server, "long.ipynb", "notebook7-buttons")
    try:
        check_training_buttons(Widget(nb.page))
        assert our_errors(nb.console) == [], our_errors(nb.console)
    finally:
        close_notebook(nb)

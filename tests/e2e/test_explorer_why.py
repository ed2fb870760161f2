"""The Explorer's "Why it works" section in a real JupyterLab + Chromium: its buttons compute the seeds,
propagation and check views from the dashboard's own settings and show them under the run; a function
defined in the notebook is checked by its name. Screenshots light and dark into artifacts/.
"""

from __future__ import annotations

import re

import pytest
from e2e_dom import wait_settled
from e2e_hosts import write_notebook
from e2e_lab import ARTIFACTS, in_theme, kept_open, open_notebook
from student_initializers import WRONG_INDEX_CELL

NOTEBOOK = "explorer_why_e2e.ipynb"
TALL = {"width": 1400, "height": 3200}
SOURCE = f"""import numpy as np
from init_widget.explorer import Explorer

{WRONG_INDEX_CELL}

ex = Explorer(iterations=1500)
ex"""


def why_button(page, title: str):
    return page.locator(".iwx-why button.jupyter-button", has_text=re.compile(re.escape(title))).first


def open_why(browser, server, name: str):
    write_notebook(server.root / NOTEBOOK, SOURCE)
    nb = open_notebook(browser, server, NOTEBOOK, name)
    nb.page.set_viewport_size(TALL)
    nb.run_all()
    nb.page.wait_for_selector(".iwx-explorer .iwx-why", timeout=120_000)
    assert nb.errors_in_outputs() == []
    return nb


@pytest.fixture(scope="module")
def why_light(browser, lab_light):
    yield from kept_open(open_why(browser, lab_light, "explorer-why-light"))


def show(page, title: str, view: str) -> None:
    why_button(page, title).click()
    page.wait_for_selector(f".iwx-why .iw-why-{view}", timeout=120_000)


def test_the_why_buttons_show_their_views(why_light):
    page = why_light.page
    show(page, "Was it luck?", "seeds")
    page.wait_for_selector(".iwx-why .iw-why-seeds .bqplot path.line", state="attached", timeout=60_000)
    assert page.locator(".iwx-why .iw-why-seeds path.dot").count() == 30  # 3 initializers × 10 seeds
    assert "seeds 0–9" in page.locator(".iwx-why").inner_text()
    show(page, "Signal through the layers", "propagation")
    page.wait_for_selector(".iwx-why .iw-why-propagation .bqplot path.line", state="attached", timeout=60_000)
    assert page.locator(".iwx-why .iw-why-seeds").count() == 0  # one view at a time
    assert "network 2 → 10 → 5 → 1" in page.locator(".iwx-why .iw-why-propagation").inner_text()  # the course's


def test_a_notebook_function_is_checked_by_name(why_light):
    page = why_light.page
    show(page, "Check my initializer", "check")
    assert "layers_dims[l]" in page.locator(".iwx-why .iw-why-check").inner_text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(request, browser, theme):
    with in_theme(request, theme, "why_light", lambda lab: open_why(browser, lab, "explorer-why-dark")) as nb:
        show(nb.page, "Was it luck?", "seeds")
        nb.page.wait_for_selector(".iwx-why .iw-why-seeds .bqplot path.line", state="attached", timeout=60_000)
        wait_settled(nb.page, ".iwx-why .iw-why-seeds")
        path = ARTIFACTS / f"explorer-why-section-{theme}.png"  # not the page dump close_notebook writes
        section = nb.page.locator(".iwx-why").first
        section.scroll_into_view_if_needed()
        section.screenshot(path=str(path))
        assert path.stat().st_size > 5000

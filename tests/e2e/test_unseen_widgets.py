"""Issue 14 §4 in a real JupyterLab + Chromium: a widget nobody can see any more stops costing, and a hostile
name is shown as text.

Re-running a cell that creates a long run 5 times leaves 6 widgets in the kernel (ipywidgets' registry holds
every one); each re-run clears the cell's output, the view's cleanup tells the kernel, and the widget whose
last view went pauses and says why: exactly one trains. An initializer named ``<img src=x onerror=alert(1)>``
reaches the widget's labels, verdict note, notice and (after a Reset that fails) its error: every one is
text, no element is made from it and no script runs. Waits are on the kernel's and the page's state.
"""

from __future__ import annotations

import re
import time

import pytest
from e2e_hosts import write_notebook
from e2e_lab import kept_open, open_notebook

NOTEBOOK = "unseen_widgets_e2e.ipynb"
HOSTILE = "<img src=x onerror=alert(1)>"
CELLS = [
    f"""from ipywidgets.widgets.widget import _instances
from init_widget import TrainingWidget, load_dataset
from init_widget.widget.training_widget import UNSEEN_NOTE
X, Y, X_test, Y_test = load_dataset("circles")
broken = []
def hostile(shape, rng):
    if broken:
        raise ValueError("this notebook changed")
    return rng.randn(*shape) * 1e100  # diverges at once: the notice names it
hostile.__name__ = {HOSTILE!r}""",
    """h = TrainingWidget(X, Y, initializers=[hostile, "he"], iterations=300)
h.start(); h.wait(); h""",
    """w = TrainingWidget(X, Y, initializers=["he", "random"], iterations=3_000_000)
w.start()
w""",
    """ws = [v for v in list(_instances.values()) if isinstance(v, TrainingWidget)]
print("training", sum(v.status == "training" for v in ws),
      "unseen", sum(v.status == "paused" and UNSEEN_NOTE in v.notice for v in ws), "widgets", len(ws))""",
    "broken.append(True)  # from now on the hostile function fails: a Reset of its widget cannot set up a run",
]
LONG_CELL, COUNT_CELL = 2, 3


def _cell(nb, i: int):
    return nb.page.locator(".jp-Notebook .jp-Cell").nth(i)


def run_cell(nb, i: int) -> str:
    """Run cell ``i`` (Ctrl+Enter) and wait for its new execution count and an idle kernel; its output text."""
    cell = _cell(nb, i)
    prompt = cell.locator(".jp-InputArea-prompt")
    before = prompt.inner_text()
    cell.locator(".jp-InputArea-prompt").click()
    nb.page.keyboard.press("Control+Enter")
    nb.page.wait_for_function(
        """([el, before]) => /\\[\\d+\\]/.test(el.textContent) && el.textContent !== before""",
        arg=[prompt.element_handle(), before],
        timeout=120_000,
    )
    nb.wait_kernel_idle(120_000)
    return cell.locator(".jp-OutputArea").inner_text()


def counts(nb, expect: dict, timeout: float = 60) -> dict:
    """Run the counting cell until the kernel reports ``expect`` (the views' messages arrive as they come)."""
    deadline = time.monotonic() + timeout
    while True:
        text = run_cell(nb, COUNT_CELL)
        got = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", text)}
        if all(got.get(k) == v for k, v in expect.items()) or time.monotonic() > deadline:
            return got


@pytest.fixture(scope="module")
def notebook(browser, lab_light):
    write_notebook(lab_light.root / NOTEBOOK, *CELLS)
    nb = open_notebook(browser, lab_light, NOTEBOOK, "unseen-widgets")
    nb.dialogs = []
    nb.page.on("dialog", lambda d: (nb.dialogs.append(d.message), d.dismiss()))  # alert(1) would land here
    nb.run_all()
    nb.wait_executed(300_000)
    assert nb.errors_in_outputs() == []
    yield from kept_open(nb)


def test_rerunning_a_long_run_cell_five_times_leaves_one_training(notebook):
    assert counts(notebook, {"training": 1})["training"] == 1
    for _ in range(5):
        run_cell(notebook, LONG_CELL)
        notebook.page.wait_for_selector(".jp-Cell >> nth=2 >> .iw-root", timeout=60_000)
    got = counts(notebook, {"training": 1, "unseen": 5})
    assert got == {"training": 1, "unseen": 5, "widgets": 7}, got  # 6 long runs and the hostile one
    shown = _cell(notebook, LONG_CELL).locator(".iw-root")
    assert shown.count() == 1 and shown.get_attribute("data-status") == "training"


def test_a_hostile_name_is_text_in_labels_verdict_notice_and_error(notebook):
    page = notebook.page
    root = _cell(notebook, 1).locator(".iw-root")
    page.wait_for_function(
        "(el) => el.querySelector('.iw-notice') && !el.querySelector('.iw-notice').hidden",
        arg=root.element_handle(),
        timeout=30_000,
    )
    assert HOSTILE in root.locator(".iw-notice").inner_text()  # "... diverged at iteration 0"
    assert HOSTILE in root.inner_text()  # its panel's label and the check's verdict on it
    root.locator(".iw-reset").click()  # the function fails now: the error names it
    page.wait_for_function("(el) => el.dataset.status === 'error'", arg=root.element_handle(), timeout=30_000)
    error = root.locator(".iw-error").inner_text()
    assert HOSTILE in error and "this notebook changed" in error, error
    assert page.locator("img[src='x']").count() == 0, "an element was made from the name"
    assert notebook.dialogs == [], f"a script ran: {notebook.dialogs}"


def test_after_a_page_reload_rerunning_the_cell_still_leaves_one_training(notebook):
    """A reload removes no view (the old page just goes): its views say so on 'pagehide', else the kernel
    would count them forever and the reloaded page's re-run would leave two runs training."""
    page = notebook.page
    _cell(notebook, LONG_CELL).locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Control+s")  # the reloaded page shows the saved outputs: the live widgets' views
    page.wait_for_function(
        "() => !document.querySelector('.jp-NotebookPanel-notebook .jp-mod-dirty, "
        ".lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
        timeout=30_000,
    )
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    notebook.accept_dialogs()
    notebook.wait_kernel_idle(90_000)
    page.wait_for_function(
        "() => { const r = document.querySelectorAll('.jp-Cell')[2]?.querySelector('.iw-root');"
        " return r && r.dataset.status === 'training'; }",
        timeout=60_000,
    )
    run_cell(notebook, LONG_CELL)
    got = counts(notebook, {"training": 1, "unseen": 6})
    assert got == {"training": 1, "unseen": 6, "widgets": 8}, got

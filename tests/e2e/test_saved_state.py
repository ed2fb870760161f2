"""The playhead the user sees reaches the kernel, and a notebook saved with widget state holds the
whole run (the `_archive` trait the front end fills) and replays it with no kernel behind it."""

import base64
import json
import urllib.request

import nbformat
import numpy as np
import pytest
from e2e_dom import Widget, parse_number
from e2e_lab import close_notebook, open_notebook

from init_widget import load_dataset, train
from init_widget.wire.codec import decode

ITERATIONS = 3000
CELLS = [
    f"""from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
w = TrainingWidget(X, Y, initializers=["zeros", "he"], X_test=X_test, Y_test=Y_test, iterations={ITERATIONS},
                    duration=2)
w""",
    "w.start(); w.wait(); w.status",
    "print('kernel playhead', w.playhead)",
]


@pytest.fixture(scope="module")
def engine_runs():
    X, Y, X_test, Y_test = load_dataset()
    return train(X, Y, initializer=["zeros", "he"], iterations=ITERATIONS, X_test=X_test, Y_test=Y_test)


@pytest.fixture()
def notebook(lab_light):
    settings = lab_light.workdir / "settings" / "@jupyter-widgets" / "jupyterlab-manager"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"saveState": True}))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    path = lab_light.root / "saved_state.ipynb"
    nbformat.write(nb, path)
    return path


def _kernel_playhead(nb) -> int:
    """Re-run the last cell, which prints the kernel's `w.playhead`."""
    cell = nb.page.locator(".jp-CodeCell").nth(len(CELLS) - 1)
    cell.locator(".jp-InputArea-editor").click()
    nb.page.keyboard.press("Control+Enter")
    nb.wait_kernel_idle(30_000)
    printed = Widget(nb.page).wait(
        lambda: parse_number(cell.locator(".jp-OutputArea").inner_text()), 10, "the printed playhead"
    )
    return int(printed)


def _archive_from(path):
    notebook = json.loads(path.read_text())
    state = notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    for model in state.values():
        for buffer in model.get("buffers", []):
            if buffer["path"] == ["_archive"]:
                return base64.b64decode(buffer["data"])
    return None


def _shut_down_kernels(server) -> None:
    with urllib.request.urlopen(server.url("api/sessions")) as r:
        sessions = json.load(r)
    for s in sessions:
        urllib.request.urlopen(urllib.request.Request(server.url(f"api/sessions/{s['id']}"), method="DELETE")).close()


def test_playhead_reaches_the_kernel_and_saved_state_replays(browser, lab_light, notebook, engine_runs, artifacts):
    nb = open_notebook(browser, lab_light, notebook.name, "saved-state")
    try:
        nb.run_all()
        nb.wait_executed(120_000)
        w = Widget(nb.page)
        w.wait(lambda: w.playhead() == ITERATIONS, 30, "the run played to its end")  # 2 s at its pace
        assert w.root.get_attribute("data-offline") == "false" and w.q(".iw-train").is_visible()
        w.wait(lambda: _kernel_playhead(nb) == ITERATIONS, 20, "the kernel's playhead at the end the view shows")
        w.scrub(1200)
        w.wait(lambda: _kernel_playhead(nb) == 1200, 20, "the kernel's playhead at 1200")

        nb.page.keyboard.press("Control+s")
        nb.page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty')", timeout=15_000)
        blob = w.wait(lambda: _archive_from(notebook), 15, "the saved notebook's _archive")
        assert blob is not None, "the saved notebook holds no _archive"
        header, costs, frames = decode(blob)
        assert header["done"] and header["iter_count"] == ITERATIONS
        np.testing.assert_array_equal(costs, np.stack([r.costs for r in engine_runs]).astype(np.float32))
        np.testing.assert_array_equal(frames, np.stack([r.frames for r in engine_runs], axis=1))
    finally:
        close_notebook(nb)

    _shut_down_kernels(lab_light)  # reopening starts a new kernel that knows nothing of the old widget
    again = open_notebook(browser, lab_light, notebook.name, "saved-state-reopened")
    try:
        w = Widget(again.page)
        w.root.wait_for(timeout=30_000)
        again.page.wait_for_function(
            "() => Number(document.querySelector('.iw-root').dataset.framesPainted || 0) > 0", timeout=30_000
        )
        assert w.panel_iteration("he") == 1200
        again.page.wait_for_function(
            "() => document.querySelector('.iw-root').dataset.offline === 'true'", timeout=15_000
        )  # no kernel answers for this widget: replay only
        assert not w.q(".iw-train").is_visible() and not w.q(".iw-reset").is_visible()
        assert parse_number(w.readouts("he")["cost"]) == pytest.approx(engine_runs[1].costs[1200], rel=1e-4)
        assert w.canvas_stats("he")["var"] > 100
        again.page.screenshot(path=str(artifacts / "saved-state-reopened.png"), full_page=True)
    finally:
        close_notebook(again)

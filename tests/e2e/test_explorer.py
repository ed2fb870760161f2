"""The Explorer dashboard in a real JupyterLab + Chromium: controls, Train, timeline scrubbing → bqplot updates.

Writes its own small notebook into the server's root, so it does not depend on an example's contents.
Screenshots (light and dark, tall viewport so the whole dashboard shows) go to artifacts/.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from e2e_dom import Widget, wait_settled
from e2e_lab import ARTIFACTS, close_notebook, open_notebook, publish_screenshot
from playwright.sync_api import expect

NOTEBOOK = "explorer_e2e.ipynb"
ITERATIONS = 3000
TALL = {"width": 1400, "height": 2900}

# every bqplot rect/path in the histogram figures, as one string: changes whenever a bar moves or resizes
HIST_SHAPES_JS = """() => [...document.querySelectorAll('.iwx-histograms rect, .iwx-histograms path')]
    .map(e => [e.getAttribute('x'), e.getAttribute('y'), e.getAttribute('width'), e.getAttribute('height'),
               e.getAttribute('d')].join(',')).join(';')"""
GRAD_SHAPES_JS = HIST_SHAPES_JS.replace("iwx-histograms", "iwx-gradients")


def write_notebook(server, name: str, source: str) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, server.root / name)


def caption_iteration(page) -> int | None:
    text = page.locator(".iwx-caption-box").first.inner_text(timeout=5000)
    m = re.search(r"At iteration ([\d,]+)", text)
    return int(m.group(1).replace(",", "")) if m else None


def open_explorer(browser, server, name: str):
    write_notebook(
        server, NOTEBOOK, f"from init_widget.explorer import Explorer\nex = Explorer(iterations={ITERATIONS})\nex"
    )
    nb = open_notebook(browser, server, NOTEBOOK, name)
    nb.page.set_viewport_size(TALL)
    nb.run_all()
    nb.page.wait_for_selector(".iwx-explorer .iw-root", timeout=120_000)
    nb.page.wait_for_selector(".iwx-histograms .bqplot", timeout=60_000)
    return nb, Widget(nb.page, scope=".iwx-explorer")


def train_button(page):
    return page.locator(".iwx-explorer button.jupyter-button", has_text=re.compile(r"^\s*Train\s*$")).first


@pytest.fixture(scope="module")
def explorer_light(browser, lab_light):
    nb, w = open_explorer(browser, lab_light, "explorer-light")
    try:
        yield nb, w
    finally:
        close_notebook(nb)


def test_invalid_hidden_layers_disable_train(explorer_light):
    nb, _w = explorer_light
    page = nb.page
    field = page.locator(".iwx-hidden input").first
    field.fill("10, x")
    page.wait_for_function(
        "() => /whole numbers/.test(document.querySelector('.iwx-hidden-error')?.textContent || '')", timeout=10_000
    )
    expect(train_button(page)).to_be_disabled(timeout=10_000)
    field.fill("8, 4")
    page.wait_for_function(
        "() => !/whole numbers/.test(document.querySelector('.iwx-hidden-error')?.textContent || '')", timeout=10_000
    )
    expect(train_button(page)).to_be_enabled(timeout=10_000)


def test_out_of_range_number_is_shown_not_clamped(explorer_light):
    """ipywidgets' bounded boxes clamp what is typed; the Explorer keeps it and says why it is refused."""
    nb, _w = explorer_light
    page = nb.page
    field = page.locator(".iwx-field-iterations input").first
    field.fill("-1")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.iwx-invalid')]
        .some(e => /out of range: type a whole number from 1 to 1,000,000/.test(e.textContent))""",
        timeout=10_000,
    )
    assert field.input_value() == "-1"
    # the box's message, the button and the status line are three widgets the kernel updates one after another
    expect(train_button(page)).to_be_disabled(timeout=10_000)
    expect(page.locator(".iwx-explorer .iwx-error").first).to_contain_text("fix iterations", timeout=10_000)
    field.fill(str(ITERATIONS))
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.iwx-invalid')].some(e => /out of range/.test(e.textContent))",
        timeout=10_000,
    )
    expect(train_button(page)).to_be_enabled(timeout=10_000)


def test_train_uses_the_controls_and_finishes(explorer_light):
    nb, w = explorer_light
    train_button(nb.page).click()
    w.wait(lambda: w.status() == "done", 90, "training to finish")
    subtitle = w.q(".iw-subtitle").inner_text()
    assert re.search(r"2\D8\D4\D1", subtitle), subtitle  # the hidden layers typed in the previous test
    assert nb.errors_in_outputs() == [], nb.errors_in_outputs()


def test_scrubbing_updates_histograms_gradients_and_captions(explorer_light):
    nb, w = explorer_light
    page = nb.page
    w.wait(lambda: w.status() == "done", 90, "a finished run")
    lo, hi = w.timeline_bounds()
    seen = {}
    for target in (lo, hi // 2, hi):
        w.scrub(target)
        w.wait(
            lambda target=target: target - 200 < (caption_iteration(page) or -1) <= target,
            20,
            f"captions at iteration ≈ {target}",
        )
        wait_settled(page, ".iwx-explorer")  # the bqplot marks of the same render
        seen[target] = (page.evaluate(HIST_SHAPES_JS), page.evaluate(GRAD_SHAPES_JS), caption_iteration(page))
    assert seen[lo][0] != seen[hi][0], "histogram bars identical at the first and the last iteration"
    assert seen[lo][1] != seen[hi][1], "gradient bars identical at the first and the last iteration"
    assert len({s[0] for s in seen.values()}) == 3
    page.screenshot(path=str(ARTIFACTS / "explorer-scrubbed-light.png"), full_page=True)
    publish_screenshot(ARTIFACTS / "explorer-scrubbed-light.png", "explorer-scrubbed-light.png")


def test_preset_sets_controls_without_training(explorer_light):
    nb, w = explorer_light
    page = nb.page
    page.locator(".iwx-explorer button", has_text="Deep and narrow").first.click()
    w.wait(lambda: w.status() == "idle", 20, "the preset's fresh, untrained run")
    assert page.locator(".iwx-hidden input").first.input_value() == "5, 5, 5, 5, 5, 5, 5, 5, 5"
    w.wait(lambda: page.locator(".iwx-histograms .bqplot").count() == 10, 20, "one histogram per layer (10)")


def test_a_diverged_run_says_so_next_to_train(explorer_light):
    nb, w = explorer_light
    page = nb.page
    page.evaluate("""() => document.querySelectorAll('.iwx-explorer .widget-checkbox').forEach(el => {
        const box = el.querySelector('input[type=checkbox]');
        const name = (el.querySelector('.widget-label-basic span') || el).textContent.trim();
        if (box.checked !== (name === 'random')) box.click();
    })""")  # random only
    page.locator(".iwx-explorer select").nth(1).select_option("leaky_relu")  # after the dataset
    # the box syncs as typed; the kernel reads that update before the click that follows it on the same comm
    page.locator(".iwx-field-learning-rate input").first.fill("10")
    train_button(page).click()
    w.wait(lambda: w.status() == "diverged", 90, "random ×10 at learning rate 10 to diverge")
    notice = page.locator(".iwx-explorer .iwx-notice").first
    w.wait(lambda: "diverged" in notice.inner_text(), 20, "the notice next to Train")
    assert "random" in notice.inner_text()
    assert nb.errors_in_outputs() == [], nb.errors_in_outputs()


def test_dark_theme_screenshot(browser, lab_dark):
    nb, w = open_explorer(browser, lab_dark, "explorer-dark")
    try:
        train_button(nb.page).click()
        w.wait(lambda: w.status() == "done", 90, "training to finish")
        w.scrub(w.timeline_bounds()[1] // 3)
        wait_settled(nb.page, ".iwx-explorer")
        nb.page.screenshot(path=str(ARTIFACTS / "explorer-scrubbed-dark.png"), full_page=True)
        publish_screenshot(ARTIFACTS / "explorer-scrubbed-dark.png", "explorer-scrubbed-dark.png")
        assert nb.errors_in_outputs() == []
    finally:
        close_notebook(nb)


def test_lecture_steps_with_the_keyboard(browser, lab_light):
    nb = open_notebook(browser, lab_light, "03_lecture.ipynb", "lecture-light")
    try:
        page = nb.page
        page.set_viewport_size(TALL)
        nb.run_all()
        nb.wait_executed(120_000)
        step = page.locator(".iwx-explorer .iwx-step").first
        page.wait_for_function(
            "() => /1 · Zeros/.test(document.querySelector('.iwx-step')?.textContent || '')", timeout=30_000
        )
        step.click()  # focus the dashboard, as an instructor would
        page.keyboard.press("PageDown")
        page.wait_for_function(
            "() => /2 · Random/.test(document.querySelector('.iwx-step')?.textContent || '')", timeout=30_000
        )
        assert page.locator(".iwx-explorer .iwx-fullscreen").count() == 1
        page.screenshot(path=str(ARTIFACTS / "explorer-lecture-step2.png"), full_page=True)
        page.keyboard.press("PageUp")
        page.wait_for_function(
            "() => /1 · Zeros/.test(document.querySelector('.iwx-step')?.textContent || '')", timeout=30_000
        )
    finally:
        close_notebook(nb)

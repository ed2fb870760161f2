"""Issue 11 in the animated widget, in a real JupyterLab + Chromium: a student's initializer beside
He shows the check's verdict on its panel; a seeds=5 run shows one panel per initializer, the median
cost with its 10–90 % band, every seed's accuracy at the foot of its panel, and switching the seed (select, ↑/↓ on
the panel) repaints the boundary. Screenshots light and dark into artifacts/
(the README's to docs/ with IW_UPDATE_DOCS=1).
"""

from __future__ import annotations

import pytest
from e2e_hosts import write_notebook
from e2e_keys import type_command_keys
from e2e_lab import ARTIFACTS, in_theme, kept_open, open_notebook, publish_screenshot

NOTEBOOK = "seeds_widget_e2e.ipynb"
CELLS = [
    """import numpy as np
from init_widget import load_dataset, TrainingWidget
X, Y, X_test, Y_test = load_dataset("circles")""",
    """def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
TrainingWidget(X, Y, initializers=["he", initialize_parameters_he], iterations=200)""",
    """w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], seeds=5, iterations=3000, learning_rate=0.1,
                   X_test=X_test, Y_test=Y_test, duration=1)
w""",
    """w.start()
w.wait(600)
print("trained", len(w.history))""",
]
SEEDS = ".iw-root >> nth=1"
CANVAS_JS = "(el) => el.toDataURL()"


def open_seeds(browser, server, name: str):
    write_notebook(server.root / NOTEBOOK, *CELLS)
    page_nb = open_notebook(browser, server, NOTEBOOK, name)
    page_nb.run_all()
    page_nb.wait_executed(300_000)
    page = page_nb.page
    assert page_nb.errors_in_outputs() == []
    # the seeds widget has played its (1 s) run to the end
    page.wait_for_function(
        """() => { const r = document.querySelectorAll('.iw-root')[1];
        return r && r.dataset.playhead === '3000' && r.querySelector('.iw-chart').dataset.bands === '3'; }""",
        timeout=120_000,
    )
    return page_nb


@pytest.fixture(scope="module")
def seeds_light(browser, lab_light):
    yield from kept_open(open_seeds(browser, lab_light, "seeds-widget-light"))


def test_a_students_initializer_shows_the_checks_verdict(seeds_light):
    page = seeds_light.page
    panel = page.locator(".iw-root >> nth=0").locator('.iw-panel[data-model="initialize_parameters_he"]')
    assert "initialize_parameters_he" in panel.locator(".iw-panel-title").inner_text()
    verdict = panel.locator(".iw-panel-verdict").inner_text()
    assert "Xavier" in verdict, verdict
    assert page.locator(".iw-root >> nth=0").locator('.iw-panel[data-model="he"] .iw-panel-verdict').count() == 0


def test_seeds_show_median_band_and_spread_per_initializer(seeds_light):
    root = seeds_light.page.locator(SEEDS)
    assert root.locator(".iw-panel").count() == 3  # one per initializer, not 11 trained models
    assert "seeds 0–4" in root.inner_text()  # the subtitle says the seeds, not "seed 3"
    assert root.locator(".iw-chart-title").inner_text() == "Cost: median, 10–90 % band"
    assert root.locator(".iw-legend-item").count() == 3  # a line per initializer, not per seed
    for name in ("zeros", "random", "he"):  # at the foot of each panel, every seed's final accuracy
        row = root.locator(f'.iw-panel[data-model="{name}"] .iw-strip-row')
        assert "accuracy · 5 seeds" in row.inner_text().lower()
        assert row.locator(".iw-strip-dot:not(.iw-strip-test)").count() == 5
        assert row.locator(".iw-strip-test").count() == 5
    he = root.locator('.iw-panel[data-model="he"] .iw-strip-row')
    assert he.locator(".iw-strip-median").count() == 2  # train and test medians marked
    assert "median train" in he.locator(".iw-strip-track").get_attribute("aria-label")


def test_switching_the_seed_repaints_the_panel(seeds_light):
    root = seeds_light.page.locator(SEEDS)
    panel = root.locator('.iw-panel[data-model="he"]')
    pick = panel.locator("select.iw-seed-pick")
    assert pick.locator("option").all_inner_texts() == [f"seed {s}" for s in range(5)]
    canvas = panel.locator("canvas.iw-heatmap")
    before, cost_before = canvas.evaluate(CANVAS_JS), panel.locator(".iw-cost").inner_text()
    pick.select_option("3")
    assert panel.get_attribute("data-seed") == "3"
    seeds_light.page.wait_for_function("([el, old]) => el.toDataURL() !== old", arg=[canvas.element_handle(), before])
    assert panel.locator(".iw-cost").inner_text() != cost_before
    # ↑/↓ on the focused panel step through the seeds (← / → stay the timeline's)
    after_select = canvas.evaluate(CANVAS_JS)
    panel.focus()
    panel.press("ArrowDown")
    assert panel.get_attribute("data-seed") == "4" and pick.input_value() == "4"
    seeds_light.page.wait_for_function(
        "([el, old]) => el.toDataURL() !== old", arg=[canvas.element_handle(), after_select]
    )
    panel.press("ArrowDown")
    assert panel.get_attribute("data-seed") == "0"  # wraps around
    assert root.get_attribute("data-playhead") == "3000"  # the timeline did not move


@pytest.mark.parametrize("target", ["select.iw-seed-pick", "panel"])
def test_keys_on_the_seed_choice_never_reach_the_notebook(seeds_light, target):
    panel = seeds_light.page.locator(SEEDS).locator('.iw-panel[data-model="random"]')
    before, after = type_command_keys(seeds_light.page, panel if target == "panel" else panel.locator(target))
    assert len(before) == len(CELLS), before
    assert after == before, f"keys typed in the seeds widget's {target} changed the notebook"
    assert panel.get_attribute("data-seed") != "0", "↑/↓ changed the seed shown"


def test_no_serious_accessibility_violations(seeds_light):
    """axe-core on both widgets (the verdict overlay, seed selects, focusable panels, accuracy strips)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(seeds_light.page, context={"include": [[".iw-root"]]}).response["violations"]
    assert [
        f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes']][:4]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ] == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(request, browser, theme):
    with in_theme(request, theme, "seeds_light", lambda lab: open_seeds(browser, lab, "seeds-widget-dark")) as nb:
        for k, what in enumerate(("verdict", "seeds")):
            path = ARTIFACTS / f"widget-{what}-{theme}.png"
            el = nb.page.locator(".iw-root").nth(k)
            el.scroll_into_view_if_needed()
            el.screenshot(path=str(path))
            assert path.stat().st_size > 5000
            if path.name == "widget-seeds-light.png":  # the README's picture
                publish_screenshot(path, path.name)

"""The exported HTML replays a run in Chromium with no server and no network."""

import pytest
from e2e_dom import Widget, as_percent, parse_number

from init_widget import TrainingWidget, load_dataset
from init_widget.widget.export import export_html


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    X, Y, X_test, Y_test = load_dataset()
    w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test)
    w.start()
    w.wait(timeout=120)
    return export_html(w, tmp_path_factory.mktemp("export") / "run.html")


def test_export_refuses_an_untrained_widget(tmp_path):
    X, Y, _, _ = load_dataset()
    with pytest.raises(ValueError, match="nothing to export yet"):
        export_html(TrainingWidget(X, Y, iterations=10), tmp_path / "x.html")


def test_exported_page_replays_offline(browser, exported, artifacts):
    context = browser.new_context(viewport={"width": 1200, "height": 950}, offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: r.url.startswith("http") and errors.append("network request: " + r.url))
    try:
        page.goto(exported.as_uri())
        w = Widget(page)
        w.root.wait_for(timeout=15000)
        page.wait_for_function(
            "() => Number(document.querySelector('.iw-root').dataset.framesPainted || 0) > 0", timeout=15000
        )
        assert w.panel_iteration("he") == 15000
        assert w.root.get_attribute("data-offline") == "true" and not w.q(".iw-train").is_visible()
        he = w.readouts("he")
        assert parse_number(he["cost"]) == pytest.approx(0.0648, abs=5e-4)  # cost at the final frame
        assert as_percent(he["train_acc"]) == pytest.approx(99.33, abs=0.01)
        assert as_percent(he["test_acc"]) == pytest.approx(96.0, abs=0.01)
        final = w.canvas_stats("he")
        assert final["var"] > 100, "the He panel paints a boundary"
        w.scrub(0)
        page.wait_for_function("() => document.querySelector('.iw-root').dataset.playhead === '0'", timeout=5000)
        assert w.panel_iteration("he") == 0
        assert w.canvas_stats("he")["hash"] != final["hash"]
        page.screenshot(path=str(artifacts / "export-offline.png"), full_page=True)
        assert not errors, errors
    finally:
        context.close()


def test_a_hostile_initializer_name_does_not_break_the_page(browser, tmp_path):
    """An initializer named "<!--<script>" once made the page render nothing: every JSON in the page
    is now escaped, so the name shows as text and the run plays."""
    X, Y, _, _ = load_dataset()

    def evil(shape, rng):
        return rng.randn(*shape) * (2 / shape[1]) ** 0.5

    evil.__name__ = "<!--<script>"
    w = TrainingWidget(X, Y, initializers=[evil, "he"], iterations=300)
    w.start()
    w.wait(timeout=120)
    path = export_html(w, tmp_path / "hostile.html")
    context = browser.new_context(viewport={"width": 1200, "height": 950}, offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => Number(document.querySelector('.iw-root')?.dataset.framesPainted || 0) > 0", timeout=15000
        )
        names = page.eval_on_selector_all(".iw-panel", "els => els.map(e => e.dataset.model)")
        assert names == ["<!--<script>", "he"]
        assert "<!--<script>" in page.inner_text(".iw-root")
        assert not errors, errors
    finally:
        context.close()

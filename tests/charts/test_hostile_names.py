"""Issue 14 §4: every string that reaches HTML is escaped, in every view. A function named like an HTML tag
(``<img src=x onerror=alert(1)>``, a name a notebook can set) goes through each "why" view, the widget's
traits (labels, verdict note, notice, error) and the exported page; nowhere does the raw tag survive in
HTML (the widget's front end writes traits as text: tests/e2e/test_unseen_widgets.py checks the page)."""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from init_widget import TrainingWidget, check_initializer, export_html, load_dataset, signal_propagation, train
from init_widget.why_views import check_view, propagation_view, seeds_view

X, Y, X_TEST, Y_TEST = load_dataset("circles")
HOSTILE = "<img src=x onerror=alert(1)>"


def hostile_draw(shape, rng):
    return rng.randn(*shape) * np.sqrt(2 / shape[1])


def hostile_course(layers_dims):
    np.random.seed(3)
    return {
        key: (np.random.randn(n, m) * 0.5 if key[0] == "W" else np.zeros((n, 1)))
        for l in range(1, len(layers_dims))
        for key, n, m in ((f"W{l}", layers_dims[l], layers_dims[l - 1]), (f"b{l}", layers_dims[l], 1))
    }


hostile_draw.__name__ = hostile_course.__name__ = HOSTILE


def html_of(widget) -> list[str]:
    """Every HTML string a view hands the browser (W.HTML and W.HTMLMath values, in any box)."""
    out, stack = [], [widget]
    while stack:
        w = stack.pop()
        if isinstance(w, (W.HTML, W.HTMLMath)):
            out.append(w.value)
        stack += list(getattr(w, "children", ()))
    return out


def assert_escaped(pieces: list[str], where: str) -> None:
    text = "".join(pieces)
    assert "<img" not in text, f"{where}: the name landed raw in HTML"
    assert "&lt;img src=x onerror=alert(1)&gt;" in text, f"{where}: the name is not shown at all"


def test_seeds_view_escapes_the_names():
    runs = train(X, Y, [hostile_draw, "he"], seeds=3, iterations=100, X_test=X_TEST, Y_test=Y_TEST)
    assert_escaped(html_of(seeds_view(runs)), "seeds_view")


def test_propagation_view_escapes_the_names_also_after_moving_its_slider():
    view = propagation_view(signal_propagation([2, 10, 5, 1], initializers=[hostile_draw, "he"]))
    assert_escaped(html_of(view), "propagation_view")
    view.slider.value = 3.0
    assert_escaped(html_of(view), "propagation_view after the slider")


def test_check_view_escapes_the_function_name_in_its_verdict_and_findings():
    for fn in (hostile_course, hostile_draw):
        assert_escaped(html_of(check_view(check_initializer(fn))), f"check_view({fn.__code__.co_name})")


def test_the_widget_carries_the_name_as_data_and_the_exported_page_never_as_html(tmp_path):
    broken = []

    def flaky(shape, rng):
        if broken:
            raise ValueError("broken now")
        return hostile_draw(shape, rng)

    flaky.__name__ = HOSTILE
    w = TrainingWidget(X, Y, initializers=[flaky, hostile_course], iterations=200, grid_size=10)
    assert [m["label"] for m in w.setup["models"]] == [HOSTILE, f"{HOSTILE} (2)"]  # data: the front end's textContent
    assert HOSTILE in w.setup["models"][0]["note"]
    w.start()
    w.wait(timeout=60)
    page = export_html(w, tmp_path / "run.html", title=HOSTILE).read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    broken.append(True)
    w._on_message(w, {"type": "command", "action": "reset"}, [])  # the error names the function, as data
    assert w.status == "error" and HOSTILE in w.error
    w.close()

"""The Explorer keeps keys typed in its controls from JupyterLab (the TrainingWidget's key guard covers any
element with its class) and names the controls ipywidgets leaves nameless.
In a browser: tests/e2e/test_explorer_keys.py."""

from __future__ import annotations

import re
from pathlib import Path

from init_widget.charts.a11y import KEEP_KEYS_CLASS, NAME_CONTROLS_JS, ControlNames
from init_widget.explorer import Explorer
from init_widget.explorer.lecture import KeyBridge

KEYGUARD_TS = Path(__file__).resolve().parents[2] / "js" / "src" / "view" / "keyguard.ts"


def test_the_guarded_class_is_the_key_guards():
    m = re.search(r'export const KEEP_KEYS_CLASS = "([^"]+)"', KEYGUARD_TS.read_text())
    assert m and m.group(1) == KEEP_KEYS_CLASS


def test_every_explorer_root_is_guarded():
    for lecture in (False, True):
        e = Explorer(lecture=lecture, iterations=10)
        try:
            assert KEEP_KEYS_CLASS in e._dom_classes
        finally:
            e.close()


def test_one_naming_script_for_the_dashboard_and_the_views():
    assert KeyBridge._esm.startswith(NAME_CONTROLS_JS) and ControlNames._esm.startswith(NAME_CONTROLS_JS)
    assert "input[type=checkbox]:not([aria-label])" in NAME_CONTROLS_JS  # the initializer checkboxes


def test_the_why_views_with_controls_are_guarded_too():
    """The sweep's run picker and the propagation slider: ↑/↓/← /→ change them, not the notebook's selection."""
    from init_widget import load_dataset, scale_sweep, signal_propagation
    from init_widget.why_views import propagation_view, sweep_view

    X, Y, _, _ = load_dataset("circles")
    views = (
        sweep_view(scale_sweep(X, Y, scales=[0.5, 1.0], seeds=[0], iterations=5), X, Y),
        propagation_view(signal_propagation(layers=[2, 10, 5, 1], X=X, initializers=["he"])),
    )
    assert all(KEEP_KEYS_CLASS in v._dom_classes for v in views)

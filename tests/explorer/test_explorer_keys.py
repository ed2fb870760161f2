"""The Explorer keeps keys typed in its controls from JupyterLab (the TrainingWidget's key guard covers any
element with its class) and names the controls ipywidgets leaves nameless. In a browser: tests/e2e/test_explorer_keys.py."""

from __future__ import annotations

import re
from pathlib import Path

from init_widget.charts.a11y import NAME_CONTROLS_JS, ControlNames
from init_widget.explorer import Explorer
from init_widget.explorer.lecture import KEEP_KEYS_CLASS, KeyBridge

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

"""A kernel that only shows a TrainingWidget never loads the Explorer's chart stack (bqplot, pandas).

Each check runs in a fresh interpreter, so modules another test imported cannot hide or fake it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("bqplot", "pandas")


def _loaded_after(code: str) -> dict:
    probe = code + f"\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_training_widget_leaves_the_chart_stack_out():
    loaded = _loaded_after(
        "import init_widget\n"
        "from init_widget import TrainingWidget, load_dataset\n"
        "X, Y, X_test, Y_test = load_dataset('circles')\n"
        "w = TrainingWidget(X, Y, initializers=['zeros', 'he'], X_test=X_test, Y_test=Y_test, iterations=200)\n"
        "w.start(); w.wait()\n"
    )
    assert loaded == {m: False for m in HEAVY}, loaded


def test_engine_import_is_light():
    assert _loaded_after("import init_widget.engine") == {m: False for m in HEAVY}


def test_explorer_loads_it_on_first_use():
    loaded = _loaded_after("import init_widget\nassert 'Explorer' in dir(init_widget)\ninit_widget.Explorer")
    assert loaded == {m: True for m in HEAVY}, loaded


def test_unknown_attribute_is_an_attribute_error():
    out = subprocess.run(
        [sys.executable, "-c", "import init_widget; init_widget.Explorr"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode != 0 and "AttributeError" in out.stderr and "Explorr" in out.stderr, out.stderr

"""Every example notebook runs top to bottom in JupyterLab without an error output or a widget error."""

from __future__ import annotations

import pytest
from e2e_lab import REPO, close_notebook, open_notebook

# the course notebook has its own, deeper test (test_course_notebook.py)
EXAMPLES = [p.name for p in sorted((REPO / "examples").glob("*.ipynb")) if not p.name.startswith("01_")]


def test_the_examples_are_found():
    """An empty list would leave the test below with nothing to run (pytest skips an empty parametrization)."""
    assert len(EXAMPLES) >= 4, EXAMPLES


@pytest.mark.parametrize("notebook", EXAMPLES)
def test_example_runs_clean(browser, lab_light, notebook):
    nb = open_notebook(browser, lab_light, notebook, "example-" + notebook.removesuffix(".ipynb"))
    try:
        nb.run_all()
        nb.wait_executed(300_000)
        assert nb.errors_in_outputs() == [], nb.errors_in_outputs()
        errors = nb.page.evaluate(
            "() => [...document.querySelectorAll('.iw-error')].map(e => e.textContent.trim()).filter(Boolean)"
        )
        assert errors == [], errors
    finally:
        close_notebook(nb)

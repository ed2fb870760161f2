"""Fixtures for the end-to-end tests: JupyterLab servers (light and dark theme) and one Chromium.

These tests never skip: a missing Chromium or a server that does not come up is a failure.
Screenshots and browser consoles go to artifacts/ (git-ignored); `IW_UPDATE_DOCS=1` also copies the
README screenshots to docs/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from e2e_lab import ARTIFACTS, REPO, LabServer, launch_browser  # noqa: E402

NOTEBOOKS = sorted((REPO / "examples").glob("*.ipynb")) + sorted((Path(__file__).parent / "notebooks").glob("*.ipynb"))


def _server(tmp_path_factory, theme: str):
    server = LabServer(tmp_path_factory.mktemp(f"lab-{theme}"), NOTEBOOKS, theme=theme, name=theme).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def lab_light(tmp_path_factory):
    yield from _server(tmp_path_factory, "light")


@pytest.fixture(scope="session")
def lab_dark(tmp_path_factory):
    yield from _server(tmp_path_factory, "dark")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

"""Fixtures shared by the browser-free tests."""

import pytest

from init_widget import load_dataset


@pytest.fixture(scope="module")
def circles():
    """The course's circles data: X (2, 300), Y (1, 300), X_test (2, 100), Y_test (1, 100)."""
    return load_dataset("circles")

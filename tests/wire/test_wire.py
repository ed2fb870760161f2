"""The wire module: one list of status names on both sides, display labels, duration, the synced traits."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from init_widget import load_dataset
from init_widget.widget import TrainingWidget
from init_widget.widget.export import SYNCED
from init_widget.wire import STATUS_NAMES, Status, model_label, setup_description

REPO = Path(__file__).resolve().parents[2]


def test_status_names_match_the_front_end():
    """The front end takes its status names from the generated contract, not from a list of its own."""
    ts = (REPO / "js" / "src" / "model" / "status.ts").read_text()
    assert re.search(r"^export const STATUS_NAMES = CONTRACT\.statuses;$", ts, re.M), "status.ts: not the contract's"
    assert not re.search(r"STATUS_NAMES = \[", ts)
    assert {"diverged", "closed"} <= set(STATUS_NAMES) and Status("done") is Status.DONE


def test_labels_carry_the_scale():
    assert model_label("random") == "random ×10"
    assert model_label("small") == "small ×0.01"
    assert model_label("he") == "He √(2/n)"
    assert model_label("my_init") == "my_init"


@pytest.fixture(scope="module")
def data():
    X, Y, X_test, Y_test = load_dataset("circles")
    return X[:, :60], Y[:, :60]


def test_setup_names_labels_and_colours(data):
    w = TrainingWidget(*data, initializers=["zeros", "random", "he"], iterations=50)
    models = w.setup["models"]
    assert [m["name"] for m in models] == ["zeros", "random", "he"]
    assert [m["label"] for m in models] == ["zeros", "random ×10", "He √(2/n)"]
    assert len({m["color"] for m in models}) == 3
    assert setup_description(w.trainer, 7)["run_id"] == 7


def test_duration_is_a_synced_option(data):
    w = TrainingWidget(*data, initializers=["he"], iterations=50, duration=20)
    assert w.duration == 20.0 and w.get_state()["duration"] == 20.0
    assert TrainingWidget(*data, initializers=["he"], iterations=50).duration == pytest.approx(18.0)
    for bad in (0, -3, float("nan"), 1e9):
        with pytest.raises(ValueError, match="duration"):
            TrainingWidget(*data, initializers=["he"], iterations=50, duration=bad)


def test_export_sends_every_synced_trait_but_the_archive():
    own = set(TrainingWidget.class_own_traits(sync=True))
    assert set(SYNCED) == own - {"_archive"}
    assert {"duration", "status", "_setup"} <= set(SYNCED)
    assert np.all([not n.startswith("_") or n == "_setup" for n in SYNCED])


def test_fixtures_are_what_the_kernel_sends():
    """The TypeScript tests read tests/fixtures/kernel_*: they must match today's kernel."""
    import sys

    sys.path.insert(0, str(REPO / "tests" / "fixtures"))
    from make_fixtures import kernel_fixtures

    for name, content in kernel_fixtures().items():
        path = REPO / "tests" / "fixtures" / name
        stored = path.read_bytes() if isinstance(content, bytes) else path.read_text()
        assert stored == content, f"{name} is stale: run python tests/fixtures/make_fixtures.py"


def _xavier_course(layers_dims):
    """A student's He attempt with the classic slip: √(1/n) where He needs √(2/n)."""
    np.random.seed(3)
    p = {}
    for l in range(1, len(layers_dims)):
        p[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l - 1])
        p[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return p


def test_a_users_initializer_carries_the_checks_verdict(data):
    models = TrainingWidget(*data, initializers=["he", _xavier_course], iterations=20).setup["models"]
    assert "note" not in models[0]  # built-ins need no check
    assert models[1]["label"] == "_xavier_course"
    assert models[1]["note"].startswith("_xavier_course: ") and "Xavier" in models[1]["note"]


def test_seeds_say_per_model_its_initializer_and_seeds(data):
    setup = TrainingWidget(*data, initializers=["zeros", "he"], iterations=20, seeds=3).setup
    assert setup["seed"] is None and setup["seeds"] == [0, 1, 2]
    zeros, *he = setup["models"]
    assert (zeros["initializer"], zeros["seeds"], zeros["label"]) == ("zeros", [0, 1, 2], "zeros · every seed")
    assert [m["seeds"] for m in he] == [[0], [1], [2]] and {m["initializer"] for m in he} == {"he"}
    assert he[2]["label"] == "He √(2/n) · seed 2"
    assert len({m["color"] for m in he}) == 1 and zeros["color"] != he[0]["color"]  # one colour per initializer


def test_one_seed_given_as_seeds_is_the_seed_shown(data):
    setup = TrainingWidget(*data, initializers=["he"], iterations=20, seeds=[5]).setup
    assert setup["seed"] == 5 and setup["seeds"] is None and "seeds" not in setup["models"][0]

"""The Explorer's "Papers" preset for He et al. 2015 is the engine's configuration (one fact, one place) and runs
in the Explorer with He, Xavier and LSUV side by side."""

from __future__ import annotations

from init_widget.engine.deep_rectifiers import he_2015
from init_widget.explorer.presets import PRESETS


def test_the_he_2015_preset_is_the_papers_network():
    preset, config = PRESETS["he_2015"], he_2015(30)
    assert preset.initializers == ("he", "xavier", "lsuv")
    assert [2, *preset.hidden, 1] == config.layers
    assert (preset.learning_rate, preset.iterations, preset.n_samples, preset.dataset, preset.activation) == (
        config.learning_rate,
        config.iterations,
        config.n_samples,
        config.dataset,
        "relu",
    )
    assert preset.data_seed == 1 and preset.noise is None  # config.data(): load_dataset's defaults


def test_the_explorer_sets_it_up():
    from init_widget import Explorer

    ex = Explorer(preset="he_2015")
    try:
        assert ex.validate()
        options = ex.train_options()
        assert options["layers"] == he_2015(30).layers and options["learning_rate"] == 0.03
        X, Y, _, _ = ex.data
        assert (X == he_2015(30).data()[0]).all() and (Y == he_2015(30).data()[1]).all()
    finally:
        ex.close()

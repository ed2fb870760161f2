"""Recording's memory does not grow with depth × grid: the boundary grid goes through the network in chunks."""

import tracemalloc

import numpy as np

from init_widget import load_dataset
from init_widget.engine import Trainer, network
from init_widget.engine.budget import RunSize

X, Y, X_TEST, Y_TEST = load_dataset()
DEEP = [2] + [32] * 30 + [1]


def _parts(layers, models=20):
    return {p.name: p.bytes for p in RunSize(models, tuple(layers), 300, 2000, 151, 100, 100).parts()}


def test_a_deep_seeded_run_is_no_longer_refused_for_its_grid():
    # refused before chunking: "boundary grid 769.0 MB (20 models × 961 units × 100² grid points)"
    trainer = Trainer(X, Y, ["xavier", "he"], layers=DEEP, seeds=10, iterations=2000, X_test=X_TEST, Y_test=Y_TEST)
    assert len(trainer.plan.initial) == 20
    deep, shallow = _parts(DEEP), _parts([2] + [32] * 3 + [1])
    assert deep["boundary grid"] < 6_000_000
    assert deep["boundary grid"] == shallow["boundary grid"]  # the depth does not enter it


def test_the_grid_pass_peak_stays_a_few_mb_for_a_deep_network():
    with np.errstate(all="ignore"):
        trainer = Trainer(X, Y, ["xavier", "he"], layers=DEEP, seeds=2, iterations=2, frame_every=1)
        per_layer_buffers = 4 * 961 * 100**2 * 4  # float32 activations of every layer at every grid point: 154 MB
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            trainer.run()
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
    assert trainer.done and len(trainer.record.frame_iterations) == 3
    assert peak < 16_000_000 < per_layer_buffers / 5


def test_chunks_do_not_change_a_single_frame(monkeypatch):
    def frames():
        with np.errstate(all="ignore"):
            trainer = Trainer(
                X,
                Y,
                ["random", "he"],
                layers=[2, 16, 16, 1],
                iterations=60,
                frame_every=20,
                activation="leaky_relu",
                X_test=X_TEST,
                Y_test=Y_TEST,
            )
            trainer.run()
        return trainer.record.frames.copy(), trainer.record.test_accuracy.copy()

    whole_frames, whole_test = frames()
    monkeypatch.setattr(network, "PASS_CHUNK_BYTES", 2 * 16 * 4 * 37)  # 37-point chunks, the last one shorter
    chunked_frames, chunked_test = frames()
    assert np.array_equal(whole_frames, chunked_frames) and np.array_equal(whole_test, chunked_test)

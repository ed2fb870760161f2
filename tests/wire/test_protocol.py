"""protocol.py against the fixtures the TypeScript decoder is tested with (tests/fixtures/)."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from init_widget import load_dataset, train
from init_widget.wire.codec import Delta, decode, encode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.bin"))


@pytest.mark.parametrize("name", NAMES)
def test_python_decodes_the_shared_fixtures(name):
    expected = json.loads((FIXTURES / f"{name}.json").read_text())
    header, costs, frames = decode((FIXTURES / f"{name}.bin").read_bytes())
    assert header == expected["header"]
    want = np.array([[float(v) for v in row] for row in expected["costs"]], dtype=np.float32).reshape(costs.shape)
    np.testing.assert_array_equal(costs, want)
    if expected["frames_sha256"] is None:
        assert frames is None
    else:
        assert hashlib.sha256(frames.tobytes()).hexdigest() == expected["frames_sha256"]
        assert int(frames.astype(np.int64).sum()) == expected["frames_sum"]
        if expected["frames"] is not None:
            assert frames.tolist() == expected["frames"]


def test_fixtures_exist_for_both_encodings():
    encodings = {json.loads((FIXTURES / f"{n}.json").read_text())["header"]["frames_encoding"] for n in NAMES}
    assert {"raw", "delta"} <= encodings and len(NAMES) >= 4


@pytest.mark.parametrize("encoding", ["raw", "delta"])
def test_round_trip_keeps_every_value(encoding):
    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, size=(5, 3, 7, 7), dtype=np.uint8)
    costs = np.array([[np.inf, 1.0, np.nan], [0.5, 0.25, 3e38], [1e-30, -0.0, 2.0]])
    delta = Delta(4, 10, costs, 2, frames, rng.random((5, 3)), None, True)
    header, c, f = decode(encode(delta, encoding))
    assert header["iter_start"] == 10 and header["frame_start"] == 2 and header["done"] and header["test_acc"] is None
    np.testing.assert_array_equal(c, costs.astype(np.float32))
    np.testing.assert_array_equal(f, frames)


def test_header_is_padded_so_costs_are_aligned():
    delta = Delta(1, 0, np.ones((2, 3)), 0, None, np.zeros((0, 2)), None, False)
    blob = encode(delta)
    h = int.from_bytes(blob[4:8], "little")
    assert (8 + h) % 4 == 0 and len(blob) == 8 + h + 4 * 6


def test_training_frames_compress_better_with_delta_coding():
    X, Y, _, _ = load_dataset()
    runs = train(X, Y, initializer=["zeros", "random", "he"], iterations=3000)
    frames = np.stack([r.frames for r in runs], axis=1)
    delta = Delta(1, 0, np.zeros((3, 0)), 0, frames, np.zeros((frames.shape[0], 3)), None, False)
    assert len(encode(delta, "delta")) < len(encode(delta, "raw")) < frames.nbytes / 4


def test_rejects_foreign_bytes():
    with pytest.raises(ValueError, match="bad magic"):
        decode(b"PNG\x00" + bytes(20))

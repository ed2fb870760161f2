"""The one place that encodes History deltas to bytes (kernel side); see docs/protocol.md.

A blob carries costs as float32 and boundary frames as uint8, delta-coded in time and
zlib-compressed, behind a small JSON header. The front end's js/src/protocol.ts decodes it;
both sides are tested against the same fixtures in tests/fixtures/.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

MAGIC = b"IWD1"
ZLIB_LEVEL = 6


@dataclass
class Delta:
    """A slice of a run: costs of iterations [iter_start, iter_start+n) and frames [frame_start, frame_start+f)."""

    run_id: int
    iter_start: int
    costs: np.ndarray  # (K, n) float
    frame_start: int
    frames: np.ndarray | None  # (f, K, G, G) uint8, or None without a grid
    train_acc: np.ndarray  # (f, K)
    test_acc: np.ndarray | None  # (f, K)
    done: bool


def encode(delta: Delta, frames_encoding: str = "delta") -> bytes:
    K, n = delta.costs.shape
    frames = delta.frames
    f = delta.train_acc.shape[0]
    grid = 0 if frames is None else int(frames.shape[-1])
    packed = b""
    if frames is not None and f:
        data = np.ascontiguousarray(frames, dtype=np.uint8)
        if frames_encoding == "delta":
            data = data.copy()
            data[1:] -= frames[:-1]  # uint8 arithmetic wraps: (frame - previous) mod 256
        elif frames_encoding != "raw":
            raise ValueError(f"frames_encoding must be 'raw' or 'delta'; got {frames_encoding!r}")
        packed = zlib.compress(data.tobytes(), ZLIB_LEVEL)
    header = {
        "run_id": int(delta.run_id),
        "models": int(K),
        "iter_start": int(delta.iter_start),
        "iter_count": int(n),
        "frame_start": int(delta.frame_start),
        "frame_count": int(f),
        "grid_size": grid,
        "frames_bytes": len(packed),
        "frames_encoding": frames_encoding,
        "train_acc": _rounded(delta.train_acc),
        "test_acc": None if delta.test_acc is None else _rounded(delta.test_acc),
        "done": bool(delta.done),
    }
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 4)
    costs = np.ascontiguousarray(delta.costs, dtype="<f4").tobytes()
    return MAGIC + struct.pack("<I", len(text)) + text + costs + packed


def decode(blob: bytes) -> tuple[dict[str, Any], np.ndarray, np.ndarray | None]:
    """Inverse of ``encode``: (header, costs (K, n) float32, frames (f, K, G, G) uint8 or None)."""
    if blob[:4] != MAGIC:
        raise ValueError("not an init-widget blob (bad magic)")
    (h,) = struct.unpack_from("<I", blob, 4)
    header = json.loads(blob[8 : 8 + h])
    K, n, f, G = header["models"], header["iter_count"], header["frame_count"], header["grid_size"]
    start = 8 + h
    costs = np.frombuffer(blob, dtype="<f4", count=K * n, offset=start).reshape(K, n)
    frames = None
    if G:
        raw = zlib.decompress(blob[start + 4 * K * n : start + 4 * K * n + header["frames_bytes"]]) if f else b""
        frames = np.frombuffer(raw, dtype=np.uint8).reshape(f, K, G, G).copy()
        if header["frames_encoding"] == "delta":
            np.cumsum(frames, axis=0, dtype=np.uint8, out=frames)
    return header, costs, frames


def _rounded(acc: np.ndarray) -> list[list[float]]:
    return [[round(float(v), 6) for v in row] for row in np.asarray(acc)]

"""One check for a refusal at a public entry point: it names the argument, stays short, allocates (almost)
nothing first and leaves numpy's global random state alone."""

import tracemalloc

import numpy as np
import pytest

MAX_MESSAGE = 300
MAX_BYTES_BEFORE_REFUSING = 5_000_000


def rng_state() -> tuple:
    """numpy's global random state as comparable values."""
    state = np.random.get_state()
    return state[0], state[1].tobytes(), state[2:]


def assert_refused_cheaply(call, name: str) -> str:
    """Run ``call()``; it must raise ValueError/TypeError naming ``name``. Returns the message."""
    before = rng_state()
    tracemalloc.start()
    try:
        with pytest.raises((ValueError, TypeError)) as refused:
            call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(refused.value)
    assert name in message and len(message) < MAX_MESSAGE, message
    assert peak < MAX_BYTES_BEFORE_REFUSING, f"{name}: {peak / 1e6:.1f} MB allocated before the refusal"
    assert rng_state() == before
    return message

"""TrainingWidget in a real kernel: what the training thread streams is the run, within the rate limits."""

import numpy as np
import pytest
from kernel_session import KernelSession

from init_widget import load_dataset, train
from init_widget.wire.codec import decode

SETUP = """
from init_widget import TrainingWidget, load_dataset
X, Y, X_test, Y_test = load_dataset("circles")
w = TrainingWidget(X, Y, initializers=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test, iterations={iterations})
print(w.comm.comm_id)
"""


@pytest.fixture(scope="module")
def streamed_run():
    session = KernelSession()
    try:
        comm_id = session.run(SETUP.format(iterations=15000)).strip()
        session.comm_messages.clear()
        session.run("w.start(); w.wait(); print(w.status)")
        yield session, comm_id
    finally:
        session.close()


def _deltas(messages, comm_id):
    return [m for m in messages if m.comm_id == comm_id and m.custom and m.custom.get("type") == "delta"]


def _reassemble(deltas):
    costs, frames, it, fr = [], [], 0, 0
    for m in deltas:
        header, c, f = decode(m.buffers[0])
        assert header["iter_start"] == it and header["frame_start"] == fr, "deltas must be contiguous, never resent"
        costs.append(c)
        frames.append(f)
        it += header["iter_count"]
        fr += header["frame_count"]
    return np.concatenate(costs, axis=1), np.concatenate(frames), header


def test_stream_is_the_whole_run_sent_once(streamed_run):
    session, comm_id = streamed_run
    deltas = _deltas(session.comm_messages, comm_id)
    assert len(deltas) > 3, "the training thread streams while it trains (ipykernel >= 7.1)"
    costs, frames, last = _reassemble(deltas)
    assert last["done"] is True
    X, Y, X_test, Y_test = load_dataset("circles")
    runs = train(X, Y, initializer=["zeros", "random", "he"], X_test=X_test, Y_test=Y_test)
    np.testing.assert_array_equal(costs, np.stack([r.costs for r in runs]).astype(np.float32))
    np.testing.assert_array_equal(frames, np.stack([r.frames for r in runs], axis=1))
    assert last["train_acc"][-1][2] == pytest.approx(runs[2].train_accuracy[-1], abs=1e-6)


def test_stream_stays_within_server_limits(streamed_run):
    session, comm_id = streamed_run
    messages = [m for m in session.comm_messages if m.comm_id == comm_id]
    total = sum(m.size for m in messages)
    assert total < 1_000_000, f"{total} bytes sent for a course run"
    times = np.array([m.time for m in messages])
    # no 1-second window holds more than 30 messages (the server allows 1000)
    worst = max(np.searchsorted(times, t + 1.0) - i for i, t in enumerate(times))
    assert worst <= 30, f"{worst} messages in one second"


def test_a_new_front_end_gets_everything_on_sync(streamed_run):
    session, comm_id = streamed_run
    before = len(session.comm_messages)
    session.send_custom(comm_id, {"type": "sync", "run_id": 1, "iterations": 0, "frames": 0})
    session.drain(3.0)
    replies = _deltas(session.comm_messages[before:], comm_id)
    assert len(replies) == 1
    header, costs, frames = decode(replies[0].buffers[0])
    assert header["done"] and header["iter_count"] == 15000 and costs.shape == (3, 15000)
    assert header["frame_count"] == frames.shape[0] == 151

    before = len(session.comm_messages)
    session.send_custom(comm_id, {"type": "sync", "run_id": 1, "iterations": 12000, "frames": 120})
    session.drain(3.0)
    header, costs, _ = decode(_deltas(session.comm_messages[before:], comm_id)[0].buffers[0])
    assert (header["iter_start"], header["iter_count"], header["frame_start"]) == (12000, 3000, 120)


def test_a_sync_with_nothing_missing_still_gets_an_answer():
    session = KernelSession()
    try:
        comm_id = session.run(SETUP.format(iterations=100)).strip()
        before = len(session.comm_messages)
        session.send_custom(comm_id, {"type": "sync", "run_id": 1, "iterations": 0, "frames": 0})
        session.drain(3.0)
        replies = [m.custom for m in session.comm_messages[before:] if m.comm_id == comm_id and m.custom]
        assert replies == [{"type": "ready", "run_id": 1}]  # nothing trained yet, but the kernel is there
    finally:
        session.close()

"""Issue 14 §4 on the widget: nothing a front end sends raises or costs the kernel a re-encoding of the run,
concurrent reconfigure() calls leave one run id, closing leaves ipywidgets' registry as it was, and a widget
whose last front-end view went (output cleared, cell re-run) pauses and says why."""

from __future__ import annotations

import threading
import time

import pytest
from ipywidgets.widgets.widget import _instances

from init_widget import TrainingWidget, load_dataset
from init_widget.widget.training_widget import UNSEEN_NOTE

X, Y, X_TEST, Y_TEST = load_dataset("circles")
LONG = 3_000_000


def recording(w: TrainingWidget) -> list:
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, buffers))  # what the front end would receive
    return sent


def until(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def test_two_threads_reconfiguring_at_once_leave_the_stream_and_setup_on_one_run_id():
    w = TrainingWidget(X, Y, initializers=["he"], iterations=LONG, grid_size=10)
    sent = recording(w)
    apart = 0
    for _ in range(40):
        w.start()  # each reconfigure() first stops the run: both threads are inside at once
        barrier = threading.Barrier(2)

        def reconfigure(rate: float, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            w.reconfigure(learning_rate=rate)

        threads = [threading.Thread(target=reconfigure, args=(r,)) for r in (0.01, 0.02)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        sent.clear()
        w._on_message(w, {"type": "sync", "run_id": w.setup["run_id"], "iterations": 0, "frames": 0}, [])
        reply = sent[-1][0]  # the stream answers with its own run id; a front end drops what is not the setup's
        apart += reply["run_id"] != w.setup["run_id"]
    w.close()
    assert apart == 0, f"{apart} of 40 trials left the stream's run id apart from the setup's"


def test_a_front_end_reset_whose_initializer_now_fails_shows_the_error_in_the_widget():
    calls = []

    def flaky(shape, rng):
        calls.append(shape)
        if len(calls) > 3:  # the first run (3 layers) draws; a Reset finds the function broken
            raise ArithmeticError("the notebook changed under me")
        return rng.randn(*shape) * 0.1

    w = TrainingWidget(X, Y, initializers=[flaky], iterations=LONG, grid_size=10)
    w.start()
    until(lambda: w.history[0].costs.size > 0, "some training")
    w._on_message(w, {"type": "command", "action": "reset"}, [])  # raised in the kernel before
    assert w.status == "error" and "the notebook changed under me" in w.error and "flaky" in w.error
    assert not w.running
    w._on_message(w, {"type": "command", "action": "train"}, [])  # Train after an error does nothing
    assert w.status == "error"
    with pytest.raises(RuntimeError):
        w.wait()
    w.close()


def test_a_front_end_train_a_full_hub_refuses_shows_the_error(monkeypatch):
    """A hub at its thread limit cannot start the training thread: the Train button shows why, the kernel raises
    nothing (the limit is reproduced as the interpreter reports it, as tests/widget/test_lifecycle.py does)."""
    w = TrainingWidget(X, Y, initializers=["he"], iterations=LONG, grid_size=10)

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    w._on_message(w, {"type": "command", "action": "train"}, [])  # raised in the kernel before
    monkeypatch.undo()
    assert w.status == "error" and "can't start new thread" in w.error
    w.close()


def test_a_front_end_reset_over_a_lowered_memory_cap_shows_the_error(monkeypatch):
    w = TrainingWidget(X, Y, initializers=["he", "zeros"], iterations=2000, grid_size=10)
    w.start()
    w.wait(timeout=60)
    monkeypatch.setenv("INIT_WIDGET_MEMORY_LIMIT", "1000")  # the run no longer fits
    w._on_message(w, {"type": "command", "action": "reset"}, [])
    assert w.status == "error" and "memory" in w.error.lower(), w.error
    monkeypatch.delenv("INIT_WIDGET_MEMORY_LIMIT")
    w._on_message(w, {"type": "command", "action": "reset"}, [])  # fits again: a new run, idle
    assert w.status == "idle" and w.error == ""
    w.close()


def test_a_flood_of_stale_or_junk_syncs_encodes_the_run_once():
    w = TrainingWidget(
        X, Y, initializers=["zeros", "random", "he"], X_test=X_TEST, Y_test=Y_TEST, iterations=3000, seeds=range(10)
    )
    w.start()
    w.wait(timeout=120)
    sent = recording(w)
    t0 = time.perf_counter()
    w._on_message(w, {"type": "sync", "run_id": None, "iterations": 0, "frames": 0}, [])
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for junk in [0, -1, "x", 999, [1], 1.5] * 20:
        w._on_message(w, {"type": "sync", "run_id": junk, "iterations": 10**9, "frames": 10**9}, [])
    flood = time.perf_counter() - t0
    blobs = [buffers[0] for content, buffers in sent]
    assert len(blobs) == 121 and all(content["type"] == "delta" for content, _ in sent)
    assert all(b is blobs[0] for b in blobs), "each stale sync re-encoded the whole run"
    assert flood < 10 * first, f"120 junk syncs took {flood / first:.1f}× the first answer"
    w.close()


def test_closing_a_widget_leaves_ipywidgets_registry_as_it_was():
    before = set(_instances)
    for _ in range(3):
        w = TrainingWidget(X, Y, initializers=["he"], iterations=100, grid_size=10)
        w.start()
        w.wait(timeout=60)
        w.close()
    assert set(_instances) == before, f"left behind: {[type(_instances[k]).__name__ for k in set(_instances) - before]}"


def test_the_last_view_going_pauses_the_run_and_says_why_and_a_new_view_resumes_it():
    w = TrainingWidget(X, Y, initializers=["he"], iterations=LONG, grid_size=10)
    for view in ("a", "b"):
        w._on_message(w, {"type": "view", "view_id": view, "shown": True}, [])
    w.start()
    until(lambda: w.history[0].costs.size > 0, "some training")
    w._on_message(w, {"type": "view", "view_id": "a", "shown": False}, [])
    assert w.status == "training", "another view still shows it"
    w._on_message(w, {"type": "view", "view_id": "b", "shown": False}, [])
    assert w.status == "paused" and UNSEEN_NOTE in w.notice
    done = w.history[0].costs.size
    time.sleep(0.3)  # the stream's notice updates must keep the note; nothing trains
    assert w.history[0].costs.size == done and UNSEEN_NOTE in w.notice
    w._on_message(w, {"type": "view", "view_id": "c", "shown": True}, [])
    assert w.status == "training" and UNSEEN_NOTE not in w.notice
    w.close()


def test_a_view_from_a_reloaded_page_replaces_the_old_page_s_views():
    """A reload sends no removal for sure ('pagehide' may not get out): the old page's views must not keep a
    widget counted as seen once the cell showing it on the new page is re-run."""
    w = TrainingWidget(X, Y, initializers=["he"], iterations=LONG, grid_size=10)
    w._on_message(w, {"type": "view", "view_id": "page1:1", "shown": True}, [])
    w.start()
    until(lambda: w.history[0].costs.size > 0, "some training")
    w._on_message(w, {"type": "view", "view_id": "page2:1", "shown": True}, [])  # the reloaded page shows it
    w._on_message(w, {"type": "view", "view_id": "page2:1", "shown": False}, [])  # its cell is re-run
    assert w.status == "paused" and UNSEEN_NOTE in w.notice
    w.close()


def test_junk_view_messages_change_nothing_and_a_pause_the_user_asked_for_stays():
    w = TrainingWidget(X, Y, initializers=["he"], iterations=LONG, grid_size=10)
    w.start()  # never displayed: no view ever came, so none going means nothing
    for junk in (
        {"type": "view", "view_id": "a", "shown": False},
        {"type": "view", "view_id": 3, "shown": False},
        {"type": "view", "view_id": "x" * 1000, "shown": True},
        {"type": "view", "shown": "no"},
    ):
        w._on_message(w, junk, [])
    assert w.status == "training" and UNSEEN_NOTE not in w.notice
    w._on_message(w, {"type": "view", "view_id": "y", "shown": True}, [])
    w._on_message(w, {"type": "view", "view_id": "y", "shown": False}, [])
    assert w.status == "paused" and UNSEEN_NOTE in w.notice
    w.stop()  # the user decides: the note no longer holds, and a new view does not restart a stopped run
    assert UNSEEN_NOTE not in w.notice
    w.start()
    w.pause()
    w._on_message(w, {"type": "view", "view_id": "z", "shown": True}, [])
    assert w.status == "paused", "a pause the user asked for is not undone by a view"
    w.close()


def test_a_dropped_widget_is_held_until_closed_and_a_closed_one_is_freed_as_the_readme_says():
    """README: dropping a widget does not free it (ipywidgets' registry holds it); close() does."""
    import gc
    import weakref

    w = TrainingWidget(X, Y, initializers=["he"], iterations=100, grid_size=10)
    ref, layout = weakref.ref(w), weakref.ref(w.layout)
    del w
    gc.collect()
    assert ref() is not None and ref().model_id in _instances, "the registry holds a dropped widget"
    ref().close()
    gc.collect()
    assert ref() is None and layout() is None, "a closed widget that nobody holds is freed, its Layout too"


def test_a_flood_of_junk_syncs_while_training_encodes_the_run_a_few_times_and_leaves_no_store_a_gap():
    import math

    from init_widget.wire.codec import decode

    iterations = 20_000
    w = TrainingWidget(X, Y, initializers=["he", "random"], iterations=iterations, grid_size=10)
    sent = recording(w)
    w.start()
    syncs = []
    while w.status == "training":
        syncs.append(len(sent))  # where this sync's reply lands among everything sent
        w._on_message(w, {"type": "sync", "run_id": "junk", "iterations": 0, "frames": 0}, [])
        time.sleep(0.001)  # a flood of ~1000 a second, not one that starves the training thread
    w.wait(timeout=60)
    decoded = {id(buffers[0]): decode(buffers[0])[0] for _, buffers in sent if buffers}
    headers = [decoded[id(buffers[0])] if buffers else None for _, buffers in sent]  # None: "ready"
    whole = {id(buffers[0]) for (_, buffers), h in zip(sent, headers) if h and h["iter_start"] == 0}
    assert len(syncs) > 50 and len(whole) <= math.log2(iterations) + 3, (len(syncs), len(whole))
    frames = len(w.setup["frame_iterations"])
    for start in syncs[:: max(1, len(syncs) // 25)]:  # a store that began with one of the replies
        it_end = f_end = 0
        start = next(i for i in range(start, len(sent)) if headers[i] and headers[i]["iter_start"] == 0)  # its reply
        for h in filter(None, headers[start:]):
            assert h["iter_start"] <= it_end and h["frame_start"] <= f_end, "a delta past the store's end: a gap"
            it_end = max(it_end, h["iter_start"] + h["iter_count"])
            f_end = max(f_end, h["frame_start"] + h["frame_count"])
        assert (it_end, f_end, headers[-1]["done"]) == (iterations, frames, True)
    w.close()

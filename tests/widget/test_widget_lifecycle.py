"""TrainingWidget's lifecycle on the real engine: every method and front-end command in every state,
wait() on a paused run, divergence, close and garbage collection, hostile front-end messages."""

from __future__ import annotations

import gc
import json
import math
import threading
import time
import weakref

import numpy as np
import pytest

from init_widget import TrainingWidget, load_dataset, train
from init_widget.widget.export import export_html
from init_widget.wire import Status
from init_widget.wire.messages import Command, Playhead, Sync, read_message

S = Status
X, Y, _, _ = load_dataset()
LONG = 3_000_000  # never ends within a test


def trainer_threads() -> int:
    return sum(t.name == "init-widget-trainer" for t in threading.enumerate())


def until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def widget_in(state: Status) -> TrainingWidget:
    """A widget whose run is in ``state`` (error: an engine fault injected into the trainer)."""
    options = {S.DONE: dict(iterations=200), S.DIVERGED: dict(learning_rate=1e3, activation="leaky_relu")}
    w = TrainingWidget(X, Y, initializers=["he", "random"], grid_size=10, **options.get(state, dict(iterations=LONG)))
    if state is S.ERROR:

        def broken(n):
            raise FloatingPointError("the engine blew up")

        w.trainer.step = broken
    if state is S.CLOSED:
        w.close()
    elif state is not S.IDLE:
        w.start()
        if state in (S.PAUSED, S.STOPPED):
            until(lambda: w.history[0].costs.size > 0, "some training")
            w.pause() if state is S.PAUSED else w.stop()
        elif state is not S.TRAINING:
            with pytest.raises(RuntimeError) if state is S.ERROR else _nothing():
                w.wait(timeout=120)
    assert w.status == state.value
    return w


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def teardown_function():
    until(lambda: trainer_threads() == 0, "the training threads to end", timeout=5)


AFTER = {  # state after each method: the Python API (RuntimeError: refused with a clear message)
    "start": {
        S.IDLE: S.TRAINING,
        S.TRAINING: S.TRAINING,
        S.PAUSED: S.TRAINING,
        S.STOPPED: S.TRAINING,
        S.DONE: S.DONE,
        S.DIVERGED: S.DIVERGED,
        S.ERROR: RuntimeError,
        S.CLOSED: RuntimeError,
    },
    "pause": {s: S.PAUSED if s is S.TRAINING else s for s in S},
    "resume": {s: S.TRAINING if s is S.PAUSED else s for s in S},
    "stop": {s: S.STOPPED if s in (S.TRAINING, S.PAUSED) else s for s in S},
    "reset": {s: RuntimeError if s is S.CLOSED else S.IDLE for s in S},
    "close": {s: S.CLOSED for s in S},
}


@pytest.mark.parametrize("state", list(S), ids=lambda s: s.value)
@pytest.mark.parametrize("method", list(AFTER))
def test_every_method_in_every_state(method, state):
    w = widget_in(state)
    expected = AFTER[method][state]
    if expected is RuntimeError:
        with pytest.raises(RuntimeError, match="closed|failed"):
            getattr(w, method)()
        assert w.status == state.value
    else:
        assert getattr(w, method)() is None
        assert w.status == expected.value
    assert w.running == (w.status in ("training", "paused"))
    threads = 1 if w.status in ("training", "paused") else 0  # a worker that left may take a moment to end
    until(lambda: trainer_threads() == threads, f"{threads} training thread(s)", timeout=2)
    w.close()


@pytest.mark.parametrize("state", [s for s in S if s is not S.CLOSED], ids=lambda s: s.value)
@pytest.mark.parametrize("action", ["train", "pause", "resume", "stop", "reset", "fly", None, 7])
def test_front_end_commands_never_raise(action, state):
    w = widget_in(state)
    w._on_message(w, {"type": "command", "action": action}, [])
    if action in AFTER and not (action == "train" and state is S.ERROR):
        assert w.status == AFTER[action if action != "train" else "start"][state].value
    elif action not in AFTER and action != "train":
        assert w.status == state.value
    w.close()


def test_wait_on_a_paused_run_returns_the_histories_so_far_at_once():
    w = widget_in(S.PAUSED)
    done = w.history[0].costs.size
    histories = w.wait()  # would block forever before
    assert [h.costs.size for h in histories] == [done, done] and w.status == "paused"
    assert w.wait(timeout=0.01) is not None  # no TimeoutError: nothing is training
    w.resume()
    with pytest.raises(TimeoutError, match=r"still training after 0.05 s \(at iteration"):
        w.wait(timeout=0.05)
    w.close()


@pytest.mark.parametrize("timeout", [-1, float("nan"), "1", True])
def test_wait_refuses_a_bad_timeout(timeout):
    w = widget_in(S.IDLE)
    with pytest.raises(ValueError, match="timeout must be a number of seconds >= 0"):
        w.wait(timeout)


def test_start_returns_none_so_a_cell_does_not_display_the_widget_twice():
    w = TrainingWidget(X, Y, initializers=["he"], iterations=50)
    assert w.start() is None
    w.wait(timeout=60)


def test_divergence_ends_the_run_with_status_diverged_and_a_notice():
    w = TrainingWidget(X, Y, initializers=["he"], learning_rate=1e3, activation="leaky_relu")
    w.start()
    w.wait(timeout=120)
    assert w.status == "diverged" and w.history[0].diverged_at is not None
    assert "diverged" in w.notice and w.history[0].costs.size < 15000
    assert w.progress["iteration"] == w.history[0].costs.size


def test_a_run_where_one_model_diverges_goes_on_and_says_so():
    def huge(shape, rng):
        return rng.randn(*shape) * 1e3

    w = TrainingWidget(X, Y, initializers=["he", huge], learning_rate=1.0, activation="leaky_relu", iterations=2000)
    w.start()
    w.wait(timeout=120)
    if w.history[1].diverged_at is None:
        pytest.fail("the huge initializer was expected to diverge at learning_rate 1")
    assert w.status == "done" and w.history[0].costs.size == 2000 and "huge" in w.notice


def test_close_ends_the_thread_also_when_paused():
    for state in (S.TRAINING, S.PAUSED):
        w = widget_in(state)
        t0 = time.perf_counter()
        w.close()
        took = time.perf_counter() - t0
        assert w.status == "closed" and trainer_threads() <= 1
        until(lambda: trainer_threads() == 0, "the thread to end", timeout=1)
        assert took < 2, f"close() took {took:.2f} s"  # it waits for one chunk (~10 ms), not the run
        done = w.history[0].costs.size
        time.sleep(0.05)
        assert w.history[0].costs.size == done < LONG


def test_a_widget_nobody_holds_is_collected_and_its_thread_ends():
    import comm
    from ipywidgets.widgets.widget import _instances

    w = widget_in(S.TRAINING)
    ref = weakref.ref(w)
    # the front end closes the comm, and the host keeps no registry of widgets: nothing else holds it
    comm.get_comm_manager().comm_close(None, None, {"content": {"comm_id": w.model_id}})
    _instances.pop(w.model_id)
    del w
    gc.collect()
    assert ref() is None, "the training thread must not keep the widget alive"
    until(lambda: trainer_threads() == 0, "the thread of the collected widget to end", timeout=1)


BAD = [None, "abc", float("nan"), float("inf"), -float("inf"), [], [3], {}, True, -5, -1e300, 10**30, 1e300, 10**400]


def test_malformed_messages_are_read_as_nothing_or_clamped():
    for bad in BAD:
        playhead = read_message({"type": "playhead", "iteration": bad}, 1000)
        assert playhead is None or 0 <= playhead.iteration <= 1000
        sync = read_message({"type": "sync", "run_id": bad, "iterations": bad, "frames": bad}, 1000)
        assert isinstance(sync, Sync) and sync.iterations >= 0 and sync.frames >= 0
        assert read_message({"type": "command", "action": bad}, 1000) is None
        assert read_message({"type": bad}, 1000) is None
        assert read_message(bad, 1000) is None
    assert read_message({"type": "playhead", "iteration": 10**30}, 1000) == Playhead(1000)
    assert read_message({"type": "playhead", "iteration": -3}, 1000) == Playhead(0)
    assert read_message({"type": "playhead", "iteration": 41.7}, 1000) == Playhead(41)
    assert read_message({"type": "playhead", "iteration": np.int64(7)}, 1000) == Playhead(7)
    assert read_message({"type": "command", "action": "stop"}, 1000) == Command("stop")


def test_malformed_messages_never_raise_and_never_store_an_out_of_range_playhead():
    w = TrainingWidget(X, Y, initializers=["he", "random"], iterations=300, grid_size=10)
    w.start()
    w.wait(timeout=60)
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, buffers))  # record replies instead of a comm
    for bad in BAD:
        for content in (
            {"type": "playhead", "iteration": bad},
            {"type": "sync", "run_id": 1, "iterations": bad},
            {"type": "sync", "run_id": bad, "iterations": 5, "frames": bad},
            {"type": bad},
            {"type": "command", "action": bad},
            bad,
            {"iteration": bad},
        ):
            w._on_message(w, content, [])
            assert 0 <= w.playhead <= 300
    assert w.status == "done"
    assert sent and all(c["type"] in ("delta", "ready") for c, _ in sent), "every sync still gets an answer"
    w.playhead = 10**30  # from Python too
    assert w.playhead == 300


def test_export_escapes_every_json_in_the_page(tmp_path):
    def evil(shape, rng):
        return rng.randn(*shape) * math.sqrt(2 / shape[1])

    evil.__name__ = "<!--<script>"
    w = TrainingWidget(X, Y, initializers=[evil, "he"], iterations=100)
    w.start()
    w.wait(timeout=60)
    page = export_html(w, tmp_path / "run.html").read_text(encoding="utf-8")
    for element in ("iw-state", "iw-esm"):
        start = page.index(f'id="{element}">') + len(f'id="{element}">')
        text = page[start : page.index("</script>", start)]
        assert "<" not in text and ">" not in text
        json.loads(text)
    state = json.loads(page[page.index('id="iw-state">') + 14 : page.index("</script>", page.index('id="iw-state">'))])
    assert state["traits"]["_setup"]["models"][0]["name"] == "<!--<script>"


def test_interrupt_main_pauses_a_consistent_run():
    """In-process stand-in for the kernel tests: an interrupted wait() pauses; the run so far is train()'s."""
    import _thread

    w = TrainingWidget(X, Y, initializers=["he", "random"], iterations=LONG, grid_size=10)
    w.start()
    until(lambda: w.history[0].costs.size > 0, "some training")
    timer = threading.Timer(0.05, _thread.interrupt_main)  # the run is far too long to end before it fires
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt, match="training paused at iteration"):
            w.wait(timeout=120)
    finally:
        timer.join()
    assert w.status == "paused" and trainer_threads() == 1
    w.stop()
    n = w.history[0].costs.size
    alone = train(X, Y, initializer=["he", "random"], iterations=n, grid_size=10)
    for a, b in zip(w.history, alone):
        assert np.array_equal(a.costs, b.costs)
        assert all(np.array_equal(a.parameters[k], b.parameters[k]) for k in b.parameters)
    w.close()


def test_a_refused_construction_opens_no_comm():
    """Options are checked before the widget opens its comm: a typo must not leave a widget behind."""
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    for bad in (dict(iterations=0), dict(duration="slow"), dict(initializers="kaiming"), dict(iteration=5)):
        with pytest.raises((ValueError, TypeError)):
            TrainingWidget(X, Y, **bad)
    assert set(_instances) == before

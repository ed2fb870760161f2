import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Session, type Model } from "../src/model/session";
import { bin, sameContent, setup } from "./fixtures";

/** A Backbone-like stand-in for the anywidget model. */
class FakeModel {
  attrs: Record<string, any>;
  handlers = new Map<string, Set<(...a: any[]) => void>>();
  sent: any[] = [];
  saves = 0;
  constructor(attrs: Record<string, any>) {
    this.attrs = { playhead: 0, speed: 1, duration: 10, loop: false, follow_live: true, show_test: false, log_scale: false, status: "idle", _archive: new DataView(new ArrayBuffer(0)), ...attrs };
  }
  get(k: string) {
    return this.attrs[k];
  }
  set(k: string, v: any) {
    const old = this.attrs[k];
    this.attrs[k] = v;
    if (old !== v) this.emit(`change:${k}`);
  }
  on(ev: string, fn: (...a: any[]) => void) {
    if (!this.handlers.has(ev)) this.handlers.set(ev, new Set());
    this.handlers.get(ev)!.add(fn);
  }
  off(ev: string, fn: (...a: any[]) => void) {
    this.handlers.get(ev)?.delete(fn);
  }
  emit(ev: string, ...args: any[]) {
    for (const fn of this.handlers.get(ev) ?? []) fn(...args);
  }
  send(msg: any) {
    this.sent.push(msg);
  }
  save_changes() {
    this.saves++;
  }
  delta(name: string) {
    const b = bin(name);
    this.emit("msg:custom", { type: "delta", run_id: 1 }, [new DataView(b.buffer, b.byteOffset, b.byteLength)]);
  }
  listeners() {
    let n = 0;
    for (const s of this.handlers.values()) n += s.size;
    return n;
  }
}

const make = (attrs: Record<string, any> = {}) => {
  const m = new FakeModel({ _setup: setup(), ...attrs });
  return { m, s: new Session(m as unknown as Model) };
};

describe("Session", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks the kernel for what it lacks on start", () => {
    const { m } = make();
    expect(m.sent).toEqual([{ type: "sync", run_id: 1, iterations: 0, frames: 0 }]);
  });

  it("loads the archive trait (saved notebook, no kernel) before syncing", () => {
    const b = bin("run_all");
    const { m, s } = make({ _archive: new DataView(b.buffer, b.byteOffset, b.byteLength) });
    expect(s.store.iterCount).toBe(600);
    expect(s.store.done).toBe(true);
    expect(m.sent[0]).toMatchObject({ type: "sync", iterations: 600, frames: 13 });
  });

  it("saves the completed run once in the archive trait, encoded after the last delta, never for a run reset meanwhile", async () => {
    // Real timers: the encoder yields with setTimeout between chunks and compresses with the platform's
    // CompressionStream, which no fake clock drives; the test waits for the encoding itself, not for a time.
    vi.useRealTimers();
    const { m, s } = make();
    for (const j of [0, 1, 2]) m.delta(`run_part${j}`);
    const encoding = s.archived;
    m.delta("run_all"); // a repeat of the completion starts no second encoding
    expect(s.archived).toBe(encoding);
    expect(m.get("_archive").byteLength).toBe(0); // not encoded in the message's own task
    await encoding;
    expect(m.saves).toBe(1);
    const again = make({ _archive: m.get("_archive") });
    expect(again.s.store.done).toBe(true);
    sameContent(again.s.store, s.store);

    const reset = make();
    reset.m.delta("run_all");
    const dropped = reset.s.archived;
    reset.m.set("_setup", { ...setup(), run_id: 2 });
    await dropped; // the encoding of run 1 has finished
    expect(reset.m.saves).toBe(0);
    expect(reset.m.get("_archive").byteLength).toBe(0);
  });

  it("appends deltas, and requests a sync on a gap", () => {
    const { m, s } = make();
    m.delta("run_part0");
    expect(s.store.iterCount).toBe(200);
    m.sent = [];
    vi.advanceTimersByTime(2000);
    m.delta("run_part2");
    expect(s.store.iterCount).toBe(200);
    expect(m.sent).toEqual([{ type: "sync", run_id: 1, iterations: 200, frames: 4 }]);
    m.delta("run_part1");
    m.delta("run_part2");
    expect(s.store.iterCount).toBe(600);
  });

  it("ignores deltas of another run and resets on a new run_id", () => {
    const { m, s } = make();
    m.emit("msg:custom", { type: "delta", run_id: 5 }, [new DataView(bin("run_part0").slice().buffer)]);
    expect(s.store.iterCount).toBe(0);
    m.delta("run_part0");
    m.sent = [];
    m.set("_setup", { ...setup(), run_id: 2 });
    expect(s.store.iterCount).toBe(0);
    expect(s.store.runId).toBe(2);
    expect(m.sent).toEqual([{ type: "sync", run_id: 2, iterations: 0, frames: 0 }]);
  });

  it("follows live data while training, not after a reload of a finished run", () => {
    const { m } = make({ status: "training" });
    m.delta("run_part0");
    expect(m.get("playhead")).toBe(199); // newest cost (iterations [0, 200))
    m.delta("run_part1");
    expect(m.get("playhead")).toBe(399);
    const other = make({ status: "done", playhead: 50 });
    other.m.delta("run_all");
    expect(other.m.get("playhead")).toBe(50);
  });

  it("scrubbing while training turns follow-live off", () => {
    const { m, s } = make({ status: "training" });
    m.delta("run_part0");
    s.scrubTo(100);
    expect(m.get("follow_live")).toBe(false);
    expect(m.get("playhead")).toBe(100);
    m.delta("run_part1");
    expect(m.get("playhead")).toBe(100);
  });

  it("plays back at the chosen speed and saves the playhead throttled", () => {
    const { m, s } = make({ status: "done" });
    m.delta("run_all");
    s.views = 1;
    s.play();
    expect(s.playing).toBe(true);
    vi.advanceTimersByTime(1000); // 600 iterations over 10 s at 1x: ~60 per second
    const ph = m.get("playhead");
    expect(ph).toBeGreaterThan(40);
    expect(ph).toBeLessThan(80);
    const sent = m.sent.filter((x) => x.type === "playhead");
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.length).toBeLessThan(20); // ~10/s, not every frame
    expect(sent[sent.length - 1].iteration).toBeLessThanOrEqual(ph);
    m.set("speed", 8);
    vi.advanceTimersByTime(2000);
    expect(m.get("playhead")).toBe(600); // reached the end and stopped
    expect(s.playing).toBe(false);
    expect(m.sent.filter((x) => x.type === "playhead").pop().iteration).toBe(600); // the last one is never dropped
  });

  it("plays again from the start when played (Replay, ▶) at the end of a finished run", () => {
    const { m, s } = make({ status: "done", follow_live: false });
    m.delta("run_all");
    s.views = 1;
    s.setPlayhead(600);
    s.play();
    expect(s.playhead).toBe(0); // shown at once, not on the next tick
    expect(m.get("playhead")).toBe(0);
    vi.advanceTimersByTime(1000); // 600 iterations in 10 s: ~60 after 1 s
    expect(s.playing).toBe(true);
    expect(m.get("playhead")).toBeGreaterThan(40);
    expect(m.get("playhead")).toBeLessThan(80);
    expect(m.sent.filter((x) => x.type === "playhead").pop().iteration).toBeLessThan(80);
  });

  it("one playhead: a value the kernel sets is where playback goes on from; its own mirror is not", () => {
    const { m, s } = make({ status: "done", follow_live: false });
    m.delta("run_all");
    s.views = 1;
    s.play();
    vi.advanceTimersByTime(500);
    m.set("playhead", 400); // e.g. `w.playhead = 400` in Python
    expect(s.playhead).toBe(400);
    vi.advanceTimersByTime(500);
    expect(m.get("playhead")).toBeGreaterThan(410);
    expect(m.get("playhead")).toBeLessThan(450);
    s.pause();
    m.set("playhead", 100);
    expect(s.playhead).toBe(100);
    s.scrubTo(250);
    expect([s.playhead, m.get("playhead")]).toEqual([250, 250]);
  });

  it("plays a starting run at its duration's pace while training runs ahead, unless following live", () => {
    const { m, s } = make({ follow_live: false });
    s.views = 1;
    m.set("status", "training");
    expect(s.playing).toBe(true);
    m.delta("run_all"); // training is far ahead of what has been shown
    vi.advanceTimersByTime(2000); // 600 iterations in 10 s: ~120 shown after 2 s
    expect(m.get("playhead")).toBeGreaterThan(80);
    expect(m.get("playhead")).toBeLessThan(160);
    m.set("status", "done");
    vi.advanceTimersByTime(9000);
    expect(m.get("playhead")).toBe(600);
    expect(s.playing).toBe(false);

    // a run trained before any view showed it (w.start(); w.wait(); then display, or a late host) plays when shown
    const late = make({ follow_live: false, status: "done" });
    const detach = late.s.attachView();
    expect(late.s.playing).toBe(false); // nothing to show yet
    late.m.delta("run_all");
    expect(late.s.playing).toBe(true);
    detach();
    expect(late.s.playing).toBe(false);
    // a saved playhead (reopened notebook, export) is left where it was
    const kept = make({ follow_live: false, status: "done", playhead: 300 });
    kept.s.attachView();
    kept.m.delta("run_all");
    expect(kept.s.playing).toBe(false);

    const live = make({ follow_live: true });
    live.s.views = 1;
    live.m.set("status", "training");
    expect(live.s.playing).toBe(false);
  });

  it("unticking a log scale the chart chose by itself asks for a redraw, though the trait stays false", () => {
    const { m, s } = make({ status: "done" });
    m.delta("run_all");
    let redraws = 0;
    s.scaleChanged.on(() => redraws++);
    expect(s.scaleChoice).toBeNull(); // the chart decides (log when the costs span a decade)
    s.setLogScale(false);
    expect([s.scaleChoice, m.get("log_scale"), redraws]).toEqual(["linear", false, 1]);
    s.setLogScale(true);
    expect([s.scaleChoice, m.get("log_scale"), redraws]).toEqual(["log", true, 2]);
    m.set("log_scale", false); // set from Python
    expect([s.scaleChoice, redraws]).toEqual(["linear", 3]);
  });

  it("sends training commands and cleans up its listeners", () => {
    const { m, s } = make();
    s.command("train");
    expect(m.sent.at(-1)).toEqual({ type: "command", action: "train" });
    expect(m.listeners()).toBeGreaterThan(0);
    s.dispose();
    expect(m.listeners()).toBe(0);
  });

  it("survives a model without a kernel (send throws)", () => {
    const m = new FakeModel({ _setup: setup() });
    m.send = () => {
      throw new Error("no comm");
    };
    expect(() => new Session(m as unknown as Model)).not.toThrow();
  });
});

describe("Session follow-live at the end of a run", () => {
  it("shows the last frame when the final delta arrives while training", () => {
    const { m } = make({ status: "training" });
    m.delta("run_part0");
    m.delta("run_part1");
    m.delta("run_part2"); // done=true
    expect(m.get("playhead")).toBe(600);
    m.set("status", "done");
    expect(m.get("playhead")).toBe(600);
  });
});

describe("Session without a kernel", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("is offline at once when the host says so (exported HTML)", () => {
    const { s } = make({ _offline: true });
    expect(s.offline).toBe(true);
  });

  it("goes offline when no kernel answers its sync, and back online when one does", () => {
    const { m, s } = make();
    const seen: boolean[] = [];
    s.offlineChanged.on(() => seen.push(s.offline));
    vi.advanceTimersByTime(1000);
    expect(s.offline).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(s.offline).toBe(true);
    m.emit("msg:custom", { type: "ready", run_id: 1 }, []);
    expect(s.offline).toBe(false);
    expect(seen).toEqual([true, false]);
  });

  it("stays online when the kernel answers in time", () => {
    const { m, s } = make();
    vi.advanceTimersByTime(500);
    m.delta("run_part0");
    vi.advanceTimersByTime(10_000);
    expect(s.offline).toBe(false);
  });
});

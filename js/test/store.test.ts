import { describe, expect, it, vi } from "vitest";
import { decodeBlob } from "../src/model/protocol";
import { grownCapacity, Store } from "../src/model/store";
import { bin, sameContent, setup } from "./fixtures";

const part = (j: number) => decodeBlob(bin(`run_part${j}`));
const all = () => decodeBlob(bin("run_all"));

describe("Store", () => {
  it("appends consecutive deltas to the same content as the whole run", () => {
    const s = new Store(setup());
    expect(s.append(part(0))).toBe("ok");
    expect(s.iterCount).toBe(200);
    expect(s.frameCount).toBe(4);
    expect(s.done).toBe(false);
    expect(s.append(part(1))).toBe("ok");
    expect(s.append(part(2))).toBe("ok");
    expect(s.done).toBe(true);
    const w = new Store(setup());
    w.append(all());
    sameContent(s, w);
    expect(s.maxIteration).toBe(600);
  });

  it("reports a gap without changing anything, then accepts the missing part", () => {
    const s = new Store(setup());
    s.append(part(0));
    const v = s.version;
    expect(s.append(part(2))).toBe("gap");
    expect(s.version).toBe(v);
    expect(s.iterCount).toBe(200);
    expect(s.append(part(1))).toBe("ok");
    expect(s.append(part(2))).toBe("ok");
    expect(s.iterCount).toBe(600);
  });

  it("skips parts already held (resync answer overlapping live deltas)", () => {
    const s = new Store(setup());
    s.append(part(0));
    s.append(part(1));
    expect(s.append(all())).toBe("ok"); // a sync answer holding everything
    const w = new Store(setup());
    w.append(all());
    sameContent(s, w);
    expect(s.append(part(1))).toBe("empty"); // a late duplicate is harmless
  });

  it("ignores blobs of another run", () => {
    const s = new Store({ ...setup(), run_id: 99 });
    expect(s.append(part(0))).toBe("stale");
    expect(s.iterCount).toBe(0);
    expect(new Store(null).append(part(0))).toBe("stale");
  });

  it("reset clears data and notifies", () => {
    const s = new Store(setup());
    s.append(all());
    const fn = vi.fn();
    s.changed.on(fn);
    s.reset({ ...setup(), run_id: 2 });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(s.iterCount).toBe(0);
    expect(s.frameCount).toBe(0);
    expect(s.frame(0, 0)).toBeNull();
    expect(s.stats[1].nonFinite).toBe(0);
  });

  it("grows beyond the announced size with amortized doubling", () => {
    const small = { ...setup(), iterations: 10, frame_iterations: [0] };
    const s = new Store(small);
    const before = s.costs[0].length;
    s.append(all());
    expect(s.iterCount).toBe(600);
    expect(s.costs[0].length).toBeGreaterThanOrEqual(600);
    expect(s.costs[0].length).toBeLessThan(2 * 600 + before);
    expect(grownCapacity(16, 17)).toBe(32);
    expect(grownCapacity(16, 1000)).toBe(1024);
    expect(grownCapacity(100, 50)).toBe(100);
  });

  it("tracks finite cost statistics and non-finite counts", () => {
    const s = new Store(setup());
    s.append(all());
    // model 1: inf at 0 and 1, NaN at 300
    expect(s.stats[1].nonFinite).toBe(3);
    expect(Number.isFinite(s.stats[1].max)).toBe(true);
    expect(s.stats[0].min).toBeCloseTo(0.693147, 5);
    expect(s.stats[0].max).toBeCloseTo(0.693147, 5);
    expect(s.cost(1, 0)).toBe(Infinity);
    expect(s.cost(2, 10_000)).toBe(s.costs[2][599]); // clamped to what is held
  });

  it("stores frames per model with row 0 at the bottom as sent", () => {
    const s = new Store(setup());
    const d = all();
    s.append(d);
    const G = 100;
    const f = 5;
    const k = 2;
    const off = (f * 3 + k) * G * G;
    expect(s.frame(k, f)).toEqual(d.frames!.subarray(off, off + G * G));
    expect(Array.from(s.frame(0, 3)!.subarray(0, 5))).toEqual([128, 128, 128, 128, 128]);
    expect(s.trainAcc[0][3]).toBeCloseTo(0.5);
  });

  it("holds accuracies without a grid", () => {
    const s = new Store({ run_id: 7, models: [{ name: "a", color: "#000" }, { name: "b", color: "#111" }], iterations: 5, frame_iterations: [0, 4], grid: null, points: null });
    expect(s.append(decodeBlob(bin("costs_only")))).toBe("ok");
    expect(s.frameCount).toBe(2);
    expect(s.frame(0, 0)).toBeNull();
    expect(s.trainAcc[0][1]).toBeCloseTo(0.75);
    expect(Number.isNaN(s.testAcc[0][1])).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  costRange, decimate, finiteRange, formatTick, iterationTick, logTicks, niceTicks, robustHigh, thinMarks, traceLine,
  yOf, type PlotArea,
} from "../src/model/chartmath";
import { accumulateStats, emptyStats } from "../src/model/store";

const statsOf = (vals: number[]) => {
  const s = emptyStats();
  accumulateStats(s, Float32Array.from(vals), 0, vals.length);
  return s;
};

describe("cost chart ranges", () => {
  it("ignores inf and NaN (never flattens the scale)", () => {
    const s = [statsOf([Infinity, 2, NaN, 0.5, -Infinity]), statsOf([0.7, 0.69])];
    const r = costRange(s, false)!;
    expect(r.lo).toBe(0);
    expect(r.hi).toBeGreaterThanOrEqual(2);
    expect(r.hi).toBeLessThan(3);
    expect(s[0].nonFinite).toBe(3);
  });

  it("returns null when nothing is finite", () => {
    expect(costRange([statsOf([Infinity, NaN])], false)).toBeNull();
    expect(costRange([], true)).toBeNull();
  });

  it("pads a flat line (zeros initialization)", () => {
    const r = costRange([statsOf([0.6931, 0.6931])], false)!;
    expect(r.hi).toBeGreaterThan(0.6931);
    expect(r.lo).toBeLessThanOrEqual(0);
  });

  it("log scale spans whole decades of the positive finite values", () => {
    const r = costRange([statsOf([Infinity, 0.05, 3, 0])], true)!;
    expect(r).toEqual({ lo: 0.01, hi: 10 });
    const flat = costRange([statsOf([0.5, 0.5])], true)!;
    expect(flat.hi).toBeGreaterThan(flat.lo);
  });

  it("finiteRange skips non-finite values", () => {
    expect(finiteRange([NaN, Infinity, 3, -1, -Infinity])).toEqual({ lo: -1, hi: 3 });
    expect(finiteRange([NaN])).toBeNull();
  });

  it("nice ticks cover the range with 1/2/5 steps", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 15000, 3)).toEqual([0, 5000, 10000, 15000]);
    const t = niceTicks(0.03, 0.91, 4);
    expect(t[0]).toBeLessThanOrEqual(0.03);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(0.91);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it("log ticks are powers of ten (with 2, 5 for short spans)", () => {
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.1, 1)).toEqual([0.1, 0.2, 0.5, 1]);
    expect(logTicks(0, 1)).toEqual([]);
  });

  it("maps values to pixels, NaN for undrawable ones", () => {
    const r = { lo: 0, hi: 2 };
    expect(yOf(2, r, false, 10, 100)).toBe(10);
    expect(yOf(0, r, false, 10, 100)).toBe(110);
    expect(yOf(Infinity, r, false, 10, 100)).toBeNaN();
    expect(yOf(0, { lo: 0.1, hi: 10 }, true, 0, 100)).toBeNaN();
    expect(yOf(1, { lo: 0.1, hi: 10 }, true, 0, 100)).toBeCloseTo(50);
  });

  it("formats ticks compactly", () => {
    expect(formatTick(0)).toBe("0");
    expect(formatTick(0.5)).toBe("0.5");
    expect(formatTick(1e-5)).toBe("1e-5");
  });
});

describe("decimate", () => {
  it("keeps min / max / first / last per column and flags non-finite", () => {
    const a = [5, 1, 3, Infinity, 2, 8, NaN, 4];
    const d = decimate(a, a.length, 8, 2);
    expect(Array.from(d.min)).toEqual([1, 2]);
    expect(Array.from(d.max)).toEqual([5, 8]);
    expect(Array.from(d.first)).toEqual([5, 2]);
    expect(Array.from(d.last)).toEqual([3, 4]);
    expect(Array.from(d.flag)).toEqual([3, 3]);
  });

  it("leaves columns beyond the data empty (a run still growing)", () => {
    const d = decimate([1, 2, 3, 4], 4, 100, 10);
    expect(d.flag[0]).toBe(1);
    expect(d.flag[5]).toBe(0);
    expect(Number.isNaN(d.min[5])).toBe(true);
  });

  it("keeps each column's exact first, last, lowest and highest cost of a long noisy run", () => {
    const a = Float32Array.from({ length: 15000 }, (_, i) => 0.5 + 0.4 * Math.sin(i * 0.37) * Math.exp(-i / 4000));
    const d = decimate(a, a.length, 15000, 1200);
    // 15000 iterations in 1200 columns: column c holds iterations [12.5 c, 12.5 (c + 1)), counted by hand
    for (const c of [0, 1, 599, 1199]) {
      const first = Math.ceil(12.5 * c);
      const col = Array.from(a.subarray(first, Math.ceil(12.5 * (c + 1))));
      expect([d.first[c], d.last[c], d.min[c], d.max[c]])
        .toEqual([col[0], col[col.length - 1], Math.min(...col), Math.max(...col)]);
    }
  });
});

describe("robustHigh", () => {
  it("lets an early spike go off the top instead of flattening the curves", () => {
    const spike = Float32Array.from({ length: 15000 }, (_, i) => (i < 100 ? 50 : 0.4));
    const flat = new Float32Array(15000).fill(0.69);
    const cap = robustHigh([spike, flat], [15000, 15000]);
    expect(cap).toBeGreaterThan(0.69);
    expect(cap).toBeLessThan(2);
    const s = [spike, flat].map((a) => statsOf(Array.from(a)));
    const r = costRange(s, false, cap)!;
    expect(r.hi).toBeLessThan(3);
  });
  it("does not cut a clean decreasing curve", () => {
    const a = Float32Array.from({ length: 1000 }, (_, i) => 0.9 * Math.exp(-i / 300) + 0.05);
    expect(robustHigh([a], [1000])).toBeGreaterThan(0.9);
  });
  it("ignores non-finite values", () => {
    expect(robustHigh([Float32Array.from([Infinity, NaN])], [2])).toBeNaN();
  });
});

describe("traceLine", () => {
  const area: PlotArea = { x: 0, y: 0, w: 100, h: 150, range: { lo: 0, hi: 1.5 }, log: false, dpr: 1 };
  const recorder = () => {
    const moves: string[] = [];
    return {
      moves,
      moveTo: (x: number, y: number) => moves.push(`M${x},${y}`),
      lineTo: (x: number, y: number) => moves.push(`L${x},${y}`),
    };
  };

  it("draws every point when they fit, lifts the pen over an infinite cost and marks it and one above the top", () => {
    const pen = recorder();
    const marks = traceLine(pen, [1, Infinity, 0.5, 2], 4, 4, 100, area);
    // x = i / 4 of 100 px; y = (1.5 - cost) / 1.5 of 150 px, so cost 1 -> 50, 0.5 -> 100, 2 -> -50
    expect(pen.moves).toEqual(["M0,50", "M50,100", "L75,-50"]);
    expect(thinMarks(marks)).toEqual([25, 75]);
  });

  it("draws a long run as each column's first, lowest, highest and last cost", () => {
    const pen = recorder();
    const a = [1.5, 0, 0.75, 1.5, /* column 1 */ 0.25, 0.25, NaN, 0.25];
    const marks = traceLine(pen, a, 8, 8, 2, { ...area, w: 2 });
    expect(pen.moves).toEqual(["M0.5,0", "L0.5,150", "L0.5,0", "L0.5,0", /* column 1 */ "L1.5,125", "L1.5,125",
      "L1.5,125", "L1.5,125"]);
    expect(marks).toEqual([1.5]); // the column holding the NaN
  });

  it("keeps marks at least 4 px apart, and labels long runs' iterations in thousands", () => {
    expect(thinMarks([0, 1, 3.9, 4, 7, 8.5])).toEqual([0, 4, 8.5]);
    expect([iterationTick(2500, 15000), iterationTick(0, 15000), iterationTick(1500, 2000)])
      .toEqual(["2.5k", "0", "1,500"]);
  });
});

import { describe, expect, it } from "vitest";
import { accuracies, bandOf, percentile, SeedBands, seedGroups, seedsText, stepSeed, stripRange } from "../src/model/seeds";
import type { ModelSpec } from "../src/model/protocol";

// what wire.setup_description sends for initializers ["zeros", "he"] with seeds=3 (zeros trained once)
const MODELS: ModelSpec[] = [
  { name: "zeros · every seed", label: "zeros · every seed", color: "#E69F00", initializer: "zeros", seeds: [0, 1, 2] },
  { name: "he · seed 0", label: "He √(2/n) · seed 0", color: "#009E73", initializer: "he", seeds: [0] },
  { name: "he · seed 1", label: "He √(2/n) · seed 1", color: "#009E73", initializer: "he", seeds: [1] },
  { name: "he · seed 2", label: "He √(2/n) · seed 2", color: "#009E73", initializer: "he", seeds: [2] },
];

describe("seed groups", () => {
  it("groups models by initializer, one entry per seed, shared rows repeated", () => {
    const g = seedGroups(MODELS)!;
    expect(g.map((x) => x.initializer)).toEqual(["zeros", "he"]);
    expect(g[0].entries).toEqual([0, 0, 0]);
    expect(g[1].entries).toEqual([1, 2, 3]);
    expect(g[1].seeds).toEqual([0, 1, 2]);
    expect(g[1].label).toBe("He √(2/n)");
  });

  it("a run without seeds has no groups", () => {
    expect(seedGroups([{ name: "he", label: "He √(2/n)", color: "#009E73" }])).toBeNull();
    expect(seedGroups([])).toBeNull();
  });

  it("says the seeds briefly", () => {
    expect(seedsText([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe("seeds 0–9");
    expect(seedsText([7, 1, 5])).toBe("seeds 1, 5, 7");
    expect(seedsText([3, 4])).toBe("seeds 3, 4");
  });
});

describe("spread statistics (numpy's linear percentiles, as engine/ensemble.py spread)", () => {
  it("percentiles interpolate like numpy", () => {
    // np.percentile([1, 2, 3, 4, 10], [10, 50, 90]) == [1.4, 3, 7.6]
    expect(percentile([1, 2, 3, 4, 10], 10)).toBeCloseTo(1.4, 12);
    expect(percentile([1, 2, 3, 4, 10], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 10], 90)).toBeCloseTo(7.6, 12);
    expect(percentile([], 50)).toBeNaN();
  });

  it("leaves non-finite costs out, as random ×10's inf at iteration 0", () => {
    const b = bandOf([Infinity, 1, 2, NaN, 3]);
    expect(b.low).toBeCloseTo(1.2, 12);
    expect(b.median).toBe(2);
    expect(b.high).toBeCloseTo(2.8, 12);
    expect(bandOf([NaN, Infinity]).median).toBeNaN();
  });

  it("bands over iterations grow with the costs and match a full recomputation", () => {
    const rows = 4;
    const n = 50;
    const costs = Array.from({ length: rows }, (_, r) => Float32Array.from({ length: n }, (_, i) => (r + 1) / (i + 1)));
    const groups = seedGroups(MODELS)!;
    const bands = new SeedBands(groups);
    expect(bands.update(costs, 20)).toBe(true);
    expect(bands.update(costs, 20)).toBe(false);
    bands.update(costs, n);
    expect(bands.iterCount).toBe(n);
    expect(bands.models).toBe(2);
    for (const i of [0, 19, 20, 49]) {
      const he = bandOf([costs[1][i], costs[2][i], costs[3][i]]);
      expect(bands.bands[1].median[i]).toBeCloseTo(he.median, 6);
      expect(bands.bands[1].low[i]).toBeCloseTo(he.low, 6);
      expect(bands.bands[1].high[i]).toBeCloseTo(he.high, 6);
      expect(bands.bands[0].median[i]).toBeCloseTo(costs[0][i], 6); // zeros: one model for every seed
    }
    // the axis covers the whole band, not only the median
    expect(bands.stats[1].max).toBeCloseTo(bandOf([2, 3, 4]).high, 6);
  });

  it("accuracies per seed at a frame, and none before the first frame", () => {
    const acc = [Float32Array.of(0.5, 0.6), Float32Array.of(0.5, 0.9), Float32Array.of(0.5, 0.8), Float32Array.of(0.5, 0.95)];
    const [zeros, he] = seedGroups(MODELS)!;
    expect(accuracies(acc, he, 1).map((v) => +v.toFixed(3))).toEqual([0.9, 0.8, 0.95]);
    expect(accuracies(acc, zeros, 1).map((v) => +v.toFixed(3))).toEqual([0.6, 0.6, 0.6]);
    expect(accuracies(acc, he, -1)).toEqual([]);
  });
});

describe("seed choice", () => {
  it("steps and wraps around", () => {
    expect(stepSeed(0, 5, 1)).toBe(1);
    expect(stepSeed(4, 5, 1)).toBe(0);
    expect(stepSeed(0, 5, -1)).toBe(4);
    expect(stepSeed(0, 0, 1)).toBe(0);
  });
});

describe("accuracy strip range", () => {
  it("starts at chance (50 %) unless a value lies below, then at the tenth under it", () => {
    expect(stripRange([0.6, 0.99])).toBe(0.5);
    expect(stripRange([0.43, 0.9])).toBe(0.4);
    expect(stripRange([0.4])).toBe(0.4);
    expect(stripRange([])).toBe(0.5);
  });
});

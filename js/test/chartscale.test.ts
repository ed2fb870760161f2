import { describe, expect, it } from "vitest";
import { chartScale } from "../src/model/chartscale";
import type { CostStats } from "../src/model/store";

const st = (min: number, max: number, infinite = 0): CostStats => ({ min, max, minPositive: min, nonFinite: infinite, infinite });
const course = [st(0.693, 0.6932), st(0.38, 14.2), st(0.064, 0.72)]; // zeros, random ×10, He
const labels = ["zeros", "random ×10", "He √(2/n)"];

describe("chartScale", () => {
  it("switches to log by itself when the costs span more than a decade, and says so", () => {
    const s = chartScale(course, null, labels, 1.1);
    expect(s.log).toBe(true);
    expect(s.auto).toBe(true);
    expect(s.note).toMatch(/log scale: costs span 0\.064 to 14/);
  });

  it("stays linear, silently, when the costs are close", () => {
    const s = chartScale([st(0.5, 0.7), st(0.3, 0.69)], null, labels);
    expect(s).toEqual({ log: false, auto: false, clipped: [], note: "" });
  });

  it("goes log exactly when the costs span more than a decade (max over smallest positive)", () => {
    expect(chartScale([st(0.1, 0.99)], null, labels).log).toBe(false); // 9.9 times
    expect(chartScale([st(0.1, 0.5), st(0.3, 0.99)], null, labels).log).toBe(false); // across models, still 9.9
    expect(chartScale([st(0.1, 1.01)], null, labels).log).toBe(true); // 10.1 times
    expect(chartScale([st(0.1, 0.5), st(0.3, 1.01)], null, labels).log).toBe(true);
  });

  it("on a linear axis the reader chose, names what goes off the top with its true maximum", () => {
    const s = chartScale(course, "linear", labels, 1.1);
    expect(s.log).toBe(false);
    expect(s.clipped).toEqual([{ model: 1, max: 14.2 }]);
    expect(s.note).toBe("random ×10 reaches 14 (▲ above the chart)");
  });

  it("a reader's log choice holds without a note", () => {
    const s = chartScale([st(0.5, 0.7)], "log", labels);
    expect(s.log && !s.auto && s.note === "").toBe(true);
  });

  it("names infinite costs (a saturated sigmoid) where they are drawn, and the span it gives is of the finite ones", () => {
    const withInf = [st(0.693, 0.6932), st(0.38, 52, 1), st(0.065, 0.72)]; // random ×10 at ∞ on iteration 0
    const auto = chartScale(withInf, null, labels, 1.1);
    expect(auto.note).toBe("log scale: finite costs span 0.065 to 52; ▼\u00a0random ×10: cost ∞ (saturated sigmoid)");
    expect(chartScale(withInf, "linear", labels, 1.1).note).toMatch(/reaches 52 \(▲ above the chart\); ▼\u00a0random ×10: cost ∞/);
    expect(chartScale(withInf, "log", labels).note).toBe("▼\u00a0random ×10: cost ∞ (saturated sigmoid)");
    expect(chartScale(course, null, labels, 1.1).note).not.toMatch(/∞|finite/);
  });

  it("no data: linear, nothing to say", () => {
    expect(chartScale([], null, []).log).toBe(false);
  });
});

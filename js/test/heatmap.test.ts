import { describe, expect, it } from "vitest";
import { contourSegments, frameToPixels } from "../src/view/heatmap";
import { describePanel, uniformNote } from "../src/view/panels";
import { formatAcc, formatCost, formatProgress } from "../src/model/format";

describe("contourSegments (marching squares at 0.5)", () => {
  it("finds no line in a constant field (zeros initialization)", () => {
    expect(contourSegments(new Uint8Array(16).fill(128), 4).length).toBe(0);
  });

  it("traces a vertical boundary at the interpolated column", () => {
    const G = 4;
    // columns: 0, 0, 255, 255 -> crossing halfway between column 1 and 2 (x = 1.5)
    const v = new Uint8Array(G * G);
    for (let r = 0; r < G; r++) for (let c = 0; c < G; c++) v[r * G + c] = c >= 2 ? 255 : 0;
    const s = contourSegments(v, G);
    expect(s.length / 4).toBe(G - 1); // one segment per row of cells
    for (let i = 0; i < s.length; i += 2) expect(s[i]).toBeCloseTo(1.5);
  });

  it("closes a ring around a single high point", () => {
    const G = 3;
    const v = new Uint8Array(G * G);
    v[4] = 255; // centre
    expect(contourSegments(v, G).length / 4).toBe(4);
  });
});

describe("frameToPixels", () => {
  it("flips rows (row 0 = bottom of the plot) through the LUT", () => {
    const lut = new Uint32Array(256).map((_, i) => i * 10);
    const frame = new Uint8Array([1, 2, 3, 4]); // row0 = [1,2] (bottom), row1 = [3,4] (top)
    const out = new Uint32Array(4);
    frameToPixels(frame, 2, lut, out);
    expect(Array.from(out)).toEqual([30, 40, 10, 20]);
  });
});

describe("read-out formatting", () => {
  it("cost", () => {
    expect(formatCost(Infinity)).toBe("∞");
    expect(formatCost(NaN)).toBe("NaN");
    expect(formatCost(0.6931471805)).toBe("0.693147");
    expect(formatCost(null)).toBe("—");
  });
  it("accuracy", () => {
    expect(formatAcc(0.99333333)).toBe("99.33 %");
    expect(formatAcc(NaN)).toBe("—");
  });
  it("progress", () => {
    expect(formatProgress({ iteration: 4200, total: 15000, rate: 12345.4 })).toBe("iteration 4,200 / 15,000 · 12,345 it/s");
    expect(formatProgress({ iteration: 0, total: 15000, rate: 0 })).toBe("iteration 0 / 15,000");
    expect(formatProgress(null)).toBe("");
  });
});

describe("panels explain themselves", () => {
  it("a uniform output says so, with the value", () => {
    expect(uniformNote(new Uint8Array(100).fill(128), "zeros")).toBe("output 0.5 everywhere: every unit is the same");
    expect(uniformNote(new Uint8Array([200, 201, 200]), "mine")).toBe("output 0.79 everywhere: the same answer for every point");
    expect(uniformNote(Uint8Array.from([0, 128, 255]), "zeros")).toBe("");
    expect(uniformNote(null, "zeros")).toBe("");
  });

  it("the canvas text alternative carries iteration, cost and accuracy", () => {
    const t = describePanel("He √(2/n)", "15,000", "0.0648187", "99.33 %", "96.00 %", "");
    expect(t).toBe("Decision boundary of He √(2/n) at iteration 15,000: cost 0.0648187, train accuracy 99.33 %, test 96.00 %");
    expect(describePanel("zeros", "0", "0.693", "50.00 %", "—", "output 0.5 everywhere")).toMatch(/train accuracy 50.00 %; output 0.5/);
  });
});

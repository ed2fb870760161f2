import { describe, expect, it } from "vitest";
import { fitLayout, GAP_EM, type LayoutInput } from "../src/model/layout";

const base: LayoutInput = { width: 1800, height: 850, panels: 3, aspect: 1, panelExtra: 70, chartExtra: 30, em: 13 };
const gap = GAP_EM * 13;

/** Height of the panel block + chart the layout asks for. */
function usedHeight(inp: LayoutInput, l = fitLayout(inp)): number {
  const rows = Math.ceil(inp.panels / l.columns);
  const panels = rows * (l.canvasH + inp.panelExtra) + (rows - 1) * gap;
  return l.mode === "wide" ? Math.max(panels, l.chartH + inp.chartExtra) : panels + gap + l.chartH + inp.chartExtra;
}

describe("fitLayout", () => {
  it("puts panels and chart side by side on a wide screen, all fitting the height", () => {
    for (const [w, h] of [[1800, 850], [1240, 470], [1300, 520], [1900, 600]]) {
      const inp = { ...base, width: w, height: h };
      const l = fitLayout(inp);
      expect(l.mode).toBe("wide");
      expect(l.panelsW + gap + l.chartW).toBeLessThanOrEqual(w + 1);
      expect(usedHeight(inp, l)).toBeLessThanOrEqual(h + 1);
      expect(l.chartW).toBeGreaterThanOrEqual(22 * 13 - 1);
    }
  });

  it("three panels in a row when the width allows", () => {
    expect(fitLayout(base).columns).toBe(3);
  });

  it("stacks the chart under the panels when narrow", () => {
    const inp = { ...base, width: 520, height: 900 };
    const l = fitLayout(inp);
    expect(l.mode).toBe("stacked");
    expect(l.chartW).toBe(520);
    expect(l.columns * l.canvasW).toBeLessThanOrEqual(520);
    expect(usedHeight(inp, l)).toBeLessThanOrEqual(900 + 1);
  });

  it("a narrow widget never makes columns too thin for the read-outs", () => {
    const l = fitLayout({ ...base, width: 424, height: 700 });
    expect(l.mode).toBe("stacked");
    expect(l.cellW).toBeGreaterThanOrEqual(12 * 13);
    expect(l.columns).toBeLessThanOrEqual(2);
  });

  it("eight panels share the rows so they still fit", () => {
    const inp = { ...base, panels: 8, width: 1800, height: 850 };
    const l = fitLayout(inp);
    expect(l.columns).toBeGreaterThan(1);
    expect(usedHeight(inp, l)).toBeLessThanOrEqual(851);
  });

  it("never shrinks a panel below a useful size: the page scrolls instead", () => {
    const l = fitLayout({ ...base, height: 120 });
    expect(l.canvasW).toBeGreaterThanOrEqual(8 * 13);
  });

  it("an unknown height lays out by width alone, capped", () => {
    const l = fitLayout({ ...base, height: NaN, width: 4000 });
    expect(l.canvasW).toBeLessThanOrEqual(44 * 13);
    expect(Number.isFinite(l.chartH)).toBe(true);
  });

  it("short on height, side by side still beats stacking (a lecture step on a 720 px projector)", () => {
    const l = fitLayout({ ...base, panels: 1, width: 1230, height: 300, panelExtra: 150, chartExtra: 60, em: 19.5 });
    expect(l.mode).toBe("wide");
    expect(l.canvasH + 150).toBeLessThanOrEqual(300 + 8 * 19.5);
    expect(l.cellW).toBeGreaterThanOrEqual(12 * 19.5 - 1); // room for the read-outs, canvas centred
    expect(l.cellW).toBeGreaterThanOrEqual(l.canvasW);
  });

  it("keeps the panels' aspect", () => {
    const l = fitLayout({ ...base, aspect: 0.8 });
    expect(Math.abs(l.canvasH - 0.8 * l.canvasW)).toBeLessThanOrEqual(1);
  });
});

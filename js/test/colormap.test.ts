import { describe, expect, it } from "vitest";
import { buildColors, hexToRgb, labToRgb, lightness, lut, rgbToLab, CLASS_COLORS, type Theme } from "../src/view/colormap";

const unpack = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];

describe("colour maps", () => {
  for (const theme of ["light", "dark"] as Theme[]) {
    describe(theme, () => {
      const cols = buildColors(theme);
      const L = cols.map(lightness);

      it("has 256 entries, opaque LUT", () => {
        const t = lut(theme);
        expect(t.length).toBe(256);
        expect(t).toBe(lut(theme)); // built once
        for (let i = 0; i < 256; i++) {
          const [r, g, b, a] = unpack(t[i]); // little-endian RGBA
          expect(a).toBe(255);
          expect([r, g, b]).toEqual(cols[i]);
        }
      });

      it("is monotone in lightness on each side of the centre", () => {
        const tol = 0.35; // rounding to 8-bit sRGB
        for (let i = 1; i <= 127; i++) {
          if (theme === "light") expect(L[i]).toBeGreaterThanOrEqual(L[i - 1] - tol);
          else expect(L[i]).toBeLessThanOrEqual(L[i - 1] + tol);
        }
        for (let i = 129; i < 256; i++) {
          if (theme === "light") expect(L[i]).toBeLessThanOrEqual(L[i - 1] + tol);
          else expect(L[i]).toBeGreaterThanOrEqual(L[i - 1] - tol);
        }
        // And clearly so overall.
        const mid = (L[127] + L[128]) / 2;
        if (theme === "light") {
          expect(mid - L[0]).toBeGreaterThan(30);
          expect(mid - L[255]).toBeGreaterThan(30);
        } else {
          expect(L[0] - mid).toBeGreaterThan(30);
          expect(L[255] - mid).toBeGreaterThan(30);
        }
      });

      it("goes red (class 0) to blue (class 1) through a neutral centre", () => {
        const [r0, , b0] = cols[0];
        const [r1, , b1] = cols[255];
        expect(r0).toBeGreaterThan(b0 + 60);
        expect(b1).toBeGreaterThan(r1 + 60);
        const [, a, b] = rgbToLab(cols[128]);
        expect(Math.hypot(a, b)).toBeLessThan(6);
        // both ends about equally light (a fair, symmetric diverging map)
        expect(Math.abs(L[0] - L[255])).toBeLessThan(8);
      });

      it("class colours of the points share the ends' hues", () => {
        const [c0, c1] = CLASS_COLORS[theme].map(hexToRgb);
        expect(c0[0]).toBeGreaterThan(c0[2]);
        expect(c1[2]).toBeGreaterThan(c1[0]);
      });
    });
  }

  it("dark map has a dark centre, light map a light one", () => {
    expect(lightness(buildColors("dark")[128])).toBeLessThan(25);
    expect(lightness(buildColors("light")[128])).toBeGreaterThan(90);
  });

  it("Lab conversion round-trips", () => {
    for (const hex of ["#000000", "#ffffff", "#d6604d", "#4393c3", "#262626"]) {
      const rgb = hexToRgb(hex);
      const back = labToRgb(rgbToLab(rgb));
      back.forEach((v, i) => expect(Math.abs(v - rgb[i])).toBeLessThanOrEqual(1));
    }
  });
});

/**
 * Diverging colour maps for the decision boundary, built once as 256-entry RGBA lookup tables.
 * Light theme: ColorBrewer RdBu (colour-blind safe), light-centred; dark theme: a dark-centred
 * red/blue map. Interpolated in CIELAB so lightness is monotone on each side of the centre.
 * Byte 0 (class 0, output 0) is red, byte 255 (class 1) is blue.
 */

export type Theme = "light" | "dark";
export type RGB = [number, number, number];
type Lab = [number, number, number];

export function hexToRgb(hex: string): RGB {
  let h = hex.trim().replace(/^#/, "");
  if (h.length === 3) h = h.split("").map((c) => c + c).join("");
  const n = parseInt(h.slice(0, 6), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function rgbToHex([r, g, b]: RGB): string {
  return "#" + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
}

const toLinear = (c: number) => {
  c /= 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (c: number) => {
  const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.max(0, Math.min(255, Math.round(v * 255)));
};
// D65 white
const XN = 0.95047, YN = 1.0, ZN = 1.08883;
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
const finv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));

export function rgbToLab([r, g, b]: RGB): Lab {
  const R = toLinear(r), G = toLinear(g), B = toLinear(b);
  const X = 0.4124 * R + 0.3576 * G + 0.1805 * B;
  const Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const Z = 0.0193 * R + 0.1192 * G + 0.9505 * B;
  const fx = f(X / XN), fy = f(Y / YN), fz = f(Z / ZN);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

export function labToRgb([L, a, b]: Lab): RGB {
  const fy = (L + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
  const X = XN * finv(fx), Y = YN * finv(fy), Z = ZN * finv(fz);
  const R = 3.2406 * X - 1.5372 * Y - 0.4986 * Z;
  const G = -0.9689 * X + 1.8758 * Y + 0.0415 * Z;
  const B = 0.0557 * X - 0.204 * Y + 1.057 * Z;
  return [fromLinear(R), fromLinear(G), fromLinear(B)];
}

/** CIELAB lightness L* of an sRGB colour (0..100). */
export const lightness = (rgb: RGB): number => rgbToLab(rgb)[0];

/** Colour stops (position 0..1, hex). Ends are a step lighter than the class colours of the points. */
export const STOPS: Record<Theme, [number, string][]> = {
  // ColorBrewer RdBu, inner 7 of 11 classes.
  light: [
    [0, "#df7b62"],
    [0.2, "#f4a582"],
    [0.38, "#fddbc7"],
    [0.5, "#f7f7f7"],
    [0.62, "#d1e5f0"],
    [0.8, "#92c5de"],
    [1, "#5fa3d0"],
  ],
  // Dark-centred: same hues, lightness rising from a near-background centre to the ends.
  dark: [
    [0, "#e0775f"],
    [0.22, "#a9493b"],
    [0.5, "#262626"],
    [0.78, "#2f6a93"],
    [1, "#5aa5d6"],
  ],
};

/** Colours of the training / test points of class 0 and 1, per theme (match the map's ends). */
export const CLASS_COLORS: Record<Theme, [string, string]> = {
  light: ["#b2182b", "#2166ac"],
  dark: ["#fdb99b", "#a6d3ec"],
};

/** Outline drawn around points so they stand out on any part of the map. */
export const POINT_OUTLINE: Record<Theme, string> = { light: "#ffffff", dark: "#111111" };

/** The 0.5 iso-line. */
export const CONTOUR_COLOR: Record<Theme, string> = { light: "rgba(20,20,20,0.85)", dark: "rgba(245,245,245,0.9)" };

/** Sample the map at t in [0, 1]. */
export function sample(stops: [number, string][], t: number): RGB {
  const labs = stops.map(([p, h]) => [p, rgbToLab(hexToRgb(h))] as [number, Lab]);
  return sampleLab(labs, t);
}

function sampleLab(labs: [number, Lab][], t: number): RGB {
  t = Math.max(0, Math.min(1, t));
  let i = 0;
  while (i < labs.length - 2 && t > labs[i + 1][0]) i++;
  const [p0, a] = labs[i];
  const [p1, b] = labs[i + 1];
  const u = p1 > p0 ? (t - p0) / (p1 - p0) : 0;
  return labToRgb([a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u]);
}

/** 256 RGB triples of a theme's map. */
export function buildColors(theme: Theme): RGB[] {
  const labs = STOPS[theme].map(([p, h]) => [p, rgbToLab(hexToRgb(h))] as [number, Lab]);
  const out: RGB[] = [];
  for (let i = 0; i < 256; i++) out.push(sampleLab(labs, i / 255));
  return out;
}

const cache = new Map<Theme, Uint32Array>();

/** 256-entry LUT of packed RGBA (platform byte order, for a Uint32Array view of ImageData). Cached. */
export function lut(theme: Theme): Uint32Array {
  let t = cache.get(theme);
  if (!t) {
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    t = new Uint32Array(256);
    buildColors(theme).forEach(([r, g, b], i) => {
      t![i] = le ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
    });
    cache.set(theme, t);
  }
  return t;
}

/** CSS gradient of a theme's map (for the legend bar). */
export function cssGradient(theme: Theme, steps = 9): string {
  const cols = buildColors(theme);
  const parts: string[] = [];
  for (let i = 0; i < steps; i++) {
    const j = Math.round((i / (steps - 1)) * 255);
    parts.push(`${rgbToHex(cols[j])} ${((i / (steps - 1)) * 100).toFixed(1)}%`);
  }
  return `linear-gradient(90deg, ${parts.join(", ")})`;
}

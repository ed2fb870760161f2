/**
 * The cost chart's arithmetic, without a canvas: the y-range from the run's statistics, a robust top
 * for a linear axis, nice and log ticks and their labels, value -> pixel, decimation to pixel columns,
 * the path of one line (drawn through any `Pen`: a canvas context, or a recorder in a test) and where
 * its off-chart marks go. view/costchart.ts, costband.ts and costlabels.ts draw with it.
 */
import { formatInt } from "./format";
import type { Band } from "./seeds";
import type { CostStats, Store } from "./store";

/** What the chart draws: the store's lines, or a seeds= run's medians with their bands (model/seeds.ts). */
export type CostSource = Pick<Store, "version" | "setup" | "stats" | "models" | "iterCount" | "costs"> & { bands?: Band[] };

export interface Range {
  lo: number;
  hi: number;
}

/** y-range over finite costs only (positive ones on a log scale); null if nothing is drawable. */
export function costRange(stats: CostStats[], log: boolean, cap = Infinity): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of stats) {
    const a = log ? s.minPositive : s.min;
    if (a < lo) lo = a;
    if (s.max > hi) hi = s.max;
  }
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (log) {
    if (hi <= 0) return null;
    let l = Math.floor(Math.log10(lo));
    let h = Math.ceil(Math.log10(hi));
    if (h <= l) h = l + 1;
    return { lo: 10 ** l, hi: 10 ** h };
  }
  lo = Math.min(0, lo);
  if (cap > lo && cap < hi) hi = cap;
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    hi += pad;
    if (lo < 0) lo -= pad;
  }
  const ticks = niceTicks(lo, hi, 5);
  return { lo: Math.min(lo, ticks[0]), hi: Math.max(hi, ticks[ticks.length - 1]) };
}

/**
 * A robust top for a linear axis: the q-quantile of finite values (sampled, at most `samples` per
 * series) times `factor`. Early spikes (random x10 initialization) then go off the top instead of
 * flattening the rest of the curves.
 */
export function robustHigh(series: ArrayLike<number>[], counts: number[], q = 0.99, factor = 1.5, samples = 4000): number {
  const vals: number[] = [];
  series.forEach((a, k) => {
    const n = counts[k] ?? a.length;
    const stride = Math.max(1, Math.floor(n / samples));
    for (let i = 0; i < n; i += stride) if (Number.isFinite(a[i])) vals.push(a[i]);
  });
  if (!vals.length) return NaN;
  vals.sort((x, y) => x - y);
  return vals[Math.min(vals.length - 1, Math.floor(q * (vals.length - 1)))] * factor;
}

/** Finite min / max of the first n values (for tests and ad-hoc use). */
export function finiteRange(a: ArrayLike<number>, n = a.length): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? { lo, hi } : null;
}

/** "Nice" ticks covering [lo, hi], about `count` of them (step 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const stepM = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  const step = stepM * mag;
  const start = Math.floor(lo / step + 1e-9) * step;
  const out: number[] = [];
  for (let v = start; v <= hi + step * 0.5 + 1e-12; v += step) {
    const r = Math.round(v / step) * step;
    out.push(Math.abs(r) < step * 1e-9 ? 0 : +r.toPrecision(12));
    if (out.length > 50) break;
  }
  // Cover hi.
  if (out[out.length - 1] < hi) out.push(+(out[out.length - 1] + step).toPrecision(12));
  return out;
}

/** Ticks for a log axis over [lo, hi] (powers of ten; 2 and 5 multiples when the span is short). */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const out: number[] = [];
  const mults = b - a <= 2 ? [1, 2, 5] : [1];
  for (let e = a; e <= b; e++)
    for (const m of mults) {
      const v = +(m * 10 ** e).toPrecision(12);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  return out;
}

/** Short label for a tick value. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace("e+", "e");
  return String(+v.toPrecision(4));
}


/** Map a value to y pixel (top = hi). Returns NaN for values not drawable on the scale. */
export function yOf(v: number, r: Range, log: boolean, top: number, height: number): number {
  if (!Number.isFinite(v)) return NaN;
  if (log) {
    if (v <= 0) return NaN;
    const l0 = Math.log10(r.lo);
    const l1 = Math.log10(r.hi);
    return top + ((l1 - Math.log10(v)) / (l1 - l0)) * height;
  }
  return top + ((r.hi - v) / (r.hi - r.lo)) * height;
}

export interface Decimated {
  /** Per column: min, max, first, last value (NaN where the column has no finite value). */
  min: Float32Array;
  max: Float32Array;
  first: Float32Array;
  last: Float32Array;
  /** Per column: 1 when it has a value at all, 2 when it (also) has an infinite / NaN one. */
  flag: Uint8Array;
}

/**
 * Reduce the first n costs to `columns` pixel columns, x = i / total * columns. Keeps each column's
 * min / max / first / last finite value so the drawn envelope equals the full-resolution line.
 */
export function decimate(a: ArrayLike<number>, n: number, total: number, columns: number, log = false): Decimated {
  const W = Math.max(1, columns | 0);
  const d: Decimated = {
    min: new Float32Array(W).fill(NaN),
    max: new Float32Array(W).fill(NaN),
    first: new Float32Array(W).fill(NaN),
    last: new Float32Array(W).fill(NaN),
    flag: new Uint8Array(W),
  };
  const scale = W / Math.max(1, total);
  for (let i = 0; i < n; i++) {
    const c = Math.min(W - 1, Math.floor(i * scale));
    const v = a[i];
    if (!Number.isFinite(v) || (log && v <= 0)) {
      d.flag[c] |= 2;
      continue;
    }
    d.flag[c] |= 1;
    if (d.first[c] !== d.first[c]) {
      d.first[c] = v;
      d.min[c] = v;
      d.max[c] = v;
    } else {
      if (v < d.min[c]) d.min[c] = v;
      if (v > d.max[c]) d.max[c] = v;
    }
    d.last[c] = v;
  }
  return d;
}

export interface ChartColors {
  text: string;
  grid: string;
  axis: string;
  playhead: string;
  bg: string;
  font: string;
}

/** Pixel margins of the plot area (CSS px, multiplied by the font scale); the left one holds the "cost" label. */
export function chartMargins(em: number) {
  return { left: 4.6 * em, right: 0.9 * em, top: 0.8 * em, bottom: 1.9 * em };
}

/** One dash pattern per model (in line widths), so lines stay apart without colour: solid, dashed, dotted, … */
export const DASHES: readonly (readonly number[])[] = [[], [4, 2], [1, 1.6], [5, 1.6, 1, 1.6], [2.5, 2.5], [7, 2, 1, 2, 1, 2], [0.6, 2.4], [3, 1.5, 3, 4]];
export const dashFor = (k: number): readonly number[] => DASHES[k % DASHES.length];

/** Width of a cost line (CSS px), also used by the legend's samples. */
export const LINE_WIDTH = 2;


/** The plot rectangle (CSS px) with its scale: what a line or a band is drawn into. */
export interface PlotArea {
  x: number;
  y: number;
  w: number;
  h: number;
  range: Range;
  log: boolean;
  /** Device pixels per CSS px: lines are traced in device pixel columns. */
  dpr: number;
}

/** Where a path goes: a canvas context is one, a test records one. */
export interface Pen {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/** An x-axis label: iterations in thousands on a long run ("2.5k"), else the whole number ("1,500"). */
export const iterationTick = (v: number, total: number): string =>
  total >= 5000 && v > 0 ? `${+(v / 1000).toPrecision(4)}k` : formatInt(v);

/**
 * Trace the first n costs of one line (x = i / total) onto `pen`: every point when they fit the
 * `cols` device pixel columns, else each column's first, min, max and last value (the envelope of the
 * full-resolution line). The pen lifts over costs that cannot be drawn. Returns the x of each mark
 * due on the top edge: an infinite or NaN cost, or one above the top of the axis.
 */
export function traceLine(
  pen: Pen, a: ArrayLike<number>, n: number, total: number, cols: number, p: PlotArea,
): number[] {
  const y = (v: number) => yOf(v, p.range, p.log, p.y, p.h);
  const marks: number[] = [];
  let down = false;
  if (n <= cols) {
    for (let i = 0; i < n; i++) {
      const x = p.x + (i / total) * p.w;
      const yi = y(a[i]);
      if (a[i] > p.range.hi) marks.push(x);
      if (yi !== yi) {
        if (!Number.isFinite(a[i])) marks.push(x);
        down = false;
        continue;
      }
      if (down) pen.lineTo(x, yi);
      else pen.moveTo(x, yi);
      down = true;
    }
    return marks;
  }
  const d = decimate(a, n, total, cols, p.log);
  for (let c = 0; c < cols; c++) {
    const x = p.x + (c + 0.5) / p.dpr;
    if (d.flag[c] & 2) marks.push(x);
    if (!(d.flag[c] & 1)) {
      if (d.flag[c] & 2) down = false;
      continue;
    }
    if (d.max[c] > p.range.hi) marks.push(x); // off the top of a linear axis: marked, named in the note
    if (down) pen.lineTo(x, y(d.first[c]));
    else pen.moveTo(x, y(d.first[c]));
    pen.lineTo(x, y(d.min[c]));
    pen.lineTo(x, y(d.max[c]));
    pen.lineTo(x, y(d.last[c]));
    down = !(d.flag[c] & 2);
  }
  return marks;
}

/** The marks worth drawing: the first of any that come closer than `gap` px to the last one kept. */
export function thinMarks(xs: number[], gap = 4): number[] {
  const out: number[] = [];
  for (const x of xs) if (!out.length || x - out[out.length - 1] >= gap) out.push(x);
  return out;
}

/**
 * The shared cost chart: one line per model (x = iteration, y = cost), linear or log scale,
 * decimated to min/max per pixel column, infinite / NaN costs as markers on the top edge (an
 * infinite one labelled where it is drawn), a playhead line. Range and tick helpers are pure functions (tested without a DOM).
 */
import { sizeCanvases } from "./dom";
import { formatInt } from "../model/format";
import type { Band } from "../model/seeds";
import type { CostStats, Store } from "../model/store";
import { fillBand } from "./costband";
import { labelInfinite } from "./costlabels";

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

/** Draws the chart into a canvas; caches the lines layer and only recomposes for playhead moves. */
export class CostChart {
  private base: HTMLCanvasElement;
  private baseKey = "";
  cssW = 0;
  cssH = 0;
  dpr = 1;
  em = 13;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.base = document.createElement("canvas");
  }

  resize(cssW: number, cssH: number, dpr: number, em: number): void {
    this.cssW = Math.max(50, Math.floor(cssW));
    this.cssH = Math.max(60, Math.floor(cssH));
    this.dpr = dpr;
    this.em = em;
    sizeCanvases([this.canvas, this.base], this.cssW, this.cssH, dpr);
    this.canvas.style.height = `${this.cssH}px`;
  }

  /** Plot rectangle in CSS px. */
  plot() {
    const m = chartMargins(this.em);
    return { x: m.left, y: m.top, w: Math.max(10, this.cssW - m.left - m.right), h: Math.max(10, this.cssH - m.top - m.bottom) };
  }

  /** Iteration under a CSS x coordinate relative to the canvas. */
  iterationAt(x: number, total: number): number {
    const p = this.plot();
    return ((x - p.x) / p.w) * total;
  }

  /** Draw the lines (cached until the data, size, scale or colours change) and the playhead; `cap` tops a linear axis. */
  draw(store: CostSource, colors: string[], log: boolean, cap: number, playhead: number, c: ChartColors): void {
    const total = Math.max(1, store.setup?.iterations ?? 1);
    const key = [store.version, this.canvas.width, this.canvas.height, log, cap, c.text, c.grid, c.bg, c.font, colors.join()].join("|");
    if (key !== this.baseKey) {
      this.drawBase(store, colors, log, cap, total, c);
      this.baseKey = key;
    }
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.base, 0, 0);
    const p = this.plot();
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const x = p.x + (Math.max(0, Math.min(playhead, total)) / total) * p.w;
    ctx.strokeStyle = c.playhead;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(Math.round(x * this.dpr) / this.dpr + 0.5 / this.dpr, p.y);
    ctx.lineTo(Math.round(x * this.dpr) / this.dpr + 0.5 / this.dpr, p.y + p.h);
    ctx.stroke();
    // Handle.
    ctx.fillStyle = c.playhead;
    ctx.beginPath();
    ctx.moveTo(x - 5, p.y + p.h + 1);
    ctx.lineTo(x + 5, p.y + p.h + 1);
    ctx.lineTo(x, p.y + p.h - 5);
    ctx.closePath();
    ctx.fill();
  }

  private drawBase(store: CostSource, colors: string[], log: boolean, cap: number, total: number, c: ChartColors): void {
    const ctx = this.base.getContext("2d");
    if (!ctx) return;
    const dpr = this.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.base.width, this.base.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const p = this.plot();
    const r = costRange(store.stats, log, log ? Infinity : cap) ?? (log ? { lo: 0.01, hi: 1 } : { lo: 0, hi: 1 });
    ctx.font = c.font;
    ctx.textBaseline = "middle";

    // Grid + y labels.
    const yt = log ? logTicks(r.lo, r.hi) : niceTicks(r.lo, r.hi, Math.max(2, Math.round(p.h / (2.2 * this.em))));
    ctx.lineWidth = 1;
    ctx.strokeStyle = c.grid;
    ctx.fillStyle = c.text;
    ctx.textAlign = "right";
    for (const v of yt) {
      const y = yOf(v, r, log, p.y, p.h);
      if (!(y >= p.y - 0.5 && y <= p.y + p.h + 0.5)) continue;
      const yy = Math.round(y * dpr) / dpr + 0.5 / dpr;
      ctx.beginPath();
      ctx.moveTo(p.x, yy);
      ctx.lineTo(p.x + p.w, yy);
      ctx.stroke();
      ctx.fillText(formatTick(v), p.x - 0.4 * this.em, y);
    }
    // x ticks.
    const xt = niceTicks(0, total, Math.max(2, Math.round(p.w / (5.5 * this.em))));
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const v of xt) {
      if (v > total) continue;
      const x = p.x + (v / total) * p.w;
      ctx.strokeStyle = c.grid;
      ctx.beginPath();
      ctx.moveTo(Math.round(x * dpr) / dpr + 0.5 / dpr, p.y);
      ctx.lineTo(Math.round(x * dpr) / dpr + 0.5 / dpr, p.y + p.h);
      ctx.stroke();
      const label = total >= 5000 && v > 0 ? `${+(v / 1000).toPrecision(4)}k` : formatInt(v);
      const half = ctx.measureText(label).width / 2;
      const lx = Math.min(Math.max(x, half + 1), this.cssW - half - 1);
      ctx.fillText(label, lx, p.y + p.h + 0.35 * this.em);
    }
    // Axis label.
    ctx.save();
    ctx.translate(0.75 * this.em, p.y + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(log ? "cost (log scale)" : "cost", 0, 0);
    ctx.restore();
    // Axis lines.
    ctx.strokeStyle = c.axis;
    ctx.beginPath();
    ctx.moveTo(p.x + 0.5, p.y);
    ctx.lineTo(p.x + 0.5, p.y + p.h + 0.5);
    ctx.lineTo(p.x + p.w, p.y + p.h + 0.5);
    ctx.stroke();

    // Lines, in device pixel columns.
    const cols = Math.max(1, Math.round(p.w * dpr));
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y - 2, p.w, p.h + 4);
    ctx.clip();
    ctx.lineJoin = "round";
    ctx.lineWidth = LINE_WIDTH;
    store.bands?.forEach((b, k) => fillBand(ctx, b, store.iterCount, total, cols, { ...p, range: r, log, dpr }, colors[k] ?? "#888"));
    for (let k = 0; k < store.models; k++) {
      const n = store.iterCount;
      const a = store.costs[k];
      const color = colors[k] ?? "#888";
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.setLineDash(dashFor(k).map((d) => d * LINE_WIDTH));
      const markers: number[] = [];
      ctx.beginPath();
      let pen = false;
      if (n <= cols) {
        for (let i = 0; i < n; i++) {
          const x = p.x + (i / total) * p.w;
          const y = yOf(a[i], r, log, p.y, p.h);
          if (a[i] > r.hi) markers.push(x);
          if (y !== y) {
            if (!Number.isFinite(a[i])) markers.push(x);
            pen = false;
            continue;
          }
          if (pen) ctx.lineTo(x, y);
          else ctx.moveTo(x, y);
          pen = true;
        }
      } else {
        const d = decimate(a, n, total, cols, log);
        for (let c2 = 0; c2 < cols; c2++) {
          const x = p.x + (c2 + 0.5) / dpr;
          if (d.flag[c2] & 2) markers.push(x);
          if (!(d.flag[c2] & 1)) {
            if (d.flag[c2] & 2) pen = false;
            continue;
          }
          if (d.max[c2] > r.hi) markers.push(x); // off the top of a linear axis: marked, named in the note
          const yf = yOf(d.first[c2], r, log, p.y, p.h);
          if (pen) ctx.lineTo(x, yf);
          else ctx.moveTo(x, yf);
          ctx.lineTo(x, yOf(d.min[c2], r, log, p.y, p.h));
          ctx.lineTo(x, yOf(d.max[c2], r, log, p.y, p.h));
          ctx.lineTo(x, yOf(d.last[c2], r, log, p.y, p.h));
          pen = !(d.flag[c2] & 2);
        }
      }
      ctx.stroke();
      ctx.setLineDash([]);
      // Off-chart markers (inf / NaN, above the top), thinned to one per ~4 px.
      let lastX = -Infinity;
      for (const x of markers) {
        if (x - lastX < 4) continue;
        lastX = x;
        ctx.beginPath();
        ctx.moveTo(x - 4, p.y);
        ctx.lineTo(x + 4, p.y);
        ctx.lineTo(x, p.y + 6);
        ctx.closePath();
        ctx.fill();
      }
    }
    ctx.restore();
    labelInfinite(ctx, store, colors, total, c, this.plot(), this.em);
  }
}

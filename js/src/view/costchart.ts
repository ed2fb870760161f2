/**
 * The shared cost chart: one line per model (x = iteration, y = cost), linear or log scale,
 * decimated to min/max per pixel column, infinite / NaN costs as markers on the top edge (an
 * infinite one labelled where it is drawn), a playhead line. The arithmetic (range, ticks, decimation, the
 * path of a line) is model/chartmath.ts, tested without a DOM; this file only paints.
 */
import { sizeCanvases } from "./dom";
import {
  chartMargins, costRange, dashFor, formatTick, iterationTick, LINE_WIDTH, logTicks, niceTicks, thinMarks, traceLine,
  yOf, type ChartColors, type CostSource, type PlotArea,
} from "../model/chartmath";
import { fillBand } from "./costband";
import { labelInfinite } from "./costlabels";

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
    const range = costRange(store.stats, log, log ? Infinity : cap) ?? (log ? { lo: 0.01, hi: 1 } : { lo: 0, hi: 1 });
    const area: PlotArea = { ...p, range, log, dpr };
    ctx.font = c.font;
    drawYGrid(ctx, area, this.em, c);
    drawXGrid(ctx, area, total, this.em, this.cssW, c);
    drawAxes(ctx, area, this.em, c);
    drawLines(ctx, store, colors, total, area);
    labelInfinite(ctx, store, colors, total, c, p, this.em);
  }
}

/** Horizontal grid lines with the cost of each at the left. */
function drawYGrid(ctx: CanvasRenderingContext2D, p: PlotArea, em: number, c: ChartColors): void {
  const { range: r, log, dpr } = p;
  const ticks = log ? logTicks(r.lo, r.hi) : niceTicks(r.lo, r.hi, Math.max(2, Math.round(p.h / (2.2 * em))));
  ctx.textBaseline = "middle";
  ctx.lineWidth = 1;
  ctx.strokeStyle = c.grid;
  ctx.fillStyle = c.text;
  ctx.textAlign = "right";
  for (const v of ticks) {
    const y = yOf(v, r, log, p.y, p.h);
    if (!(y >= p.y - 0.5 && y <= p.y + p.h + 0.5)) continue;
    const yy = Math.round(y * dpr) / dpr + 0.5 / dpr;
    ctx.beginPath();
    ctx.moveTo(p.x, yy);
    ctx.lineTo(p.x + p.w, yy);
    ctx.stroke();
    ctx.fillText(formatTick(v), p.x - 0.4 * em, y);
  }
}

/** Vertical grid lines with their iteration under the plot, kept inside the canvas. */
function drawXGrid(
  ctx: CanvasRenderingContext2D, p: PlotArea, total: number, em: number, cssW: number, c: ChartColors,
): void {
  const dpr = p.dpr;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of niceTicks(0, total, Math.max(2, Math.round(p.w / (5.5 * em))))) {
    if (v > total) continue;
    const x = p.x + (v / total) * p.w;
    ctx.strokeStyle = c.grid;
    ctx.beginPath();
    ctx.moveTo(Math.round(x * dpr) / dpr + 0.5 / dpr, p.y);
    ctx.lineTo(Math.round(x * dpr) / dpr + 0.5 / dpr, p.y + p.h);
    ctx.stroke();
    const label = iterationTick(v, total);
    const half = ctx.measureText(label).width / 2;
    ctx.fillText(label, Math.min(Math.max(x, half + 1), cssW - half - 1), p.y + p.h + 0.35 * em);
  }
}

/** The axis label ("cost", "cost (log scale)") and the two axis lines. */
function drawAxes(ctx: CanvasRenderingContext2D, p: PlotArea, em: number, c: ChartColors): void {
  ctx.save();
  ctx.translate(0.75 * em, p.y + p.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(p.log ? "cost (log scale)" : "cost", 0, 0);
  ctx.restore();
  ctx.strokeStyle = c.axis;
  ctx.beginPath();
  ctx.moveTo(p.x + 0.5, p.y);
  ctx.lineTo(p.x + 0.5, p.y + p.h + 0.5);
  ctx.lineTo(p.x + p.w, p.y + p.h + 0.5);
  ctx.stroke();
}

/** Each model's line in its colour and dash (a seeds= run's bands behind), clipped to the plot, with its top marks. */
function drawLines(
  ctx: CanvasRenderingContext2D, store: CostSource, colors: string[], total: number, p: PlotArea,
): void {
  const cols = Math.max(1, Math.round(p.w * p.dpr));
  ctx.save();
  ctx.beginPath();
  ctx.rect(p.x, p.y - 2, p.w, p.h + 4);
  ctx.clip();
  ctx.lineJoin = "round";
  ctx.lineWidth = LINE_WIDTH;
  store.bands?.forEach((b, k) => fillBand(ctx, b, store.iterCount, total, cols, p, colors[k] ?? "#888"));
  for (let k = 0; k < store.models; k++) {
    ctx.strokeStyle = ctx.fillStyle = colors[k] ?? "#888";
    ctx.setLineDash(dashFor(k).map((d) => d * LINE_WIDTH));
    ctx.beginPath();
    const marks = traceLine(ctx, store.costs[k], store.iterCount, total, cols, p);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const x of thinMarks(marks)) {
      ctx.beginPath();
      ctx.moveTo(x - 4, p.y);
      ctx.lineTo(x + 4, p.y);
      ctx.lineTo(x, p.y + 6);
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.restore();
}

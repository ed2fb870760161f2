/**
 * A seeds= run's band (model/seeds.ts BAND, the contract's percentiles) behind its median cost line: a
 * translucent area between the low and high percentiles, decimated to pixel columns like the lines
 * (the widest extent of each column).
 */
import { decimate, yOf, type PlotArea } from "../model/chartmath";
import type { Band } from "../model/seeds";

/** Opacity of a band's fill: the median line over it stays readable, bands overlapping still show. */
const BAND_ALPHA = 0.2;

/** Fill the band of the first n iterations (x = i / total), in columns of 1 / dpr CSS px; gaps where it is not drawable. */
export function fillBand(ctx: CanvasRenderingContext2D, band: Band, n: number, total: number, cols: number, p: PlotArea, color: string): void {
  const lo = decimate(band.low, n, total, cols, p.log);
  const hi = decimate(band.high, n, total, cols, p.log);
  const clampY = (v: number) => Math.min(p.y + p.h, Math.max(p.y, yOf(v, p.range, p.log, p.y, p.h)));
  ctx.save();
  ctx.globalAlpha = BAND_ALPHA;
  ctx.fillStyle = color;
  let start = -1;
  const close = (end: number) => {
    if (start < 0) return;
    ctx.beginPath();
    for (let c = start; c < end; c++) ctx.lineTo(p.x + (c + 0.5) / p.dpr, clampY(hi.max[c]));
    for (let c = end - 1; c >= start; c--) ctx.lineTo(p.x + (c + 0.5) / p.dpr, clampY(lo.min[c]));
    ctx.closePath();
    ctx.fill();
    start = -1;
  };
  for (let c = 0; c < cols; c++) {
    const ok = (lo.flag[c] & 1) && (hi.flag[c] & 1);
    if (ok && start < 0) start = c;
    if (!ok) close(c);
  }
  close(cols);
  ctx.restore();
}

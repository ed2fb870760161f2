/**
 * Words on the cost chart where its marks need them: an infinite cost (a saturated sigmoid, whose
 * log(0) is -∞) is drawn ▼ on the top line, and labelled there, so the mark is not a mystery.
 */
import { INFINITE_COST } from "../model/chartscale";
import type { ChartColors, CostSource } from "../model/chartmath";

interface Plot {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Beside the first infinite cost of each model that has one: "▼ cost ∞ (saturated sigmoid)", stacked. */
export function labelInfinite(ctx: CanvasRenderingContext2D, store: CostSource, colors: string[], total: number,
  c: ChartColors, p: Plot, em: number): void {
  const text = ` cost ∞ (${INFINITE_COST})`;
  ctx.font = c.font;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  const mark = ctx.measureText("▼").width;
  const width = mark + ctx.measureText(text).width;
  let row = 0;
  for (let k = 0; k < store.models; k++) {
    if (!(store.stats[k]?.infinite > 0)) continue;
    const a = store.costs[k];
    let i = 0;
    while (i < store.iterCount && a[i] !== Infinity) i++;
    if (i >= store.iterCount) continue;
    const x = Math.max(p.x + 2, Math.min(p.x + (i / total) * p.w + 6, p.x + p.w - width - 4));
    const y = p.y + 6 + (row++ + 0.6) * 1.25 * em;
    ctx.fillStyle = c.bg;
    ctx.fillRect(x - 3, y - 0.62 * em, width + 6, 1.24 * em);
    ctx.fillStyle = colors[k] ?? "#888";
    ctx.fillText("▼", x, y);
    ctx.fillStyle = c.text;
    ctx.fillText(text, x + mark, y);
  }
}

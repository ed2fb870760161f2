/**
 * Where things go, from the widget's own width and the height the reader can see: boundary panels
 * and the cost chart side by side when wide ("wide"), the chart under the panels when narrow
 * ("stacked"), the panel grid sized so that every panel plus the chart fits the visible height.
 * Pure: the view measures, this decides (unit-tested in node).
 */

export interface LayoutInput {
  /** Content width of the widget (CSS px). */
  width: number;
  /** Height available to panels + chart before anything scrolls (CSS px): visible height minus header, player. */
  height: number;
  /** Number of panels. */
  panels: number;
  /** Canvas height / width of a boundary panel. */
  aspect: number;
  /** Height a panel adds to its canvas (title bar, read-outs). */
  panelExtra: number;
  /** Height of the chart's own head (title, legend) above its canvas. */
  chartExtra: number;
  /** The root font size (px): gaps and minimum sizes scale with it. */
  em: number;
}

export interface Layout {
  mode: "wide" | "stacked";
  columns: number;
  /** Canvas size of each panel (CSS px). */
  canvasW: number;
  canvasH: number;
  /** Width of a panel's cell: at least the canvas, and wide enough for its read-outs (the canvas is centred). */
  cellW: number;
  /** Width of the panel block (wide: the left column). */
  panelsW: number;
  /** Cost chart canvas (CSS px). */
  chartW: number;
  chartH: number;
}

/** The gap between grid cells, in em (the CSS uses the same). */
export const GAP_EM = 0.75;

/** Smallest useful boundary canvas, in em: below it the reader sees nothing, so the page scrolls instead. */
const MIN_CANVAS_EM = 8;
/** Largest canvas, in em: beyond it a panel only gets blurrier, not clearer. */
const MAX_CANVAS_EM = 44;
/** Narrowest panel, in em: its title and read-outs ("COST 0.0648187", "99.33 %") stay whole. */
const MIN_PANEL_EM = 12;
/** A panel whose canvas is held small by the height still takes this width (em) where there is room. */
const EASY_PANEL_EM = 15;

/** Narrower than this (in em), the chart goes under the panels. */
const MIN_WIDE_EM = 50;
/** Side by side wins unless stacking makes panels more than 1/0.7 times larger. */
const WIDE_PREFERENCE = 0.7;

function bestGrid(n: number, w: number, h: number, inp: LayoutInput, gap: number) {
  let best = { columns: 1, size: -Infinity };
  for (let c = 1; c <= n; c++) {
    const rows = Math.ceil(n / c);
    const byW = (w - (c - 1) * gap) / c;
    if (c > 1 && byW < MIN_PANEL_EM * inp.em) break; // more columns would cut the read-outs short
    const byH = ((h - (rows - 1) * gap) / rows - inp.panelExtra) / inp.aspect;
    const size = Math.min(byW, byH);
    if (size > best.size + 0.5) best = { columns: c, size };
  }
  return best;
}

/** The layout for one measurement: side by side unless stacking gives much larger panels. */
export function fitLayout(inp: LayoutInput): Layout {
  const em = inp.em > 0 ? inp.em : 13;
  const gap = GAP_EM * em;
  const n = Math.max(1, inp.panels);
  const W = Math.max(10 * em, inp.width);
  const H = Number.isFinite(inp.height) && inp.height > 0 ? inp.height : Infinity;
  const minC = MIN_CANVAS_EM * em;
  const maxC = MAX_CANVAS_EM * em;
  const clamp = (s: number, byW: number) => Math.max(Math.min(minC, byW), Math.min(maxC, s));

  // Wide: the chart takes a column of at least 22 em or 28 % of the width.
  const chartMinW = Math.max(22 * em, 0.28 * W);
  const wideW = W - chartMinW - gap;
  const wide = W >= MIN_WIDE_EM * em && wideW > minC ? bestGrid(n, wideW, H, inp, gap) : { columns: 1, size: -Infinity };
  // Stacked: the chart below, 10–15 em tall.
  const stackChartH = Math.min(15 * em, Math.max(10 * em, 0.3 * W));
  const stacked = bestGrid(n, W, H - stackChartH - inp.chartExtra - gap, inp, gap);
  // Side by side keeps the chart in view beside the panels: worth somewhat smaller panels.
  const useWide = wide.size > 0 && wide.size >= WIDE_PREFERENCE * stacked.size;
  const g = useWide ? wide : stacked;
  const maxByW = useWide ? (wideW - (g.columns - 1) * gap) / g.columns : (W - (g.columns - 1) * gap) / g.columns;
  const canvasW = Math.floor(clamp(Math.min(g.size, maxByW), maxByW));
  const canvasH = Math.round(canvasW * inp.aspect);
  const cellW = Math.floor(Math.max(canvasW, Math.min(EASY_PANEL_EM * em, maxByW)));
  const panelsW = g.columns * cellW + (g.columns - 1) * gap;
  if (useWide) {
    const rows = Math.ceil(n / g.columns);
    const blockH = rows * (canvasH + inp.panelExtra) + (rows - 1) * gap;
    return {
      mode: "wide", columns: g.columns, canvasW, canvasH, cellW, panelsW,
      chartW: Math.floor(W - panelsW - gap),
      chartH: Math.round(Math.max(10 * em, blockH - inp.chartExtra)),
    };
  }
  return { mode: "stacked", columns: g.columns, canvasW, canvasH, cellW, panelsW, chartW: Math.floor(W), chartH: Math.round(stackChartH) };
}

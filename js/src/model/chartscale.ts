/**
 * The cost chart's honest scale: a y-range from everything the run has recorded (not just what is
 * shown, so it holds still during playback), a log axis chosen by itself when the costs span more
 * than a decade (random ×10 starting at 14 next to He ending at 0.06), on a linear axis the reader
 * asked for, the series that go off the top named with their true maximum, and the infinite costs
 * (a saturated sigmoid, drawn ▼ on the top line) named as such. Pure.
 */
import type { CostStats } from "./store";

/** Costs spanning more than this factor (max / smallest positive) get a log axis unless the reader chose linear. */
export const AUTO_LOG_SPAN = 10;

/** Why a cost is infinite: the sigmoid output is exactly 0 or 1 in float64, and log(0) = -∞. */
export const INFINITE_COST = "saturated sigmoid";

/** "log": the reader ticked log; "linear": unticked it; null: not chosen, the chart decides. */
export type ScaleChoice = "log" | "linear" | null;

export interface ChartScale {
  log: boolean;
  /** The chart chose log by itself. */
  auto: boolean;
  /** Models (indices) whose largest finite cost is above the linear cap, with that cost. */
  clipped: { model: number; max: number }[];
  /** Plain words under the chart title ("" when nothing needs saying). */
  note: string;
}

const fmt = (v: number) => (v >= 100 || v < 0.01 ? v.toExponential(1) : String(+v.toPrecision(2)));

/** Decide the scale from the run's cost statistics, the reader's choice and the linear cap. */
export function chartScale(stats: CostStats[], choice: ScaleChoice, labels: string[], linearCap = Infinity): ChartScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of stats) {
    if (s.minPositive < lo) lo = s.minPositive;
    if (s.max > hi) hi = s.max;
  }
  const wide = Number.isFinite(lo) && Number.isFinite(hi) && hi / lo > AUTO_LOG_SPAN;
  const name = (k: number) => labels[k] ?? `model ${k + 1}`;
  const infinite = stats.flatMap((s, k) => (s.infinite > 0 ? [name(k)] : []));
  const inf = infinite.length ? [`▼\u00a0${infinite.join(", ")}: cost ∞ (${INFINITE_COST})`] : []; // ▼ kept with its name
  if (choice === "log" || (choice === null && wide)) {
    const auto = choice === null;
    const span = auto ? [`log scale: ${infinite.length ? "finite " : ""}costs span ${fmt(lo)} to ${fmt(hi)}`] : [];
    return { log: true, auto, clipped: [], note: [...span, ...inf].join("; ") };
  }
  const clipped = stats.flatMap((s, k) => (Number.isFinite(s.max) && s.max > linearCap ? [{ model: k, max: s.max }] : []));
  const note = [...clipped.map((c) => `${name(c.model)} reaches ${fmt(c.max)} (▲ above the chart)`), ...inf].join("; ");
  return { log: false, auto: false, clipped, note };
}

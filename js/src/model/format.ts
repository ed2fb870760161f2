/** How numbers read on screen: iterations, costs, accuracies, training rate and progress. Pure. */

export const formatInt = (v: number): string => Math.round(v).toLocaleString("en-US");

/** Cost read-out: 6 significant digits, "∞" for infinite, "NaN", "—" when unknown. */
export function formatCost(v: number | null | undefined): string {
  if (v == null) return "—";
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(3);
  return String(+v.toPrecision(6));
}

/** Accuracy read-out: "99.33 %", "—" when unknown. */
export function formatAcc(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(2)} %`;
}

export function formatRate(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return "";
  return `${formatInt(rate)} it/s`;
}

/** "iteration 4,200 / 15,000 · 12,345 it/s" */
export function formatProgress(p: { iteration?: number; total?: number; rate?: number } | null | undefined): string {
  if (!p || !Number.isFinite(p.iteration) || !p.total) return "";
  const rate = formatRate(p.rate ?? 0);
  return `iteration ${formatInt(p.iteration!)} / ${formatInt(p.total)}${rate ? " · " + rate : ""}`;
}

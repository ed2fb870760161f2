/**
 * A seeds= run seen per initializer: which trained models (rows) belong to which initializer and
 * seed, the median cost with its band over the seeds (BAND, the contract's percentiles), the spread
 * of accuracies, and the seed whose boundary a panel shows. Pure; the same statistics as engine/ensemble.py `spread`
 * (numpy's linear percentiles, non-finite costs left out), unit-tested in seeds.test.ts.
 */
import { CONTRACT } from "../contract";
import type { ModelSpec } from "./protocol";
import { accumulateStats, emptyStats, grownCapacity, type CostStats } from "./store";

/** The percentiles of the band (engine/ensemble.py BAND, through the contract). */
export const BAND: readonly [number, number] = CONTRACT.band;

/** The band as the chart's title says it (e.g. "10–90 %"). */
export const bandText = (): string => `${BAND[0]}–${BAND[1]} %`;

export interface SeedGroup {
  initializer: string;
  /** The initializer's label without the seed ("He √(2/n)"). */
  label: string;
  color: string;
  note?: string;
  /** Per seed, in order: the seed and the trained row standing for it (identical models share a row). */
  seeds: number[];
  entries: number[];
}

/** Models grouped by initializer, or null when the run has no seeds (each model its own panel and line). */
export function seedGroups(models: ModelSpec[]): SeedGroup[] | null {
  if (!models.length || models.some((m) => !m.initializer || !m.seeds?.length)) return null;
  const groups = new Map<string, SeedGroup>();
  models.forEach((m, row) => {
    let g = groups.get(m.initializer!);
    if (!g) {
      g = { initializer: m.initializer!, label: (m.label || m.name).split(" · ")[0], color: m.color, note: m.note, seeds: [], entries: [] };
      groups.set(m.initializer!, g);
    }
    for (const s of m.seeds!) {
      g.seeds.push(s);
      g.entries.push(row);
    }
  });
  for (const g of groups.values()) {
    const order = g.seeds.map((_, i) => i).sort((a, b) => g.seeds[a] - g.seeds[b]);
    g.seeds = order.map((i) => g.seeds[i]);
    g.entries = order.map((i) => g.entries[i]);
  }
  return [...groups.values()];
}

/** "seeds 0–9" for a run of consecutive seeds, else "seeds 1, 5, 7". */
export function seedsText(seeds: number[]): string {
  const s = [...seeds].sort((a, b) => a - b);
  const run = s.length > 2 && s.every((v, i) => i === 0 || v === s[i - 1] + 1);
  return run ? `seeds ${s[0]}–${s[s.length - 1]}` : `seeds ${s.join(", ")}`;
}

/** The q-th percentile (0–100) of ascending `sorted` values, interpolated linearly (numpy's default); NaN if empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const pos = (q / 100) * (n - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < n ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Low / median / high of the finite values among `values`, or NaNs when none is finite. */
export function bandOf(values: ArrayLike<number>): { low: number; median: number; high: number } {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  return { low: percentile(v, BAND[0]), median: percentile(v, 50), high: percentile(v, BAND[1]) };
}

/** One group's cost band over iterations [0, count). */
export interface Band {
  median: Float32Array;
  low: Float32Array;
  high: Float32Array;
}

/**
 * The groups' bands, extended as costs arrive (costs only ever append, so each iteration is
 * computed once). Looks like the store to the cost chart: one "model" (the median) per group,
 * with statistics covering the whole band so the axis holds it.
 */
export class SeedBands {
  bands: Band[];
  stats: CostStats[];
  iterCount = 0;
  version = 0;

  constructor(readonly groups: SeedGroup[]) {
    this.bands = groups.map(() => ({ median: new Float32Array(0), low: new Float32Array(0), high: new Float32Array(0) }));
    this.stats = groups.map(emptyStats);
  }

  get models(): number {
    return this.groups.length;
  }

  get costs(): Float32Array[] {
    return this.bands.map((b) => b.median);
  }

  /** Bring the bands up to `iterCount` iterations of the rows' `costs`; true if anything changed. */
  update(costs: ArrayLike<number>[], iterCount: number): boolean {
    if (iterCount < this.iterCount) this.reset();
    if (iterCount === this.iterCount) return false;
    const from = this.iterCount;
    const values = new Float64Array(Math.max(...this.groups.map((g) => g.entries.length)));
    this.groups.forEach((g, k) => {
      const b = this.grow(k, iterCount);
      for (let i = from; i < iterCount; i++) {
        g.entries.forEach((row, j) => (values[j] = costs[row][i]));
        const q = bandOf(values.subarray(0, g.entries.length));
        b.low[i] = q.low;
        b.median[i] = q.median;
        b.high[i] = q.high;
      }
      accumulateStats(this.stats[k], b.low, from, iterCount);
      accumulateStats(this.stats[k], b.high, from, iterCount);
    });
    this.iterCount = iterCount;
    this.version++;
    return true;
  }

  private grow(k: number, needed: number): Band {
    const b = this.bands[k];
    if (b.median.length >= needed) return b;
    const cap = grownCapacity(b.median.length, needed);
    const bigger = (a: Float32Array) => {
      const c = new Float32Array(cap);
      c.set(a.subarray(0, this.iterCount));
      return c;
    };
    this.bands[k] = { median: bigger(b.median), low: bigger(b.low), high: bigger(b.high) };
    return this.bands[k];
  }

  private reset(): void {
    this.iterCount = 0;
    this.stats = this.groups.map(emptyStats);
  }
}

/** A group's accuracies at frame `f` (one per seed, in seed order), from per-row accuracy arrays. */
export function accuracies(acc: ArrayLike<number>[], group: SeedGroup, f: number): number[] {
  return f < 0 ? [] : group.entries.map((row) => acc[row]?.[f] ?? NaN).filter(Number.isFinite);
}

/** The accuracy strip's left end: 50 % (chance for two classes), lower in steps of 10 % when a value is below. */
export function stripRange(values: number[]): number {
  const low = Math.min(0.5, ...values.filter(Number.isFinite));
  return Math.max(0, Math.floor(low * 10 + 1e-9) / 10);
}

/** The seed index after stepping `delta` from `index` among `count` seeds (wrapping around). */
export function stepSeed(index: number, count: number, delta: number): number {
  return count > 0 ? (((index + delta) % count) + count) % count : 0;
}

/**
 * Store: everything the front end holds of one run, filled by appending decoded blobs.
 * Per model growable arrays (costs float32, frames uint8, accuracies), amortized O(1) appends,
 * gap detection (so the widget can ask the kernel for a resync), and change notifications.
 */
import type { DecodedBlob, Setup } from "./protocol";

export type AppendResult = "ok" | "gap" | "stale" | "empty";

type Listener = () => void;

/** A tiny event emitter. */
export class Emitter {
  private listeners = new Set<Listener>();
  on(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(): void {
    for (const fn of [...this.listeners]) fn();
  }
  get size(): number {
    return this.listeners.size;
  }
}

/** Capacity for `needed` elements by doubling from `current` (at least `min`). */
export function grownCapacity(current: number, needed: number, min = 16): number {
  let cap = Math.max(current, min);
  while (cap < needed) cap *= 2;
  return cap;
}

function growF32(a: Float32Array, used: number, needed: number): Float32Array {
  if (needed <= a.length) return a;
  const b = new Float32Array(grownCapacity(a.length, needed));
  b.set(a.subarray(0, used));
  return b;
}

function growU8(a: Uint8Array, used: number, needed: number): Uint8Array {
  if (needed <= a.length) return a;
  const b = new Uint8Array(grownCapacity(a.length, needed, 1024));
  b.set(a.subarray(0, used));
  return b;
}

/** Running statistics of one model's costs, for chart scaling without rescanning. */
export interface CostStats {
  min: number; // smallest finite cost (Infinity if none)
  max: number; // largest finite cost (-Infinity if none)
  minPositive: number; // smallest finite cost > 0 (for log scale)
  nonFinite: number; // how many inf / NaN costs
  infinite: number; // how many of them are +inf (a saturated sigmoid: log(0)), not NaN (overflow)
}

export function emptyStats(): CostStats {
  return { min: Infinity, max: -Infinity, minPositive: Infinity, nonFinite: 0, infinite: 0 };
}

export function accumulateStats(s: CostStats, a: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const v = a[i];
    if (v === v && v !== Infinity && v !== -Infinity) {
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      if (v > 0 && v < s.minPositive) s.minPositive = v;
    } else {
      s.nonFinite++;
      if (v === Infinity) s.infinite++;
    }
  }
}

export class Store {
  setup: Setup | null = null;
  /** Number of models K. */
  models = 0;
  /** Grid size G (0 without a grid). */
  grid = 0;
  /** Costs held: iterations [0, iterCount). */
  iterCount = 0;
  /** Frames held: [0, frameCount). */
  frameCount = 0;
  done = false;
  hasTest = false;
  /** Bumped on every change; views compare it to skip work. */
  version = 0;

  costs: Float32Array[] = [];
  stats: CostStats[] = [];
  frames: Uint8Array[] = [];
  trainAcc: Float32Array[] = [];
  testAcc: Float32Array[] = [];

  readonly changed = new Emitter();

  constructor(setup: Setup | null = null) {
    this.reset(setup);
  }

  get runId(): number | null {
    return this.setup ? this.setup.run_id : null;
  }

  /** Iteration of frame f (from the setup). */
  frameIteration(f: number): number {
    const fi = this.setup?.frame_iterations;
    return fi && f >= 0 && f < fi.length ? fi[f] : 0;
  }

  /** Largest iteration the player can show: last cost or last frame, whichever is later. */
  get maxIteration(): number {
    const lastFrame = this.frameCount > 0 ? this.frameIteration(this.frameCount - 1) : 0;
    return Math.max(0, this.iterCount - 1, lastFrame);
  }

  reset(setup: Setup | null): void {
    this.setup = setup;
    const K = setup?.models?.length ?? 0;
    const G = setup?.grid?.size ?? 0;
    const iters = Math.max(0, setup?.iterations ?? 0);
    const F = setup?.frame_iterations?.length ?? 0;
    this.models = K;
    this.grid = G;
    this.iterCount = 0;
    this.frameCount = 0;
    this.done = false;
    this.hasTest = !!setup?.points?.test;
    // Pre-size for the announced run (capped so a huge run does not allocate up front).
    const iterCap = Math.min(Math.max(iters, 16), 1 << 20);
    const frameCap = Math.min(Math.max(F, 4), 4096);
    this.costs = Array.from({ length: K }, () => new Float32Array(iterCap));
    this.stats = Array.from({ length: K }, emptyStats);
    this.frames = Array.from({ length: K }, () => new Uint8Array(G > 0 ? frameCap * G * G : 0));
    this.trainAcc = Array.from({ length: K }, () => new Float32Array(frameCap));
    this.testAcc = Array.from({ length: K }, () => new Float32Array(frameCap));
    this.version++;
    this.changed.emit();
  }

  /**
   * Append a decoded blob. Parts already held are skipped (overlap is fine); a blob starting after
   * the end of what is held returns "gap" and changes nothing, so the caller can request a sync.
   */
  append(blob: DecodedBlob): AppendResult {
    const h = blob.header;
    if (!this.setup || h.run_id !== this.setup.run_id) return "stale";
    if (h.models !== this.models) return "stale";
    if (h.iter_start > this.iterCount || h.frame_start > this.frameCount) return "gap";
    let changed = this.appendCosts(blob);
    changed = this.appendFrames(blob) || changed;
    if (h.done && !this.done) {
      this.done = true;
      changed = true;
    }
    if (!changed) return "empty";
    this.version++;
    this.changed.emit();
    return "ok";
  }

  /** The blob's costs beyond those held (it starts at or before the end of them); true if any. */
  private appendCosts(blob: DecodedBlob): boolean {
    const h = blob.header;
    const skip = this.iterCount - h.iter_start;
    const add = h.iter_count - skip;
    if (add <= 0) return false;
    const end = this.iterCount + add;
    for (let k = 0; k < this.models; k++) {
      this.costs[k] = growF32(this.costs[k], this.iterCount, end);
      this.costs[k].set(blob.costs[k].subarray(skip, skip + add), this.iterCount);
      accumulateStats(this.stats[k], this.costs[k], this.iterCount, end);
    }
    this.iterCount = end;
    return true;
  }

  /** The blob's frames and accuracies beyond those held; a blob without the grid's frames leaves them grey. */
  private appendFrames(blob: DecodedBlob): boolean {
    const h = blob.header;
    const fskip = this.frameCount - h.frame_start;
    const fadd = h.frame_count - fskip;
    if (fadd <= 0) return false;
    const K = this.models;
    const G = this.grid;
    const fend = this.frameCount + fadd;
    const px = G * G;
    const frames = G > 0 && h.grid_size === G ? blob.frames : null;
    for (let k = 0; k < K; k++) {
      this.trainAcc[k] = growF32(this.trainAcc[k], this.frameCount, fend);
      this.testAcc[k] = growF32(this.testAcc[k], this.frameCount, fend);
      for (let j = 0; j < fadd; j++) {
        this.trainAcc[k][this.frameCount + j] = h.train_acc?.[fskip + j]?.[k] ?? NaN;
        this.testAcc[k][this.frameCount + j] = h.test_acc?.[fskip + j]?.[k] ?? NaN;
      }
      if (G === 0) continue;
      this.frames[k] = growU8(this.frames[k], this.frameCount * px, fend * px);
      if (!frames) this.frames[k].fill(128, this.frameCount * px, fend * px);
      for (let j = 0; frames && j < fadd; j++) {
        const s = ((fskip + j) * K + k) * px;
        this.frames[k].set(frames.subarray(s, s + px), (this.frameCount + j) * px);
      }
    }
    this.frameCount = fend;
    return true;
  }

  /** Frame f of model k as a G*G view (row 0 = bottom), or null. */
  frame(k: number, f: number): Uint8Array | null {
    if (this.grid === 0 || f < 0 || f >= this.frameCount || k < 0 || k >= this.models) return null;
    const px = this.grid * this.grid;
    return this.frames[k].subarray(f * px, (f + 1) * px);
  }

  /** Cost of model k at iteration i (clamped to what is held), or NaN if none. */
  cost(k: number, i: number): number {
    if (this.iterCount === 0 || k < 0 || k >= this.models) return NaN;
    const j = Math.min(Math.max(0, i), this.iterCount - 1);
    return this.costs[k][j];
  }
}

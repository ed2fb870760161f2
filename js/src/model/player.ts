/**
 * Playback logic as pure functions: which frame shows at an iteration, frame stepping, and how far
 * the playhead moves per animation tick. The pace is a duration (seconds the whole run takes to
 * play, the `duration` trait), not a multiple of training speed: the kernel trains as fast as it
 * can, and the reader watches the run at the same pace however fast that was. No DOM here.
 */
import { CONTRACT } from "../contract";

/** Durations offered by the pace control (seconds the whole run takes to play). */
export const DURATIONS = [5, 10, 18, 30, 60] as const;

/** A whole run plays in this many seconds unless the `duration` trait says otherwise (the kernel's default). */
export const DEFAULT_DURATION: number = CONTRACT.duration.default;

/** The duration trait as a usable number of seconds, within the kernel's bounds (CONTRACT.duration). */
export function clampDuration(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_DURATION;
  return Math.min(CONTRACT.duration.max, Math.max(CONTRACT.duration.min, seconds));
}

/**
 * Index of the latest frame whose iteration <= `iteration`, among the first `count` entries of the
 * sorted `frameIterations`; -1 if none.
 */
export function frameIndexAt(frameIterations: ArrayLike<number>, count: number, iteration: number): number {
  let lo = 0;
  let hi = Math.min(count, frameIterations.length) - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (frameIterations[mid] <= iteration) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Iteration of the next frame strictly after `iteration` (or `iteration` itself if none). */
export function nextFrameIteration(frameIterations: ArrayLike<number>, count: number, iteration: number): number {
  const i = frameIndexAt(frameIterations, count, iteration) + 1;
  const n = Math.min(count, frameIterations.length);
  return i < n ? frameIterations[i] : iteration;
}

/** Iteration of the frame before the one shown at `iteration` (or 0 if none). */
export function prevFrameIteration(frameIterations: ArrayLike<number>, count: number, iteration: number): number {
  const i = frameIndexAt(frameIterations, count, iteration) - 1;
  return i >= 0 ? frameIterations[i] : 0;
}

/** Iterations per millisecond: a run of `totalIterations` plays in `duration` s, times `speed`. */
export function iterationsPerMs(totalIterations: number, speed: number, duration = DEFAULT_DURATION): number {
  return (Math.max(1, totalIterations) / (clampDuration(duration) * 1000)) * clampSpeed(speed);
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) return 1;
  return Math.min(8, Math.max(0.25, speed));
}

export interface StepInput {
  position: number; // current playhead (float iterations)
  dtMs: number; // time since the last tick
  speed: number;
  duration?: number; // seconds the whole run takes at speed 1 (DEFAULT_DURATION if absent)
  total: number; // iterations of the whole run (sets the pace)
  max: number; // largest iteration available now
  loop: boolean;
  live: boolean; // training is still producing data (hold at the edge instead of stopping)
}

export interface StepOutput {
  position: number;
  playing: boolean;
}

/** Advance playback by one animation tick. */
export function step(s: StepInput): StepOutput {
  const dt = Math.min(Math.max(0, s.dtMs), 250); // a background tab must not jump ahead
  let p = s.position + dt * iterationsPerMs(s.total, s.speed, s.duration);
  if (p < s.max) return { position: p, playing: true };
  if (s.live) return { position: s.max, playing: true };
  if (s.loop && s.max > 0) {
    // Wrap once the end has been shown.
    return { position: s.position >= s.max ? 0 : s.max, playing: true };
  }
  p = s.max;
  return { position: p, playing: false };
}

/** Where "play" starts: from the beginning if the playhead sits at the end. */
export function playStart(position: number, max: number): number {
  return position >= max ? 0 : position;
}

/** Clamp an iteration to [0, max] and make it an integer. */
export function clampIteration(it: number, max: number): number {
  if (!Number.isFinite(it)) return 0;
  return Math.max(0, Math.min(Math.round(it), Math.max(0, max)));
}

/** Throttle: returns a function that calls `fn` at most every `ms`, always delivering the last call. */
export function throttle(fn: () => void, ms: number, now: () => number = () => Date.now()): {
  (): void;
  flush(): void;
  cancel(): void;
} {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    fn();
  };
  const t = () => {
    const wait = last + ms - now();
    if (wait <= 0) {
      if (timer) clearTimeout(timer);
      run();
    } else if (!timer) timer = setTimeout(run, wait);
  };
  t.flush = () => {
    if (timer) {
      clearTimeout(timer);
      run();
    }
  };
  t.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return t;
}

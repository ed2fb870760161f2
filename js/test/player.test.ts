import { describe, expect, it, vi } from "vitest";
import {
  clampIteration, clampSpeed, frameIndexAt, iterationsPerMs, nextFrameIteration, playStart, prevFrameIteration,
  clampDuration, DEFAULT_DURATION, step, throttle,
} from "../src/model/player";
import { CONTRACT } from "../src/contract";

const FI = [0, 100, 200, 300, 15000];

describe("frameIndexAt", () => {
  it("finds the latest frame at or before the iteration", () => {
    expect(frameIndexAt(FI, 5, 0)).toBe(0);
    expect(frameIndexAt(FI, 5, 99)).toBe(0);
    expect(frameIndexAt(FI, 5, 100)).toBe(1);
    expect(frameIndexAt(FI, 5, 14999)).toBe(3);
    expect(frameIndexAt(FI, 5, 15000)).toBe(4);
    expect(frameIndexAt(FI, 5, 1e9)).toBe(4);
    expect(frameIndexAt(FI, 5, -1)).toBe(-1);
  });
  it("only considers frames held so far", () => {
    expect(frameIndexAt(FI, 2, 250)).toBe(1);
    expect(frameIndexAt(FI, 0, 250)).toBe(-1);
  });
});

describe("frame stepping", () => {
  it("next goes to the following frame", () => {
    expect(nextFrameIteration(FI, 5, 0)).toBe(100);
    expect(nextFrameIteration(FI, 5, 150)).toBe(200);
    expect(nextFrameIteration(FI, 5, 300)).toBe(15000);
    expect(nextFrameIteration(FI, 5, 15000)).toBe(15000);
    expect(nextFrameIteration(FI, 3, 200)).toBe(200); // not held yet
  });
  it("prev goes to the frame before the one shown", () => {
    expect(prevFrameIteration(FI, 5, 200)).toBe(100);
    expect(prevFrameIteration(FI, 5, 250)).toBe(100);
    expect(prevFrameIteration(FI, 5, 100)).toBe(0);
    expect(prevFrameIteration(FI, 5, 0)).toBe(0);
  });
});

describe("playback speed", () => {
  it("plays the whole run in its duration at 1x, whatever the run's length, scaled by speed", () => {
    expect(iterationsPerMs(15000, 1) * DEFAULT_DURATION * 1000).toBeCloseTo(15000);
    expect(iterationsPerMs(3_000_000, 1, 20) * 20_000).toBeCloseTo(3_000_000);
    expect(iterationsPerMs(150, 1, 20) * 20_000).toBeCloseTo(150);
    expect(clampDuration(NaN)).toBe(DEFAULT_DURATION);
    expect(iterationsPerMs(15000, 8)).toBeCloseTo(8 * iterationsPerMs(15000, 1));
    expect(clampSpeed(100)).toBe(8);
    expect(clampSpeed(0)).toBe(1);
    expect(clampSpeed(NaN)).toBe(1);
    expect(clampSpeed(0.1)).toBe(0.25);
  });

  it("keeps a duration within the kernel's bounds, so both sides play a run at the same pace", () => {
    const { min, max } = CONTRACT.duration;
    expect(clampDuration(1e9)).toBe(max);
    expect(clampDuration(min / 10)).toBe(min);
    expect(clampDuration(-1)).toBe(DEFAULT_DURATION); // not a duration at all: the default, not the minimum
    expect(clampDuration(12.5)).toBe(12.5);
    // a 15,000-iteration run asked to play in 1e9 s plays in the longest the kernel accepts
    expect(iterationsPerMs(15000, 1, 1e9) * max * 1000).toBeCloseTo(15000);
  });

  it("advances by dt x rate and caps a long stall", () => {
    const base = { position: 0, speed: 1, duration: 10, total: 15000, max: 15000, loop: false, live: false };
    expect(step({ ...base, dtMs: 200 }).position).toBeCloseTo(300);
    expect(step({ ...base, dtMs: 60_000 }).position).toBeCloseTo(375); // capped at 250 ms
    expect(step({ ...base, dtMs: 100, speed: 2 }).position).toBeCloseTo(300);
  });

  it("stops at the end, loops, or holds at the live edge", () => {
    const base = { position: 14990, dtMs: 100, speed: 1, total: 15000, max: 15000, loop: false, live: false };
    expect(step(base)).toEqual({ position: 15000, playing: false });
    expect(step({ ...base, loop: true })).toEqual({ position: 15000, playing: true });
    expect(step({ ...base, position: 15000, loop: true })).toEqual({ position: 0, playing: true });
    expect(step({ ...base, max: 5000, position: 4990, live: true })).toEqual({ position: 5000, playing: true });
  });

  it("restarts from 0 when play is pressed at the end", () => {
    expect(playStart(15000, 15000)).toBe(0);
    expect(playStart(300, 15000)).toBe(300);
  });

  it("clamps iterations", () => {
    expect(clampIteration(-5, 100)).toBe(0);
    expect(clampIteration(100.6, 100)).toBe(100);
    expect(clampIteration(42.4, 100)).toBe(42);
    expect(clampIteration(NaN, 100)).toBe(0);
  });
});

describe("throttle", () => {
  it("calls at most once per interval and delivers the last call", () => {
    vi.useFakeTimers();
    let now = 0;
    const fn = vi.fn();
    const t = throttle(fn, 100, () => now);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    now = 100;
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledTimes(2);
    t();
    t.flush();
    expect(fn).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
  });
});

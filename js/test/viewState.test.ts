import { describe, expect, it } from "vitest";
import { viewState, type Facts } from "../src/model/viewState";

const base: Facts = {
  status: "idle", error: "", notice: "", progress: { iteration: 0, total: 15000, rate: 0 }, offline: false, playing: false,
  playhead: 0, maxIteration: 0, iterations: 15000, complete: false, frameIterations: [0, 100, 200, 300], frameCount: 0, iterCount: 0,
  duration: 18, loop: false, follow: false, showTest: false, hasTestPoints: true,
};
const at = (over: Partial<Facts>) => viewState({ ...base, ...over });

describe("viewState: training controls", () => {
  it("Train acts when idle or stopped; Pause and Stop training show only while training or paused", () => {
    expect(at({})).toMatchObject({ trainLabel: "Train", trainDisabled: false, trainingButtonsHidden: true, statusText: "ready" });
    expect(at({ status: "training" })).toMatchObject({ trainDisabled: true, trainingButtonsHidden: false, pauseDisabled: false,
      stopDisabled: false, pauseLabel: "Pause training" });
    expect(at({ status: "paused" })).toMatchObject({ trainDisabled: true, pauseLabel: "Resume training", progressActive: false });
    expect(at({ status: "stopped" })).toMatchObject({ trainLabel: "Continue training", trainAction: "train", trainDisabled: false,
      trainingButtonsHidden: true });
    expect(at({ status: "diverged" })).toMatchObject({ statusText: "diverged", trainingButtonsHidden: true });
    expect(at({ status: "closed" }).trainDisabled).toBe(true);
    expect(at({ status: "error" }).trainDisabled).toBe(true); // the kernel trains no failed run: Reset starts a new one
    expect(at({ status: "nonsense" }).status).toBe("idle");
    expect(at({ offline: true }).controlsHidden).toBe(true);
  });

  it("a finished run offers the next action: Train again (a new run, trained), never a dead Train button", () => {
    for (const status of ["done", "diverged"]) {
      expect(at({ status })).toMatchObject({ trainLabel: "Train again", trainAction: "again", trainDisabled: false });
    }
  });

  it("errors show only in the error state, with a fallback text; notices always", () => {
    expect(at({ error: "x" }).errorText).toBeNull();
    expect(at({ status: "error", error: "ValueError: bad" }).errorText).toBe("ValueError: bad");
    expect(at({ status: "error" }).errorText).toBe("Training failed.");
    expect(at({ notice: "random ×10 diverged at iteration 1" }).noticeText).toMatch(/diverged/);
  });

  it("progress says the iteration and rate while training, the iteration after", () => {
    const p = { iteration: 4200, total: 15000, rate: 12345 };
    expect(at({ status: "training", progress: p }).progressText).toMatch(/^iteration 4,200 \/ 15,000 · 12/);
    expect(at({ status: "done", progress: { ...p, iteration: 15000 } }).progressText).toBe("iteration 15,000 / 15,000");
    expect(at({ status: "training", progress: p }).progressFraction).toBeCloseTo(0.28);
  });
});

describe("viewState: player options", () => {
  it("offers the usual durations plus the one set from Python, clamped", () => {
    expect(at({}).durationOptions).toEqual([5, 10, 18, 30, 60]);
    expect(at({ duration: 20 })).toMatchObject({ duration: 20, durationOptions: [5, 10, 18, 20, 30, 60] });
    expect(at({ duration: NaN }).duration).toBe(18);
    expect(at({ hasTestPoints: false }).testToggleHidden).toBe(true);
  });
});

describe("viewState: playback", () => {
  const trained = { maxIteration: 15000, iterCount: 15000, frameCount: 4, complete: true, status: "done" };

  it("the timeline spans the whole run, shaded to what was received", () => {
    const s = at({ status: "training", maxIteration: 6000, playhead: 1500, playing: true });
    expect(s.timelineMax).toBe(15000);
    expect(s.fillPercent).toBeCloseTo(10);
    expect(s.loadedPercent).toBeCloseTo(40);
    expect(s.trainedText).toBe("trained 6,000");
    expect(s.timeText).toBe("1,500 / 15,000");
  });

  it("says what was trained only while it is ahead of the picture", () => {
    expect(at({ ...trained, playhead: 15000 }).trainedText).toBeNull();
    expect(at({ ...trained, playhead: 300, playing: true }).trainedText).toBe("trained 15,000");
    expect(at({ ...trained, playhead: 300 }).trainedText).toBeNull(); // a scrubbed, paused view
  });

  it("offers Replay at the end of a finished run, not while playing or training", () => {
    expect(at({ ...trained, playhead: 15000 }).replay).toBe(true);
    expect(at({ ...trained, playhead: 15000, playing: true }).replay).toBe(false);
    expect(at({ ...trained, playhead: 14000 }).replay).toBe(false);
    expect(at({ ...trained, playhead: 15000, status: "training" }).replay).toBe(false);
    expect(at({ ...trained, playhead: 15000, complete: false }).replay).toBe(false);
  });

  it("shows the frame at or before the playhead, and its iteration", () => {
    expect(at({ ...trained, playhead: 250 })).toMatchObject({ frame: 2, shownIteration: 200 });
    expect(at({ ...trained, playhead: 0 })).toMatchObject({ frame: 0, shownIteration: 0 });
    expect(at({ iterCount: 50, playhead: 80 })).toMatchObject({ frame: -1, shownIteration: 49 }); // no frames: last cost
  });
});

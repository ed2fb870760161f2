/**
 * Every rule for what the screen shows, as one pure function of the facts (traits, store, playback):
 * which training buttons show and what they say (training's own, named as such: the player owns
 * play / pause of the picture), what the status and progress say, where the playhead and the
 * timeline stand, what was trained beyond what is shown, when Replay is offered, which frame is
 * shown. Views only copy this onto the DOM; the rules are unit-tested in node (viewState.test.ts).
 */
import { formatInt, formatProgress } from "./format";
import { clampDuration, DURATIONS, frameIndexAt } from "./player";
import { asStatus, isActive, isFinished, STATUS, STATUS_TEXT, type Status } from "./status";

export interface Facts {
  status: unknown;
  error: string;
  notice: string;
  progress: { iteration: number; total: number; rate: number } | null | undefined;
  offline: boolean;
  playing: boolean;
  playhead: number;
  /** Largest iteration held (what has been trained and received). */
  maxIteration: number;
  /** Iterations of the whole run (0 without a run). */
  iterations: number;
  /** The store holds the whole run. */
  complete: boolean;
  frameIterations: ArrayLike<number>;
  frameCount: number;
  iterCount: number;
  /** Player options (traits). */
  duration: number;
  loop: boolean;
  follow: boolean;
  showTest: boolean;
  /** The run has test points to show. */
  hasTestPoints: boolean;
}

export interface ViewState {
  status: Status;
  statusText: string;
  /** Training controls (hidden without a kernel). */
  controlsHidden: boolean;
  /** The Train button: start, continue a stopped run, or (a finished one) start over and train again. */
  trainLabel: TrainLabel;
  trainAction: "train" | "again";
  trainDisabled: boolean;
  /** Pause / Stop training: shown only while there is training to pause or stop. */
  trainingButtonsHidden: boolean;
  pauseDisabled: boolean;
  stopDisabled: boolean;
  pauseLabel: "Pause training" | "Resume training";
  progressText: string;
  /** 0..1 of the run trained. */
  progressFraction: number;
  progressActive: boolean;
  errorText: string | null;
  noticeText: string;
  /** The timeline spans the whole run like a video player; the received part is shaded. */
  timelineMax: number;
  fillPercent: number;
  loadedPercent: number;
  timeText: string;
  /** "trained 15,000" while training is ahead of what is shown, else null. */
  trainedText: string | null;
  replay: boolean;
  /** The picture is playing (the player's ▶ / ⏸). */
  playing: boolean;
  /** Frame shown (-1: none yet) and the iteration it stands for (what the read-outs show). */
  frame: number;
  shownIteration: number;
  /** Seconds a run takes to play, and the choices offered (the current one included). */
  duration: number;
  durationOptions: number[];
  loop: boolean;
  follow: boolean;
  showTest: boolean;
  testToggleHidden: boolean;
}

export type TrainLabel = "Train" | "Continue training" | "Train again";

export function viewState(f: Facts): ViewState {
  const status = asStatus(f.status);
  const active = isActive(status);
  const p = f.progress;
  const fraction = p && p.total ? clamp01(p.iteration / p.total) : f.iterations ? clamp01(f.iterCount / f.iterations) : 0;
  const span = Math.max(f.maxIteration, f.iterations);
  const frame = frameIndexAt(f.frameIterations, f.frameCount, f.playhead);
  const ahead = f.maxIteration > f.playhead && (f.playing || active);
  const duration = clampDuration(f.duration);
  return {
    status,
    statusText: STATUS_TEXT[status],
    controlsHidden: f.offline,
    trainLabel: isFinished(status) ? "Train again" : status === STATUS.stopped ? "Continue training" : "Train",
    trainAction: isFinished(status) ? "again" : "train",
    trainDisabled: active || status === STATUS.closed || status === STATUS.error,
    trainingButtonsHidden: !active,
    pauseDisabled: !active,
    stopDisabled: !active,
    pauseLabel: status === STATUS.paused ? "Resume training" : "Pause training",
    progressText: active ? formatProgress(p) : p && p.total ? formatProgress({ ...p, rate: 0 }) : "",
    progressFraction: fraction,
    progressActive: status === STATUS.training,
    errorText: status === STATUS.error ? f.error || "Training failed." : null,
    noticeText: f.notice,
    timelineMax: span,
    fillPercent: span > 0 ? (f.playhead / span) * 100 : 0,
    loadedPercent: span > 0 ? (f.maxIteration / span) * 100 : 0,
    timeText: `${formatInt(f.playhead)} / ${formatInt(f.iterations)}`,
    trainedText: ahead ? `trained ${formatInt(f.maxIteration)}` : null,
    replay: !f.playing && !active && f.complete && f.maxIteration > 0 && f.playhead >= f.maxIteration,
    playing: f.playing,
    frame,
    shownIteration: frame >= 0 ? f.frameIterations[frame] : Math.min(f.playhead, Math.max(0, f.iterCount - 1)),
    duration,
    durationOptions: [...new Set<number>([...DURATIONS, duration])].sort((a, b) => a - b),
    loop: f.loop,
    follow: f.follow,
    showTest: f.showTest,
    testToggleHidden: !f.hasTestPoints,
  };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

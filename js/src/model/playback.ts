/**
 * Playback, the half of a Session that moves the picture: where the playhead stands (the one source
 * of truth: the `playhead` trait mirrors it, set locally every frame and sent to the kernel
 * throttled to ~10/s, and a value the kernel sets is adopted), play / pause at the run's pace, auto-play
 * when training starts or a view first shows a fresh run, scrubbing, following the live edge.
 * The kernel link (sync, deltas, archive) is the Session's (session.ts), which extends this.
 */
import type { AnyModel } from "@anywidget/types";
import { clampIteration, playStart, step, throttle } from "./player";
import type { ToKernel } from "./protocol";
import { asStatus, isActive, STATUS } from "./status";
import { Emitter, Store } from "./store";
import type { Traits } from "./traits";

export type Model = AnyModel<Traits>;

const raf: (cb: (t: number) => void) => number =
  typeof requestAnimationFrame === "function" ? requestAnimationFrame : (cb) => setTimeout(() => cb(Date.now()), 16) as unknown as number;
const caf: (id: number) => void = typeof cancelAnimationFrame === "function" ? cancelAnimationFrame : (id) => clearTimeout(id);

export class Playback {
  readonly store = new Store();
  /** Playback (not training) state. */
  playing = false;
  readonly playChanged = new Emitter();
  /** Views on screen: playback runs only while one is. */
  views = 0;
  /** Where playback stands (fractional iterations between frames): the playhead is this, rounded. */
  private position = 0;
  private lastTick = 0;
  private rafId = 0;
  /** Play at the watchable pace as soon as there is a view and something to show. */
  protected wantPlay = false;
  private wasTraining = false;
  /**
   * The playhead goes to the kernel as a custom message (~10/s), not as a trait sync: a widget
   * model holds back trait updates while the kernel is busy (e.g. in `w.wait()`), and the last of
   * them could be lost, leaving the kernel's playhead behind what the user sees.
   */
  private savePlayhead = throttle(
    () => this.send({ type: "playhead", iteration: Number(this.model.get("playhead")) }), 100);

  constructor(readonly model: Model) {
    this.position = Number(model.get("playhead")) || 0;
  }

  /** Run `fn`, which talks to the kernel; without one (exported HTML, closed comm) state still works locally. */
  protected safe(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      console.debug("[init-widget]", e);
    }
  }

  protected send(msg: ToKernel): void {
    this.safe(() => this.model.send(msg));
  }

  /** Current playhead, clamped to what is available. */
  get playhead(): number {
    return clampIteration(this.position, this.store.maxIteration);
  }

  /** Move the playhead (the trait follows; `save` also tells the kernel, throttled). */
  setPlayhead(it: number, save = true): void {
    const v = clampIteration(it, this.store.maxIteration);
    this.position = v;
    this.mirror(v, save);
  }

  private mirror(v: number, save: boolean): void {
    if (this.model.get("playhead") !== v) {
      this.model.set("playhead", v);
      if (save) this.savePlayhead();
    }
  }

  /** The trait changed: our own mirror is already in place; a value set elsewhere (the kernel) moves the playhead. */
  protected adoptPlayhead(): void {
    const v = Number(this.model.get("playhead"));
    if (Number.isFinite(v) && v !== clampIteration(this.position, this.store.maxIteration)) this.position = v;
  }

  protected followLive(): void {
    this.setPlayhead(this.store.maxIteration);
  }

  /** User moved the playhead: stop playback and stop following live. */
  scrubTo(it: number): void {
    this.wantPlay = false;
    this.pause();
    if (this.model.get("follow_live") && this.isLive()) {
      this.model.set("follow_live", false);
      this.safe(() => this.model.save_changes());
    }
    this.setPlayhead(it);
  }

  /** The kernel is training (or paused mid-run). */
  training(): boolean {
    return isActive(asStatus(this.model.get("status")));
  }

  isLive(): boolean {
    return this.training() && !this.store.done;
  }

  /** The status changed: show the end of a run we followed; play a run that just started at the pace. */
  protected onStatus(): void {
    const st = asStatus(this.model.get("status"));
    const ended = st === STATUS.done || st === STATUS.stopped;
    if (ended && this.wasTraining && this.model.get("follow_live") && !this.playing) this.followLive();
    // Training runs ahead in the background; the picture plays at the watchable pace.
    if (this.training() && !this.wasTraining && !this.model.get("follow_live")) {
      this.wantPlay = true;
      this.autoplay();
    }
    this.wasTraining = this.training();
  }

  /** Remember whether the kernel trains now (at start), so the next status change is read against it. */
  protected noteTraining(): void {
    this.wasTraining = this.training();
  }

  /**
   * A view appeared. A run that is training, or was trained but never shown (playhead 0: displayed
   * after `w.start(); w.wait()`, or by a host that renders late, like Voila), plays at the pace
   * (`playFresh`: not without a kernel). Returns what to call when the view goes.
   */
  protected attachPlayback(playFresh: boolean): () => void {
    this.views++;
    const fresh = this.training() || Number(this.model.get("playhead")) === 0;
    if (this.views === 1 && fresh && !this.model.get("follow_live") && playFresh) this.wantPlay = true;
    this.autoplay();
    return () => {
      this.views--;
      if (this.views <= 0) this.pause();
    };
  }

  protected autoplay(): void {
    if (!this.wantPlay || this.views <= 0 || this.playing || !this.store.setup) return;
    if (!this.training() && this.store.maxIteration <= 0) return; // wait for the data
    this.wantPlay = false;
    this.play();
  }

  play(): void {
    if (this.playing || !this.store.setup) return;
    let start = playStart(this.playhead, this.store.maxIteration);
    if (this.isLive() && start >= this.store.maxIteration) start = 0;
    this.setPlayhead(start); // at the end, play starts over: shown at once, not on the next tick
    this.playing = true;
    this.lastTick = 0;
    this.rafId = raf((t) => this.tick(t));
    this.playChanged.emit();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    caf(this.rafId);
    this.rafId = 0;
    this.savePlayhead.flush();
    this.playChanged.emit();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  private tick(t: number): void {
    if (!this.playing) return;
    if (this.views <= 0) {
      this.pause();
      return;
    }
    const dt = this.lastTick ? t - this.lastTick : 16;
    this.lastTick = t;
    const out = step({
      position: this.position,
      dtMs: dt,
      speed: Number(this.model.get("speed")) || 1,
      duration: Number(this.model.get("duration")),
      total: this.store.setup?.iterations ?? 1,
      max: this.store.maxIteration,
      loop: !!this.model.get("loop"),
      live: this.isLive(),
    });
    this.position = out.position;
    this.mirror(clampIteration(out.position, this.store.maxIteration), true);
    if (out.playing) this.rafId = raf((t2) => this.tick(t2));
    else {
      this.playing = false;
      this.savePlayhead.flush();
      this.playChanged.emit();
    }
  }

  /** Stop playing and drop a playhead not yet sent. */
  protected stopPlayback(): void {
    this.pause();
    this.savePlayhead.cancel();
  }
}

/**
 * Session: the per-widget-model state shared by all views of one widget: the Store fed by kernel
 * deltas / the archive trait, sync requests, and the playback controller. The Session's position is
 * the one source of truth for the playhead: the `playhead` trait mirrors it (set locally every
 * frame, sent to the kernel throttled to ~10/s) and a value the kernel sets is adopted from it.
 */
import type { AnyModel } from "@anywidget/types";
import { asBytes, decodeBlob, encodeArchive, type Setup } from "./protocol";
import { Emitter, Store } from "./store";
import { clampIteration, playStart, step, throttle } from "./player";
import type { ScaleChoice } from "./chartscale";

export interface Traits {
  _setup: Setup | null;
  status: string;
  error: string;
  progress: { iteration: number; total: number; rate: number } | null;
  playhead: number;
  speed: number;
  duration: number;
  notice: string;
  loop: boolean;
  follow_live: boolean;
  show_test: boolean;
  log_scale: boolean;
  _archive: unknown;
}

export type Model = AnyModel<Traits>;

const raf: (cb: (t: number) => void) => number =
  typeof requestAnimationFrame === "function" ? requestAnimationFrame : (cb) => setTimeout(() => cb(Date.now()), 16) as unknown as number;
const caf: (id: number) => void = typeof cancelAnimationFrame === "function" ? cancelAnimationFrame : (id) => clearTimeout(id);

function validSetup(s: unknown): Setup | null {
  const v = s as Setup | null;
  return v && typeof v === "object" && Array.isArray(v.models) && typeof v.run_id === "number" ? v : null;
}

let nextId = 1;

/** A kernel that has not answered a sync by then is taken to be absent. */
export const OFFLINE_AFTER_MS = 4000;

export class Session {
  /** Distinct per session (shown as data-session on each view's root: views of one model share it). */
  readonly id = nextId++;
  readonly store = new Store();
  /** Playback (not training) state. */
  playing = false;
  /** Where playback stands (fractional iterations between frames): the playhead is this, rounded. */
  private position = 0;
  private lastTick = 0;
  private rafId = 0;
  readonly playChanged = new Emitter();
  /** The reader's log / linear choice for the cost chart (null: the chart decides), shared by all views. */
  scaleChoice: ScaleChoice;
  readonly scaleChanged = new Emitter();
  /** No kernel answers (exported HTML sets `_offline`; a reopened saved notebook never replies to sync). */
  offline: boolean;
  readonly offlineChanged = new Emitter();
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private syncPendingUntil = 0;
  /** The run whose archive is being encoded, so one completion starts one encoding. */
  private archiving: number | null = null;
  private disposers: (() => void)[] = [];
  /**
   * The playhead goes to the kernel as a custom message (~10/s), not as a trait sync: a widget
   * model holds back trait updates while the kernel is busy (e.g. in `w.wait()`), and the last of
   * them could be lost, leaving the kernel's playhead behind what the user sees.
   */
  private savePlayhead = throttle(
    () => this.safe(() => this.model.send({ type: "playhead", iteration: Number(this.model.get("playhead")) })),
    100,
  );
  views = 0;
  /** Play at the watchable pace as soon as there is a view and something to show. */
  private wantPlay = false;
  lastError = "";

  constructor(readonly model: Model) {
    this.offline = !!(model.get as (k: string) => unknown)("_offline");
    const on = (ev: string, fn: (...a: any[]) => void) => {
      model.on(ev, fn);
      this.disposers.push(() => model.off(ev as any, fn));
    };
    on("msg:custom", (msg: any, buffers: DataView[]) => this.onMessage(msg, buffers));
    on("change:_setup", () => this.onSetup());
    on("change:_archive", () => this.loadArchive());
    on("change:progress", () => this.setOffline(false)); // only a live kernel moves it
    on("change:status", () => {
      // Training just ended: show its end if we were following it.
      const st = model.get("status");
      if ((st === "done" || st === "stopped") && this.wasTraining && model.get("follow_live") && !this.playing) this.followLive();
      // Training just started: play it at the watchable pace (training runs ahead in the background).
      if (this.training() && !this.wasTraining && !model.get("follow_live")) {
        this.wantPlay = true;
        this.autoplay();
      }
      this.wasTraining = this.training();
    });
    on("change:playhead", () => this.adoptPlayhead());
    on("change:log_scale", () => this.setLogScale(!!model.get("log_scale")));
    on("change:follow_live", () => {
      if (model.get("follow_live") && !this.playing && this.isLive()) this.followLive();
    });
    this.position = Number(model.get("playhead")) || 0;
    this.scaleChoice = model.get("log_scale") ? "log" : null;
    this.onSetup(true);
    this.wasTraining = this.training();
  }

  get setup(): Setup | null {
    return this.store.setup;
  }

  private safe(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      // No kernel (exported HTML, closed comm): state still works locally.
      console.debug("[init-widget]", e);
    }
  }

  private onSetup(initial = false): void {
    const s = validSetup(this.model.get("_setup"));
    const cur = this.store.setup;
    if (!initial && s && cur && s.run_id === cur.run_id && s.models.length === cur.models.length) {
      this.store.setup = s; // same run: keep the data
      this.store.version++;
      this.store.changed.emit();
      return;
    }
    this.pause();
    this.store.reset(s);
    if (s) {
      this.loadArchive();
      this.requestSync(true);
    }
  }

  loadArchive(): void {
    const bytes = asBytes(this.model.get("_archive"));
    // A complete store has nothing to learn from an archive (its own, just saved, included).
    if (!bytes || bytes.byteLength === 0 || !this.store.setup || this.store.done) return;
    try {
      const r = this.store.append(decodeBlob(bytes));
      if (r === "gap") this.requestSync();
    } catch (e) {
      console.warn("[init-widget] could not read the archive", e);
    }
  }

  requestSync(force = false): void {
    const s = this.store.setup;
    if (!s) return;
    const now = Date.now();
    if (!force && now < this.syncPendingUntil) return;
    this.syncPendingUntil = now + 1000;
    if (!this.offline && !this.offlineTimer) this.offlineTimer = setTimeout(() => this.setOffline(true), OFFLINE_AFTER_MS);
    this.safe(() =>
      this.model.send({ type: "sync", run_id: s.run_id, iterations: this.store.iterCount, frames: this.store.frameCount }),
    );
  }

  private setOffline(value: boolean): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    if (this.offline === value) return;
    this.offline = value;
    this.offlineChanged.emit();
  }

  private onMessage(msg: any, buffers: DataView[]): void {
    this.setOffline(false); // the kernel answers every sync, with a delta or "ready"
    if (!msg || msg.type !== "delta") return;
    const buf = buffers?.[0];
    if (!buf || !this.store.setup || msg.run_id !== this.store.setup.run_id) return;
    let result;
    try {
      result = this.store.append(decodeBlob(buf));
    } catch (e) {
      this.lastError = String(e);
      console.warn("[init-widget] bad delta", e);
      this.requestSync();
      return;
    }
    if (result === "gap") this.requestSync();
    else if (result === "ok") {
      this.syncPendingUntil = 0;
      // Follow only while training (the last delta, done=true, included): a sync answer after a
      // reload of a finished run must not move the playhead.
      if (this.model.get("follow_live") && !this.playing && this.training()) this.followLive();
      this.autoplay();
      if (this.store.done) this.saveArchive();
    }
  }

  /**
   * A run just completed from kernel deltas: keep it in the `_archive` trait so a notebook saved
   * with widget state replays it without a kernel. It goes up to the kernel once (the trait does
   * not echo back), never down: the stream stays the only copy sent to the browser.
   */
  private saveArchive(): void {
    const bytes = asBytes(this.model.get("_archive"));
    const runId = this.store.setup!.run_id;
    if ((bytes && bytes.byteLength > 0) || this.archiving === runId) return;
    this.archiving = runId;
    // The run's arrays as they are now (a new run gets new ones); encoded without blocking the page.
    const run = { ...this.store, runId, costs: [...this.store.costs], frames: [...this.store.frames] };
    encodeArchive(run).then(
      (blob) => {
        const now = asBytes(this.model.get("_archive"));
        if (this.store.setup?.run_id !== runId || (now && now.byteLength > 0)) return; // reset meanwhile
        this.safe(() => {
          this.model.set("_archive", new DataView(blob.buffer));
          this.model.save_changes();
        });
      },
      (e) => console.warn("[init-widget] could not encode the archive", e),
    );
  }

  command(action: string): void {
    this.safe(() => this.model.send({ type: "command", action }));
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
  private adoptPlayhead(): void {
    const v = Number(this.model.get("playhead"));
    if (Number.isFinite(v) && v !== clampIteration(this.position, this.store.maxIteration)) this.position = v;
  }

  /**
   * The reader ticked or unticked the log scale (or Python set `log_scale`): redraw now, even when
   * the trait keeps its value (unticking a log axis the chart chose by itself leaves it false).
   */
  setLogScale(on: boolean): void {
    const choice: ScaleChoice = on ? "log" : "linear";
    if (!!this.model.get("log_scale") !== on) {
      this.model.set("log_scale", on);
      this.safe(() => this.model.save_changes());
    }
    if (choice === this.scaleChoice) return;
    this.scaleChoice = choice;
    this.scaleChanged.emit();
  }

  private followLive(): void {
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

  private wasTraining = false;

  /** The kernel is training (or paused mid-run). */
  training(): boolean {
    const st = this.model.get("status");
    return st === "training" || st === "paused";
  }

  isLive(): boolean {
    const st = this.model.get("status");
    return (st === "training" || st === "paused") && !this.store.done;
  }

  /**
   * A view appeared. A run that is training, or was trained but never shown (playhead 0: displayed
   * after `w.start(); w.wait()`, or by a host that renders late, like Voila), plays at the pace.
   */
  attachView(): () => void {
    this.views++;
    const fresh = this.training() || Number(this.model.get("playhead")) === 0;
    if (this.views === 1 && fresh && !this.model.get("follow_live") && !this.offline) this.wantPlay = true;
    this.autoplay();
    return () => {
      this.views--;
      if (this.views <= 0) this.pause();
    };
  }

  private autoplay(): void {
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

  dispose(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.pause();
    this.savePlayhead.cancel();
    for (const d of this.disposers) d();
    this.disposers = [];
  }
}

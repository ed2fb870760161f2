/**
 * Session: the per-widget-model state shared by all views of one widget. Its playback half (where
 * the playhead stands, play / pause at the pace) is `Playback` (playback.ts); this half is the link
 * with the kernel: the Store fed by kernel deltas and the archive trait, sync requests, saving a
 * completed run to the archive, commands, whether a kernel answers, the reader's scale choice.
 */
import type { ScaleChoice } from "./chartscale";
import { Playback, type Model } from "./playback";
import { asBytes, decodeBlob, encodeArchive, type Command, type Setup, type ToFrontEnd } from "./protocol";
import { Emitter } from "./store";

export type { Model } from "./playback";
export type { Traits } from "./traits";

function validSetup(s: unknown): Setup | null {
  const v = s as Setup | null;
  return v && typeof v === "object" && Array.isArray(v.models) && typeof v.run_id === "number" ? v : null;
}

let nextId = 1;

/** A kernel that has not answered a sync by then is taken to be absent. */
export const OFFLINE_AFTER_MS = 4000;

export class Session extends Playback {
  /** Distinct per session (shown as data-session on each view's root: views of one model share it). */
  readonly id = nextId++;
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
  /** The last archive encoding: settles once its blob is saved, or dropped for a run reset meanwhile. */
  archived: Promise<void> = Promise.resolve();
  private disposers: (() => void)[] = [];
  lastError = "";

  constructor(model: Model) {
    super(model);
    this.offline = !!(model.get as (k: string) => unknown)("_offline");
    const on = (ev: string, fn: (...a: any[]) => void) => {
      model.on(ev, fn);
      this.disposers.push(() => model.off(ev as any, fn));
    };
    on("msg:custom", (msg: ToFrontEnd | null, buffers: DataView[]) => this.onMessage(msg, buffers));
    on("change:_setup", () => this.onSetup());
    on("change:_archive", () => this.loadArchive());
    on("change:progress", () => this.setOffline(false)); // only a live kernel moves it
    on("change:status", () => this.onStatus());
    on("change:playhead", () => this.adoptPlayhead());
    on("change:log_scale", () => this.setLogScale(!!model.get("log_scale")));
    on("change:follow_live", () => {
      if (model.get("follow_live") && !this.playing && this.isLive()) this.followLive();
    });
    this.scaleChoice = model.get("log_scale") ? "log" : null;
    this.onSetup(true);
    this.noteTraining();
  }

  get setup(): Setup | null {
    return this.store.setup;
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
    this.send({ type: "sync", run_id: s.run_id, iterations: this.store.iterCount, frames: this.store.frameCount });
  }

  private setOffline(value: boolean): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    if (this.offline === value) return;
    this.offline = value;
    this.offlineChanged.emit();
  }

  private onMessage(msg: ToFrontEnd | null, buffers: DataView[]): void {
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
    this.archived = encodeArchive(run).then(
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

  /** Tell the kernel's training what to do (only a command of the contract compiles). */
  command(action: Command): void {
    this.send({ type: "command", action });
  }

  /** A view appeared (a run not yet shown plays at the pace, unless no kernel answers); returns its detach. */
  attachView(): () => void {
    return this.attachPlayback(!this.offline);
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

  dispose(): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.stopPlayback();
    for (const d of this.disposers) d();
    this.disposers = [];
  }
}

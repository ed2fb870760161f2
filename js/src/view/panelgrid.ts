/**
 * The boundary panels: one per model in a grid sized by the view's layout, the colour legend under
 * them, the painting of the frame at the playhead (with the render statistics benchmarks read),
 * the uniform-output notes and the canvases' text alternatives (updated at a calm rate).
 */
import { CLASS_COLORS, cssGradient, type Theme } from "./colormap";
import { h, setText } from "./dom";
import { formatAcc, formatCost, formatInt } from "../model/format";
import type { Layout } from "../model/layout";
import { throttle } from "../model/player";
import { labelOf, type Setup } from "../model/protocol";
import type { Store } from "../model/store";
import type { ViewState } from "../model/viewState";
import { createPanel, describePanel, perf, uniformNote, type Panel } from "./panels";
import { seedGroups } from "../model/seeds";
import { attachSeedPick } from "./seedpick";
import { SeedStrip } from "./seedstrip";

/** Canvas text alternatives change at most this often (ms): twice a second. */
const DESCRIBE_MS = 500;

export class PanelGrid {
  readonly grid = h("div", { class: "iw-panels" });
  readonly dots = [h("span", { class: "iw-dot" }), h("span", { class: "iw-dot" })];
  readonly gradient = h("span", { class: "iw-legend-bar" });
  readonly legend = h("div", { class: "iw-maplegend" }, [
    this.dots[0], h("span", { text: "class 0" }), this.gradient, this.dots[1], h("span", { text: "class 1" }),
    h("span", { class: "iw-sep", text: "·" }), h("span", { class: "iw-diamond" }), h("span", { text: "test" }),
    h("span", { class: "iw-sep", text: "·" }), h("span", { class: "iw-iso" }), h("span", { text: "p = 0.5" }),
  ]);
  readonly el = h("div", { class: "iw-panelcol" }, [this.grid, this.legend]);
  panels: Panel[] = [];
  /** The store row each panel paints: its model, or with seeds= its initializer's chosen seed. */
  rows: number[] = [];
  /** A seeds= run's accuracy spread, a row at the foot of each panel. */
  private strip: SeedStrip | null = null;
  framesPainted = 0;
  private signature = "";
  private describeSoon = throttle(() => this.describe(), DESCRIBE_MS);
  private picks = new AbortController();

  /** `changed` is called when the reader picks another seed for a panel. */
  constructor(private store: Store, private changed: () => void = () => {}) {}

  /** One panel per model of a new run (a no-op for the same run). */
  build(setup: Setup | null): boolean {
    const sig = JSON.stringify([setup?.run_id, setup?.models, setup?.grid, !!setup?.points]);
    if (sig === this.signature) return false;
    this.signature = sig;
    this.picks.abort();
    this.picks = new AbortController();
    const groups = seedGroups(setup?.models ?? []);
    if (groups) {  // one panel per initializer, showing the chosen seed's boundary
      this.panels = groups.map((g) => createPanel({ name: g.initializer, label: g.label, color: g.color, note: g.note }, setup));
      this.rows = groups.map((g) => g.entries[0]);
      this.strip = new SeedStrip(groups, this.store);
      this.panels.forEach((p, k) => p.el.append(this.strip!.rows[k].el));
      this.panels.forEach((p, k) => attachSeedPick(p, groups[k], (i) => {
        this.rows[k] = groups[k].entries[i];
        this.changed();
      }, this.picks.signal));
    } else {
      this.panels = (setup?.models ?? []).map((m) => createPanel(m, setup));
      this.rows = this.panels.map((_, k) => k);
      this.strip = null;
    }
    this.grid.replaceChildren(...this.panels.map((p) => p.el));
    this.legend.hidden = !setup?.grid;
    return true;
  }

  setTheme(theme: Theme): void {
    this.gradient.style.background = cssGradient(theme);
    this.dots.forEach((d, k) => (d.style.background = CLASS_COLORS[theme][k]));
    for (const p of this.panels) p.painter?.invalidate();
  }

  /** Size the grid and every canvas (model/layout.ts decided). */
  size(l: Layout, wide: boolean, dpr: number): void {
    const canvases = this.panels.some((p) => p.wrap);
    this.grid.style.gridTemplateColumns = canvases ? `repeat(${l.columns}, ${l.cellW + 2}px)` : "";
    this.el.style.width = wide ? `${l.panelsW + 2 * l.columns}px` : "";
    for (const p of this.panels) {
      if (!p.painter || !p.wrap) continue;
      p.wrap.style.height = `${l.canvasH}px`;
      if (p.canvas) p.canvas.style.width = `${l.canvasW}px`;
      p.painter.resize(l.canvasW, l.canvasH, dpr);
    }
  }

  /** The tallest title bar + read-outs (a long name wraps): what a panel adds to its canvas. */
  extraHeight(fallback: number): number {
    const withCanvas = this.panels.filter((p) => p.wrap);
    return withCanvas.length ? Math.max(...withCanvas.map((p) => p.el.offsetHeight - p.wrap!.offsetHeight)) : fallback;
  }

  /** Paint the frame of the state, update read-outs; returns how many canvases were painted and the time it took. */
  paint(s: ViewState, setup: Setup, theme: Theme): { painted: number; ms: number; withData: boolean } {
    const store = this.store;
    const t0 = performance.now();
    let painted = 0;
    let withData = false;
    const points = { train: setup.points?.train ?? null, test: setup.points?.test ?? null };
    this.panels.forEach((p, panel) => {
      const k = this.rows[panel];
      if (p.painter && setup.grid) {
        const frame = store.frame(k, s.frame);
        if (p.painter.paint(frame, `${setup.run_id}:${s.frame}:${store.grid}:${k}`, setup.grid, points, s.showTest, theme)) {
          painted++;
          if (frame) withData = true;
          this.explain(p, uniformNote(frame, p.model.name));
        }
      }
      setText(p.iteration, formatInt(s.shownIteration));
      setText(p.cost, store.iterCount > 0 ? formatCost(store.cost(k, s.shownIteration)) : "—");
      setText(p.train, s.frame >= 0 ? formatAcc(store.trainAcc[k][s.frame]) : "—");
      setText(p.test, s.frame >= 0 && store.hasTest ? formatAcc(store.testAcc[k][s.frame]) : "—");
    });
    this.strip?.update(s.frame);
    this.describeSoon();
    const ms = performance.now() - t0;
    if (painted) this.record(painted, ms, withData);
    return { painted, ms, withData };
  }

  /** The fact first; the reason gives way in a narrow panel (the text alternative keeps both). */
  private explain(p: Panel, note: string): void {
    if (p.note.dataset.text !== note) {
      const [fact, why] = note.split(": ");
      p.note.dataset.text = note;
      p.note.replaceChildren(h("span", { text: fact }), h("span", { class: "iw-why", text: why ? `: ${why}` : "" }));
    }
    p.note.hidden = !note;
  }

  private record(painted: number, ms: number, withData: boolean): void {
    this.framesPainted += painted;
    const pf = perf();
    pf.lastRenderMs = ms;
    pf.paints += painted;
    pf.samples.push(ms);
    if (pf.samples.length > 600) pf.samples.splice(0, pf.samples.length - 600);
    if (withData && pf.firstPaint === null) pf.firstPaint = performance.now();
  }

  private describe(): void {
    for (const p of this.panels)
      p.canvas?.setAttribute("aria-label", describePanel(labelOf(p.model), p.iteration.textContent ?? "", p.cost.textContent ?? "",
        p.train.textContent ?? "", p.test.textContent ?? "", p.note.hidden ? "" : p.note.dataset.text ?? ""));
  }

  dispose(): void {
    this.describeSoon.cancel();
    this.picks.abort();
    this.el.remove();
  }
}

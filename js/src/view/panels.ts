/**
 * A model's panel (title, boundary canvas or a note for non-2-D data, readouts) and the page-wide
 * render statistics that benchmarks read from `window.__iwPerf`.
 */
import { h } from "./dom";
import { formatInt } from "../model/format";
import { seedsText } from "../model/seeds";
import { HeatmapPainter } from "./heatmap";
import { labelOf, type ModelSpec, type Setup } from "../model/protocol";

export interface Panel {
  el: HTMLElement;
  painter: HeatmapPainter | null;
  iteration: HTMLElement;
  cost: HTMLElement;
  train: HTMLElement;
  test: HTMLElement;
  wrap: HTMLElement | null;
  /** Shown over the canvas when the picture alone would look broken (a uniform output). */
  note: HTMLElement;
  canvas: HTMLCanvasElement | null;
  model: ModelSpec;
}

/**
 * "output 0.50 everywhere: …" when every byte of a boundary frame is the same (within one step of
 * 255), so a plain grey panel explains itself; "" otherwise.
 */
export function uniformNote(frame: Uint8Array | null, name: string): string {
  if (!frame || frame.length === 0) return "";
  let lo = 255;
  let hi = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = frame[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (hi - lo > 1) return "";
  }
  const out = ((lo + hi) / 2 / 255).toFixed(2).replace(/0$/, "");
  const why = name === "zeros" ? "every unit is the same" : "the same answer for every point";
  return `output ${out} everywhere: ${why}`;
}

/** The canvas's text alternative: what a sighted reader gets from the panel at this moment. */
export function describePanel(label: string, iteration: string, cost: string, train: string, test: string, note: string): string {
  const acc = test === "—" ? `train accuracy ${train}` : `train accuracy ${train}, test ${test}`;
  return `Decision boundary of ${label} at iteration ${iteration}: cost ${cost}, ${acc}${note ? `; ${note}` : ""}`;
}

export function createPanel(m: ModelSpec, setup: Setup | null): Panel {
  const iteration = h("span", { class: "iw-iteration", text: "0" });
  const cost = h("span", { class: "iw-cost", text: "—" });
  const train = h("span", { class: "iw-train-acc", text: "—" });
  const test = h("span", { class: "iw-test-acc", text: "—" });
  let wrap: HTMLElement | null = null;
  let painter: HeatmapPainter | null = null;
  let canvas: HTMLCanvasElement | null = null;
  let body: HTMLElement;
  const note = h("div", { class: "iw-panel-note", hidden: true });
  // a user's own initializer: what check_initializer says of it, above its boundary (over it, it hid a sixth of it)
  const verdict = m.note ? h("div", { class: "iw-panel-verdict", title: m.note },
    [h("span", { class: "iw-stat-label", text: "check " }), m.note.replace(`${m.name}: `, "")]) : null;
  if (setup?.grid) {
    canvas = h("canvas", { class: "iw-heatmap", role: "img", "aria-label": `Decision boundary of ${labelOf(m)}` });
    wrap = h("div", { class: "iw-canvas-wrap" }, [canvas, note]);
    painter = new HeatmapPainter(canvas);
    body = wrap;
  } else {
    const nx = setup?.layers?.[0];
    body = h("div", {
      class: "iw-nogrid",
      text: `Decision boundary needs 2-D inputs (this data has ${nx ?? "more than 2"} features); cost and accuracy still train.`,
    });
  }
  const stat = (label: string, value: HTMLElement) => h("div", { class: "iw-stat" }, [h("span", { class: "iw-stat-label", text: label }), value]);
  const el = h("div", { class: "iw-panel", "data-model": m.name, style: `--iw-model: ${m.color}` }, [
    h("div", { class: "iw-panel-head" }, [
      h("span", { class: "iw-swatch" }),
      h("span", { class: "iw-panel-title", text: labelOf(m), title: labelOf(m) }),
      h("span", { class: "iw-panel-iter" }, [h("span", { class: "iw-stat-label", text: "iteration " }), iteration]),
    ]),
    ...(verdict ? [verdict] : []),
    body,
    h("div", { class: "iw-stats" }, [stat("cost", cost), stat("train", train), stat("test", test)]),
  ]);
  return { el, painter, iteration, cost, train, test, wrap, note, canvas, model: m };
}

/** "2–10–5–1 · relu · lr 0.01 · 15,000 iterations · seed 3" */
export function subtitle(setup: Setup | null): string {
  if (!setup) return "";
  return [
    setup.layers ? setup.layers.join("–") : null,
    setup.activation ?? null,
    setup.learning_rate != null ? `lr ${setup.learning_rate}` : null,
    `${formatInt(setup.iterations)} iterations`,
    setup.seeds?.length ? seedsText(setup.seeds) : setup.seed != null ? `seed ${setup.seed}` : null,
  ].filter(Boolean).join(" · ");
}

interface PerfStats {
  lastRenderMs: number;
  firstPaint: number | null;
  paints: number;
  samples: number[];
  median(): number;
}

export function perf(): PerfStats {
  const w = globalThis as unknown as { __iwPerf?: PerfStats };
  if (!w.__iwPerf) {
    w.__iwPerf = {
      lastRenderMs: 0,
      firstPaint: null,
      paints: 0,
      samples: [],
      median() {
        const s = [...this.samples].sort((a, b) => a - b);
        return s.length ? s[s.length >> 1] : NaN;
      },
    };
  }
  return w.__iwPerf;
}



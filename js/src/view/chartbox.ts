/**
 * The cost chart's box: title, log-scale choice, the legend (each model's line, dash and cost at
 * the playhead), the scale note (model/chartscale.ts) and the canvas (costchart.ts), which the
 * reader can click or drag to move the playhead.
 */
import { CostChart } from "./costchart";
import { dashFor, LINE_WIDTH, robustHigh, type ChartColors, type CostSource } from "../model/chartmath";
import { chartScale, type ChartScale } from "../model/chartscale";
import { h, setText } from "./dom";
import { formatCost } from "../model/format";
import { labelOf, type Setup } from "../model/protocol";
import type { Session } from "../model/session";
import type { ViewState } from "../model/viewState";
import { lifetime, type Component } from "./component";
import { check } from "./playerbar";
import { bandText, SeedBands, seedGroups } from "../model/seeds";
import type { Store } from "../model/store";

export interface ChartBox extends Component {
  canvas: HTMLCanvasElement;
  chart: CostChart;
  build(setup: Setup | null): void;
  /** Draw with these colours (theme) when something changed. */
  draw(state: ViewState, colors: ChartColors, theme: string): void;
}

/** A short line in a model's colour and dash pattern, for the legend. */
function lineSample(color: string, dash: readonly number[]): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "iw-legend-line");
  svg.setAttribute("viewBox", "0 0 24 6");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
  for (const [k, v] of Object.entries({ x1: "0", y1: "3", x2: "24", y2: "3", stroke: color, "stroke-width": String(LINE_WIDTH),
    "stroke-dasharray": dash.map((d) => d * LINE_WIDTH).join(" ") || "none" })) line.setAttribute(k, v);
  svg.append(line);
  return svg;
}

/** What the chart draws: the store's lines, or (a seeds= run) one median line with its band per initializer. */
function sourceOf(store: Store, bands: SeedBands | null): CostSource {
  if (!bands) return store;
  bands.update(store.costs, store.iterCount);
  return { version: bands.version, setup: store.setup, stats: bands.stats, models: bands.models,
    iterCount: bands.iterCount, costs: bands.costs, bands: bands.bands };
}

/** Click or drag on the chart: the playhead goes to the iteration under the pointer. */
function attachScrub(canvas: HTMLCanvasElement, chart: CostChart, session: Session, signal: AbortSignal): void {
  const on = { signal };
  let dragging = false;
  const scrub = (e: PointerEvent) => {
    const total = session.store.setup?.iterations ?? 0;
    if (total > 0) session.scrubTo(chart.iterationAt(e.clientX - canvas.getBoundingClientRect().left, total));
  };
  canvas.addEventListener("pointerdown", (e) => {
    dragging = true;
    canvas.setPointerCapture?.(e.pointerId);
    scrub(e);
  }, on);
  canvas.addEventListener("pointermove", (e) => dragging && scrub(e), on);
  canvas.addEventListener("pointerup", () => (dragging = false), on);
  canvas.addEventListener("pointercancel", () => (dragging = false), on);
}

/** One legend item per line (its sample, label and value at the playhead); returns the value elements. */
function fillLegend(legend: HTMLElement, lines: { name: string; color: string; label?: string }[]): HTMLElement[] {
  legend.textContent = "";
  return lines.map((m, k) => {
    const value = h("span", { class: "iw-legend-value", text: "—" });
    legend.append(h("span", { class: "iw-legend-item", "data-model": m.name, style: `--iw-model: ${m.color}` },
      [lineSample(m.color, dashFor(k)), h("span", { text: labelOf(m) }), value]));
    return value;
  });
}

/** The box's elements: head (title, legend, log scale, note) over the canvas. */
function chartElements() {
  const log = check("iw-log", "log scale", "Logarithmic cost axis (chosen by itself when the costs span more than a decade)");
  const title = h("span", { class: "iw-chart-title", text: "Cost" });
  const legend = h("div", { class: "iw-legend" });
  const note = h("div", { class: "iw-chart-note", role: "note", hidden: true });
  const canvas = h("canvas", { class: "iw-costchart", role: "img", "aria-label": "Cost per iteration" });
  const head = h("div", { class: "iw-chart-head" }, [title, legend, log.label, note]);
  const el = h("div", { class: "iw-chart" }, [head, canvas]);
  return { log, title, legend, note, canvas, el };
}

export function createChartBox(session: Session): ChartBox {
  const store = session.store;
  const { log, title, legend, note, canvas, el } = chartElements();
  const chart = new CostChart(canvas);
  const life = lifetime(() => el);
  let values: HTMLElement[] = [];
  let scaleKey = "";
  let scale: ChartScale = chartScale([], null, []);
  let cap = Infinity;
  let drawn = "";
  // a seeds= run: one median line with its band per initializer instead of a line per model
  let bands: SeedBands | null = null;
  const source = () => sourceOf(store, bands);

  log.input.addEventListener("change", () => session.setLogScale(log.input.checked), { signal: life.signal });
  attachScrub(canvas, chart, session, life.signal);

  function build(setup: Setup | null): void {
    const groups = seedGroups(setup?.models ?? []);
    bands = groups && new SeedBands(groups);
    setText(title, groups ? `Cost: median, ${bandText()} band` : "Cost");
    const lines = groups ? groups.map((g) => ({ name: g.initializer, color: g.color, label: g.label })) : setup?.models;
    values = fillLegend(legend, lines ?? []);
    scaleKey = drawn = "";
  }

  function update(s: ViewState): void {
    const setup = store.setup;
    const src = source();
    const choice = session.scaleChoice;
    if (setup && scaleKey !== `${src.version}|${choice}`) {
      scaleKey = `${src.version}|${choice}`;
      cap = robustHigh(src.costs, src.costs.map(() => src.iterCount));
      scale = chartScale(src.stats, choice, bands ? bands.groups.map((g) => g.label) : setup.models.map(labelOf), cap);
      setText(note, scale.note);
      note.hidden = !scale.note;
    }
    log.input.checked = scale.log;
    values.forEach((v, k) => setText(v, src.iterCount > 0 ? formatCost(src.costs[k][Math.min(s.shownIteration, src.iterCount - 1)]) : "—"));
  }

  function draw(s: ViewState, colors: ChartColors, theme: string): void {
    const setup = store.setup;
    const playhead = session.playhead;
    const src = source();
    const key = `${src.version}|${playhead}|${scale.log}|${chart.cssW}x${chart.cssH}|${theme}|${colors.font}`;
    if (!setup || key === drawn) return;
    drawn = key;
    el.dataset.bands = String(bands?.models ?? 0); // how many median-and-band groups are drawn (seeds=)
    chart.draw(src, bands ? bands.groups.map((g) => g.color) : setup.models.map((m) => m.color), scale.log, cap, playhead, colors);
  }

  return { el, canvas, chart, build, update, draw, dispose: life.dispose };
}

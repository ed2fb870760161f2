/**
 * One view of the widget: puts the parts together (header, panels, cost chart, player bar), lays
 * them out from the viewport (model/layout.ts), and on each animation frame computes the view
 * state (model/viewState.ts) and hands it to every part. Returns its teardown.
 */
import type { ChartColors } from "../model/chartmath";
import { type Theme } from "./colormap";
import { detectTheme, h, visibleHeight } from "./dom";
import { fitLayout } from "../model/layout";
import type { Session } from "../model/session";
import { SHOWN_TRAITS } from "../model/traits";
import type { Setup } from "../model/protocol";
import type { Store } from "../model/store";
import { viewState, type Facts, type ViewState } from "../model/viewState";
import { createChartBox } from "./chartbox";
import { createHeader } from "./header";
import { attachKeys } from "./keys";
import { guardKeys } from "./keyguard";
import { PanelGrid } from "./panelgrid";
import { subtitle } from "./panels";
import { createPlayerBar } from "./playerbar";

/** A panel column narrower than this (em) puts the colour legend across the widget instead. */
const LEGEND_MIN_EM = 24;
/** The Explorer's lecture mode (its step text must stay on screen with the widget). */
const LECTURE_HOST = ".iwx-lecture";
/** Room left under the widget when it fills the visible height, so its border shows (CSS px). */
const LAYOUT_MARGIN_PX = 12;

/** The lecture's smallest text in px: `--iw-min-font` may be an expression (min(18px, 1.6667vh)), resolved by a probe. */
function minFontPx(root: HTMLElement): number {
  const probe = document.createElement("span");
  probe.style.fontSize = "var(--iw-min-font, 0px)";
  root.append(probe);
  const px = parseFloat(getComputedStyle(probe).fontSize) || 0;
  probe.remove();
  return px;
}

/** The chart's colours and font, from the widget's CSS variables (they follow the theme). */
function chartColors(root: HTMLElement): ChartColors {
  const cs = getComputedStyle(root);
  const v = (name: string, fb: string) => cs.getPropertyValue(name).trim() || fb;
  // chart ticks scale with the widget's font (font_scale) and never go under the lecture minimum
  const px = Math.round(Math.max(parseFloat(cs.fontSize) * 0.85, minFontPx(root)));
  return {
    text: v("--iw-fg2", "#616161"),
    grid: v("--iw-grid", "rgba(128,128,128,.18)"),
    axis: v("--iw-border", "#bdbdbd"),
    playhead: v("--iw-fg1", "#333"),
    bg: v("--iw-bg", "#fff"),
    font: `${px}px ${cs.fontFamily}`,
  };
}

/** The facts the view state is computed from: the model's traits, what the store holds, the playback. */
function factsOf(session: Session): Facts {
  const { model, store } = session;
  const setup = store.setup;
  return {
    status: model.get("status"), error: String(model.get("error") || ""), notice: String(model.get("notice") || ""),
    progress: model.get("progress"), offline: session.offline, playing: session.playing, playhead: session.playhead,
    maxIteration: store.maxIteration, iterations: setup?.iterations ?? 0, complete: store.done,
    frameIterations: setup?.frame_iterations ?? [], frameCount: store.frameCount, iterCount: store.iterCount,
    duration: Number(model.get("duration")), loop: !!model.get("loop"), follow: !!model.get("follow_live"),
    showTest: !!model.get("show_test"), hasTestPoints: !!setup?.points?.test,
  };
}

/** The parts of one view in their root: header, the empty-run line, panels and chart (wide or stacked), player. */
function createParts(session: Session, redraw: () => void) {
  const header = createHeader(session);
  const grid = new PanelGrid(session.store, redraw);
  const chart = createChartBox(session);
  const player = createPlayerBar(session, () => root.focus());
  const empty = h("div", { class: "iw-empty", text: "No run yet. Press Train to start." });
  const main = h("div", { class: "iw-main" }, [grid.el, chart.el]);
  const root = h("div", { class: "iw-root", tabindex: 0, "data-playhead": 0, "data-frames-painted": 0, "data-session": session.id },
    [header.el, empty, main, player.el]);
  return { header, grid, chart, player, empty, main, root };
}

type Parts = ReturnType<typeof createParts>;

/** A new run (setup): the panels and chart are built for it; false when nothing changed. */
function rebuild({ grid, chart, empty, header }: Parts, setup: Setup | null): boolean {
  if (!grid.build(setup)) return false;
  chart.build(setup);
  empty.hidden = (setup?.models.length ?? 0) > 0;
  header.setSubtitle(subtitle(setup));
  return true;
}

/**
 * Size panels and chart to the widget's width and the height the reader sees (measured here, decided
 * by fitLayout); false when the widget has no width yet.
 */
function layoutParts({ root, main, grid, chart }: Parts, store: Store): boolean {
  const dpr = Math.max(1, window.devicePixelRatio || 1);
  // In a lecture the step bar above says what runs and drives training: the widget keeps to the picture.
  const lecture = root.closest<HTMLElement>(LECTURE_HOST);
  root.dataset.lecture = String(!!lecture);
  const width = main.clientWidth;
  if (width <= 0) return false;
  const g = store.setup?.grid;
  const em = parseFloat(getComputedStyle(root).fontSize) || 13;
  // The colour legend sits under the panels, or across the whole widget when their column is too narrow for it.
  const across = root.dataset.layout === "wide" && parseFloat(grid.el.style.width) < LEGEND_MIN_EM * em;
  if (across && grid.legend.parentElement !== root) main.after(grid.legend);
  if (!across && grid.legend.parentElement !== grid.el) grid.el.append(grid.legend);
  const legendH = grid.legend.hidden ? 0 : grid.legend.offsetHeight + 0.5 * em;
  const l = fitLayout({
    width,
    height: visibleHeight(root, lecture) - (root.offsetHeight - main.offsetHeight + legendH + LAYOUT_MARGIN_PX),
    panels: grid.panels.length,
    aspect: g ? Math.min(1.25, Math.max(0.6, (g.y_max - g.y_min) / (g.x_max - g.x_min || 1))) : 1,
    panelExtra: grid.extraHeight(5 * em),
    chartExtra: chart.el.offsetHeight - chart.canvas.offsetHeight,
    em,
  });
  const wide = l.mode === "wide" && grid.panels.some((p) => p.wrap);
  root.dataset.layout = wide ? "wide" : "stacked";
  grid.size(l, wide, dpr);
  const cw = chart.el.clientWidth;
  if (cw > 0) chart.chart.resize(cw - 2, wide ? l.chartH + legendH : l.chartH, dpr, em);
  return true;
}

/**
 * What makes the view draw again (traits, the store, playback, the kernel going away, the scale choice)
 * or lay itself out again (its size, a lecture's step text above it, the window, the pixel ratio), and
 * the theme changing. Returns the teardowns.
 */
function watch(session: Session, root: HTMLElement, on: { signal: AbortSignal },
  react: { redraw(): void; relayout(): void; recolor(): void }): (() => void)[] {
  const { model } = session;
  const cleanups = SHOWN_TRAITS.map((name) => {
    model.on(`change:${name}`, react.redraw);
    return () => model.off(`change:${name}` as any, react.redraw);
  });
  cleanups.push(session.store.changed.on(react.redraw), session.playChanged.on(react.redraw),
    session.offlineChanged.on(react.redraw), session.scaleChanged.on(react.redraw));
  const ro = new ResizeObserver(() => react.relayout());
  ro.observe(root);
  // a lecture's step text above the widget changes height from step to step: lay out again then
  requestAnimationFrame(() => {
    const lecture = root.closest(LECTURE_HOST);
    if (lecture) ro.observe(lecture);
  });
  const mo = new MutationObserver(() => react.recolor());
  if (document.body) mo.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  cleanups.push(() => ro.disconnect(), () => mo.disconnect());
  const mq = typeof window.matchMedia === "function" ? window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`) : null;
  mq?.addEventListener("change", () => react.relayout(), on);
  window.addEventListener("resize", () => react.relayout(), on); // the visible height changed (window, full screen)
  return cleanups;
}

export function createView(session: Session, el: HTMLElement): () => void {
  const store = session.store;
  const ac = new AbortController();
  const cleanups: (() => void)[] = [() => ac.abort()];
  const parts = createParts(session, () => invalidate());
  const { header, grid, chart, player, root } = parts;
  el.append(root);
  cleanups.push(() => root.remove(), header.dispose, chart.dispose, player.dispose, () => grid.dispose());
  attachKeys(root, session, ac.signal);
  guardKeys(root, ac.signal);

  let theme: Theme = "light";
  let colors: ChartColors | null = null;
  const readColors = () => {
    theme = detectTheme(root);
    root.dataset.theme = theme;
    colors = chartColors(root);
    grid.setTheme(theme);
  };
  const layout = () => {
    if (layoutParts(parts, store)) invalidate();
  };
  const build = () => {
    if (rebuild(parts, store.setup)) layout();
  };

  let rafId = 0;
  function invalidate(): void {
    if (!rafId) rafId = requestAnimationFrame(render);
  }
  cleanups.push(() => cancelAnimationFrame(rafId));

  /** One frame: the view state, handed to every part; the root's data-* say what it shows (for tests and tools). */
  function render(): void {
    rafId = 0;
    if (!colors) readColors();
    build();
    const s = viewState(factsOf(session));
    Object.assign(root.dataset, { playhead: String(session.playhead), offline: String(session.offline),
      status: s.status, playing: String(s.playing), iteration: String(s.shownIteration) });
    header.update(s);
    player.update(s);
    chart.update(s);
    if (store.setup) paintPanels(grid, root, s, store.setup, theme);
    if (colors) chart.draw(s, colors, theme);
  }

  cleanups.push(...watch(session, root, { signal: ac.signal }, {
    redraw: invalidate, relayout: layout, recolor: () => {
      readColors();
      invalidate();
    },
  }));
  cleanups.push(session.attachView());
  build();
  layout();
  return () => {
    for (const c of cleanups.reverse()) c();
  };
}

/** Paint the panels; the root records how many frames were painted, the last render time and the first paint. */
function paintPanels(grid: PanelGrid, root: HTMLElement, s: ViewState, setup: Setup, theme: Theme): void {
  const { painted, ms, withData } = grid.paint(s, setup, theme);
  if (!painted) return;
  root.dataset.framesPainted = String(grid.framesPainted);
  root.dataset.renderMs = ms.toFixed(3);
  if (withData && !root.dataset.firstPaint) root.dataset.firstPaint = performance.now().toFixed(1);
}

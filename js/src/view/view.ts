/**
 * One view of the widget: puts the parts together (header, panels, cost chart, player bar), lays
 * them out from the viewport (model/layout.ts), and on each animation frame computes the view
 * state (model/viewState.ts) and hands it to every part. Returns its teardown.
 */
import type { ChartColors } from "../model/chartmath";
import { type Theme } from "./colormap";
import { detectTheme, h } from "./dom";
import { fitLayout, visibleHeight } from "../model/layout";
import type { Session } from "../model/session";
import { SHOWN_TRAITS } from "../model/traits";
import { viewState, type ViewState } from "../model/viewState";
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

export function createView(session: Session, el: HTMLElement): () => void {
  const model = session.model;
  const store = session.store;
  const ac = new AbortController();
  const on = { signal: ac.signal };
  const cleanups: (() => void)[] = [() => ac.abort()];

  const header = createHeader(session);
  const grid = new PanelGrid(store, () => invalidate());
  const chart = createChartBox(session);
  const player = createPlayerBar(session, () => root.focus());
  const empty = h("div", { class: "iw-empty", text: "No run yet. Press Train to start." });
  const main = h("div", { class: "iw-main" }, [grid.el, chart.el]);
  const root = h("div", { class: "iw-root", tabindex: 0, "data-playhead": 0, "data-frames-painted": 0, "data-session": session.id },
    [header.el, empty, main, player.el]);
  el.append(root);
  cleanups.push(() => root.remove(), header.dispose, chart.dispose, player.dispose, () => grid.dispose());
  attachKeys(root, session, ac.signal);
  guardKeys(root, ac.signal);

  let theme: Theme = "light";
  let colors: ChartColors | null = null;
  let dpr = 1;

  function readColors(): void {
    theme = detectTheme(root);
    root.dataset.theme = theme;
    const cs = getComputedStyle(root);
    const v = (name: string, fb: string) => cs.getPropertyValue(name).trim() || fb;
    colors = {
      text: v("--iw-fg2", "#616161"),
      grid: v("--iw-grid", "rgba(128,128,128,.18)"),
      axis: v("--iw-border", "#bdbdbd"),
      playhead: v("--iw-fg1", "#333"),
      bg: v("--iw-bg", "#fff"),
      // chart ticks scale with the widget's font (font_scale) and never go under the lecture minimum
      font: `${Math.round(Math.max(parseFloat(cs.fontSize) * 0.85, parseFloat(v("--iw-min-font", "0")) || 0))}px ${cs.fontFamily}`,
    };
    grid.setTheme(theme);
  }

  function build(): void {
    const setup = store.setup;
    if (!grid.build(setup)) return;
    chart.build(setup);
    empty.hidden = (setup?.models.length ?? 0) > 0;
    header.setSubtitle(subtitle(setup));
    layout();
  }

  /** Size panels and chart to the widget's width and the height the reader sees. */
  function layout(): void {
    dpr = Math.max(1, window.devicePixelRatio || 1);
    // In a lecture the step bar above says what runs and drives training: the widget keeps to the picture.
    const lecture = root.closest<HTMLElement>(LECTURE_HOST);
    root.dataset.lecture = String(!!lecture);
    const width = main.clientWidth;
    if (width <= 0) return;
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
    invalidate();
  }

  // ---------------------------------------------------------------- render loop
  let rafId = 0;
  function invalidate(): void {
    if (!rafId) rafId = requestAnimationFrame(render);
  }
  cleanups.push(() => cancelAnimationFrame(rafId));

  function state(): ViewState {
    const setup = store.setup;
    return viewState({
      status: model.get("status"), error: String(model.get("error") || ""), notice: String(model.get("notice") || ""),
      progress: model.get("progress"), offline: session.offline, playing: session.playing, playhead: session.playhead,
      maxIteration: store.maxIteration, iterations: setup?.iterations ?? 0, complete: store.done,
      frameIterations: setup?.frame_iterations ?? [], frameCount: store.frameCount, iterCount: store.iterCount,
      duration: Number(model.get("duration")), loop: !!model.get("loop"), follow: !!model.get("follow_live"),
      showTest: !!model.get("show_test"), hasTestPoints: !!setup?.points?.test,
    });
  }

  function render(): void {
    rafId = 0;
    if (!colors) readColors();
    build();
    const s = state();
    root.dataset.playhead = String(session.playhead);
    root.dataset.offline = String(session.offline);
    // state for tests and tools: what runs, what plays, which iteration the picture shows
    root.dataset.status = s.status;
    root.dataset.playing = String(s.playing);
    root.dataset.iteration = String(s.shownIteration);
    header.update(s);
    player.update(s);
    chart.update(s);
    const setup = store.setup;
    if (setup) {
      const { painted, ms, withData } = grid.paint(s, setup, theme);
      if (painted) {
        root.dataset.framesPainted = String(grid.framesPainted);
        root.dataset.renderMs = ms.toFixed(3);
        if (withData && !root.dataset.firstPaint) root.dataset.firstPaint = performance.now().toFixed(1);
      }
    }
    if (colors) chart.draw(s, colors, theme);
  }

  // ---------------------------------------------------------------- subscriptions
  for (const name of SHOWN_TRAITS) {
    model.on(`change:${name}`, invalidate);
    cleanups.push(() => model.off(`change:${name}` as any, invalidate));
  }
  cleanups.push(store.changed.on(invalidate), session.playChanged.on(invalidate), session.offlineChanged.on(invalidate),
    session.scaleChanged.on(invalidate));

  const ro = new ResizeObserver(() => layout());
  ro.observe(root);
  // a lecture's step text above the widget changes height from step to step: lay out again then
  requestAnimationFrame(() => {
    const lecture = root.closest(LECTURE_HOST);
    if (lecture) ro.observe(lecture);
  });
  cleanups.push(() => ro.disconnect());
  const mo = new MutationObserver(() => {
    readColors();
    invalidate();
  });
  if (document.body) mo.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  cleanups.push(() => mo.disconnect());
  const mq = typeof window.matchMedia === "function" ? window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`) : null;
  mq?.addEventListener("change", () => layout(), on);
  window.addEventListener("resize", () => layout(), on); // the visible height changed (window, full screen)

  cleanups.push(session.attachView());
  build();
  layout();
  return () => {
    for (const c of cleanups.reverse()) c();
  };
}

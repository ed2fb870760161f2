/**
 * One view of the widget: builds the DOM (header with training controls, one panel per
 * model, the player bar, the cost chart), renders from the shared Session on requestAnimationFrame,
 * and turns user input into commands / playhead moves. Returns a cleanup function.
 */
import { CostChart, dashFor, LINE_WIDTH, robustHigh, type ChartColors } from "./costchart";
import { chartScale, type ChartScale, type ScaleChoice } from "../model/chartscale";
import { CLASS_COLORS, cssGradient, type Theme } from "./colormap";
import { detectTheme, h, ICONS, setText } from "./dom";
import { formatAcc, formatCost, formatInt, formatProgress } from "../model/format";
import { clampDuration, DURATIONS, frameIndexAt, nextFrameIteration, prevFrameIteration, throttle } from "../model/player";
import { createPanel, describePanel, perf, subtitle, uniformNote, type Panel } from "./panels";
import { labelOf, type Setup } from "../model/protocol";
import type { Session } from "../model/session";
import { fitLayout, visibleHeight } from "../model/layout";

/** A panel column narrower than this (em) puts the colour legend across the widget instead. */
const LEGEND_MIN_EM = 24;
/** The Explorer's lecture mode (its step text must stay on screen with the widget). */
const LECTURE_HOST = ".iwx-lecture";
/** Canvas text alternatives change at most this often (ms): twice a second. */
const DESCRIBE_MS = 500;
/** Room left under the widget when it fills the visible height, so its border shows (CSS px). */
const LAYOUT_MARGIN_PX = 12;

const STATUS_TEXT: Record<string, string> = {
  idle: "ready",
  training: "training",
  paused: "paused",
  stopped: "stopped",
  done: "done",
  error: "error",
};

/** A short line in a model's colour and dash pattern, for the chart legend. */
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

export function createView(session: Session, el: HTMLElement): () => void {
  const model = session.model;
  const store = session.store;
  const cleanups: (() => void)[] = [];
  const listen = <T extends EventTarget>(t: T, ev: string, fn: (e: any) => void, opts?: AddEventListenerOptions) => {
    t.addEventListener(ev, fn, opts);
    cleanups.push(() => t.removeEventListener(ev, fn, opts));
  };
  const onModel = (ev: string, fn: () => void) => {
    model.on(ev, fn);
    cleanups.push(() => model.off(ev as any, fn));
  };

  // ---------------------------------------------------------------- DOM
  const btn = (cls: string, label: string, icon: string, title: string) =>
    h("button", { class: `iw-btn ${cls}`, type: "button", title }, [h("span", { class: "iw-icon", html: icon }), h("span", { class: "iw-btn-label", text: label })]);
  const bTrain = btn("iw-train iw-primary", "Train", ICONS.train, "Start training (kernel)");
  const bPause = btn("iw-pause", "Pause", ICONS.pause, "Pause / resume training");
  const bStop = btn("iw-stop", "Stop", ICONS.stop, "Stop training");
  const bReset = btn("iw-reset", "Reset", ICONS.reset, "Reset: new initial weights, clear history");
  const status = h("span", { class: "iw-status", "data-status": "idle", text: "ready" });
  const controls = h("div", { class: "iw-controls" }, [bTrain, bPause, bStop, bReset]);
  const progress = h("span", { class: "iw-progress" });
  const progressFill = h("div", { class: "iw-progress-fill" });
  const progressBar = h("div", { class: "iw-progress-bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100 }, [progressFill]);
  const title = h("div", { class: "iw-title" }, [h("span", { class: "iw-title-main", text: "Weight initialization" }), h("span", { class: "iw-subtitle" })]);
  const header = h("div", { class: "iw-header" }, [
    title,
    controls,
    h("div", { class: "iw-statusbox" }, [status, progress]),
  ]);
  const errorBox = h("div", { class: "iw-error", role: "alert", hidden: true });
  const panels = h("div", { class: "iw-panels" });
  const empty = h("div", { class: "iw-empty", text: "No run yet. Press Train to start." });

  const bPlay = h("button", { class: "iw-btn iw-play iw-round", type: "button", title: "Play / pause playback (space)", "aria-label": "Play" }, [h("span", { class: "iw-icon", html: ICONS.play })]);
  const timeline = h("input", { class: "iw-timeline", type: "range", min: 0, max: 0, step: 1, value: 0, "aria-label": "Iteration" });
  const timeText = h("span", { class: "iw-time" });
  const trained = h("span", { class: "iw-trained" });
  const replay = h("button", { class: "iw-btn iw-replay", type: "button", title: "Play the run again from the start (space)", hidden: true },
    [h("span", { class: "iw-icon", html: ICONS.reset }), h("span", { class: "iw-btn-label", text: "Replay" })]);
  const duration = h("select", { class: "iw-duration", title: "How long the whole run takes to play (training itself goes as fast as it can)", "aria-label": "Playback duration" });
  const check = (cls: string, label: string, title: string) => {
    const input = h("input", { type: "checkbox", class: cls });
    return { input, label: h("label", { class: "iw-check", title }, [input, h("span", { text: label })]) };
  };
  const cLoop = check("iw-loop", "loop", "Loop playback");
  const cFollow = check("iw-follow", "follow live", "While training, show the newest iteration");
  const cTest = check("iw-show-test", "test points", "Show the test set (hollow diamonds)");
  const cLog = check("iw-log", "log scale", "Logarithmic cost axis (chosen by itself when the costs span more than a decade)");
  const player = h("div", { class: "iw-player" }, [
    bPlay,
    timeline,
    timeText,
    trained,
    replay,
    h("div", { class: "iw-player-opts" }, [duration, cLoop.label, cFollow.label, cTest.label]),
  ]);
  const legendBar = h("span", { class: "iw-legend-bar" });
  const dot0 = h("span", { class: "iw-dot" });
  const dot1 = h("span", { class: "iw-dot" });
  const mapLegend = h("div", { class: "iw-maplegend" }, [
    dot0, h("span", { text: "class 0" }), legendBar, dot1, h("span", { text: "class 1" }),
    h("span", { class: "iw-sep", text: "·" }), h("span", { class: "iw-diamond" }), h("span", { text: "test" }),
    h("span", { class: "iw-sep", text: "·" }), h("span", { class: "iw-iso" }), h("span", { text: "p = 0.5" }),
  ]);
  const legend = h("div", { class: "iw-legend" });
  const chartNote = h("div", { class: "iw-chart-note", role: "note" });
  let legendValues: HTMLElement[] = [];
  // The reader's log / linear choice (null until they touch the checkbox: the chart decides).
  let scaleChoice: ScaleChoice = model.get("log_scale") ? "log" : null;
  let scaleKey = "";
  let scale: ChartScale = chartScale([], null, []);
  let linearCap = Infinity;
  const chartCanvas = h("canvas", { class: "iw-costchart", role: "img", "aria-label": "Cost per iteration" });
  const chartBox = h("div", { class: "iw-chart" }, [
    h("div", { class: "iw-chart-head" }, [h("span", { class: "iw-chart-title", text: "Cost" }), legend, cLog.label, chartNote]),
    chartCanvas,
  ]);
  const panelCol = h("div", { class: "iw-panelcol" }, [panels, mapLegend]);
  const main = h("div", { class: "iw-main" }, [panelCol, chartBox]);
  const root = h("div", { class: "iw-root", tabindex: 0, "data-playhead": 0, "data-frames-painted": 0, "data-session": session.id }, [
    header, progressBar, errorBox, empty, main, player,
  ]);
  el.append(root);
  cleanups.push(() => root.remove());

  const chart = new CostChart(chartCanvas);
  let panelList: Panel[] = [];
  let panelSig = "";
  let theme: Theme = "light";
  let colors: ChartColors | null = null;
  let framesPainted = 0;
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
    legendBar.style.background = cssGradient(theme);
    dot0.style.background = CLASS_COLORS[theme][0];
    dot1.style.background = CLASS_COLORS[theme][1];
    for (const p of panelList) p.painter?.invalidate();
  }

  function buildPanels(setup: Setup | null): void {
    const sig = JSON.stringify([setup?.run_id, setup?.models, setup?.grid, !!setup?.points]);
    if (sig === panelSig) return;
    panelSig = sig;
    panels.textContent = "";
    panelList = [];
    legend.textContent = "";
    legendValues = [];
    const models = setup?.models ?? [];
    empty.hidden = models.length > 0;
    mapLegend.hidden = !setup?.grid;
    setText(title.querySelector(".iw-subtitle"), subtitle(setup));
    for (const m of models) {
      const p = createPanel(m, setup);
      panels.append(p.el);
      panelList.push(p);
      const value = h("span", { class: "iw-legend-value", text: "—" });
      legendValues.push(value);
      legend.append(h("span", { class: "iw-legend-item", "data-model": m.name, style: `--iw-model: ${m.color}` },
        [lineSample(m.color, dashFor(panelList.length - 1)), h("span", { text: labelOf(m) }), value]));
    }
    layout();
  }

  /** Size panels and chart to the widget's width and the height the reader sees (model/layout.ts). */
  function layout(): void {
    dpr = Math.max(1, window.devicePixelRatio || 1);
    // In a lecture the step bar above says what runs and drives training: the widget keeps to the picture.
    const lecture = root.closest<HTMLElement>(LECTURE_HOST);
    root.dataset.lecture = String(!!lecture);
    const g = store.setup?.grid;
    const aspect = g ? Math.min(1.25, Math.max(0.6, (g.y_max - g.y_min) / (g.x_max - g.x_min || 1))) : 1;
    const em = parseFloat(getComputedStyle(root).fontSize) || 13;
    const first = panelList.find((p) => p.wrap);
    const width = main.clientWidth;
    if (width <= 0) return;
    // The colour legend sits under the panels, or across the whole widget when their column is too narrow for it.
    const legendHome = root.dataset.layout === "wide" && parseFloat(panelCol.style.width) < LEGEND_MIN_EM * em ? root : panelCol;
    if (mapLegend.parentElement !== legendHome) {
      if (legendHome === root) main.after(mapLegend);
      else panelCol.append(mapLegend);
    }
    const legendH = mapLegend.hidden ? 0 : mapLegend.offsetHeight + 0.5 * em;
    const chrome = root.offsetHeight - main.offsetHeight + legendH + LAYOUT_MARGIN_PX;
    const l = fitLayout({
      width,
      height: visibleHeight(root, lecture) - chrome,
      panels: panelList.length,
      aspect,
      // the tallest title bar + read-outs (a long name wraps)
      panelExtra: first ? Math.max(...panelList.map((p) => (p.wrap ? p.el.offsetHeight - p.wrap.offsetHeight : 0))) : 5 * em,
      chartExtra: chartBox.offsetHeight - chartCanvas.offsetHeight,
      em,
    });
    const wide = l.mode === "wide" && !!first;
    root.dataset.layout = wide ? "wide" : "stacked";
    panels.style.gridTemplateColumns = first ? `repeat(${l.columns}, ${l.cellW + 2}px)` : "";
    panelCol.style.width = wide ? `${l.panelsW + 2 * l.columns}px` : "";
    for (const p of panelList) {
      if (!p.painter || !p.wrap) continue;
      p.wrap.style.height = `${l.canvasH}px`;
      if (p.canvas) p.canvas.style.width = `${l.canvasW}px`;
      p.painter.resize(l.canvasW, l.canvasH, dpr);
    }
    const cw = chartBox.clientWidth;
    if (cw > 0) chart.resize(cw - 2, wide ? l.chartH + legendH : l.chartH, dpr, em);
    invalidate();
  }

  // ---------------------------------------------------------------- render loop
  let rafId = 0;
  let chartKey = "";
  function invalidate(): void {
    if (!rafId) rafId = requestAnimationFrame(render);
  }
  cleanups.push(() => cancelAnimationFrame(rafId));

  function render(): void {
    rafId = 0;
    if (!colors) readColors();
    const setup = store.setup;
    buildPanels(setup);
    const playhead = session.playhead;
    const max = store.maxIteration;
    root.dataset.playhead = String(playhead);

    // Training controls.
    const st = String(model.get("status") || "idle");
    // A replay without a kernel (exported HTML, a saved notebook reopened): training controls do nothing.
    controls.hidden = session.offline;
    root.dataset.offline = String(session.offline);
    status.dataset.status = st;
    setText(status, STATUS_TEXT[st] ?? st);
    const training = st === "training";
    const paused = st === "paused";
    bTrain.disabled = training || paused || st === "done";
    bPause.disabled = !(training || paused);
    bStop.disabled = !(training || paused);
    const pauseLabel = paused ? "Resume" : "Pause";
    if (bPause.dataset.mode !== pauseLabel) {
      bPause.dataset.mode = pauseLabel;
      bPause.querySelector(".iw-icon")!.innerHTML = paused ? ICONS.resume : ICONS.pause;
      setText(bPause.querySelector(".iw-btn-label"), pauseLabel);
    }
    const prog = model.get("progress");
    progress.dataset.iteration = String(prog?.iteration ?? store.iterCount);
    setText(progress, training || paused ? formatProgress(prog) : prog && prog.total ? formatProgress({ ...prog, rate: 0 }) : "");
    const frac = prog && prog.total ? Math.min(1, Math.max(0, prog.iteration / prog.total)) : store.setup ? store.iterCount / Math.max(1, store.setup.iterations) : 0;
    progressFill.style.transform = `scaleX(${frac})`;
    progressBar.setAttribute("aria-valuenow", String(Math.round(frac * 100)));
    progressBar.dataset.active = String(training);
    const err = String(model.get("error") || "");
    errorBox.hidden = st !== "error";
    setText(errorBox, st === "error" ? err || "Training failed." : "");

    // Player.
    // Like a video player: the track spans the whole run, the part received so far is shaded, and
    // scrubbing past it stops at its end (Session clamps), so a long run's slider shows its progress.
    const span = Math.max(max, setup?.iterations ?? 0);
    if (timeline.max !== String(span)) timeline.max = String(span);
    if (document.activeElement !== timeline || !dragging) {
      if (timeline.value !== String(playhead)) timeline.value = String(playhead);
    }
    timeline.style.setProperty("--iw-fill", `${span > 0 ? (playhead / span) * 100 : 0}%`);
    timeline.style.setProperty("--iw-loaded", `${span > 0 ? (max / span) * 100 : 0}%`);
    setText(timeText, `${formatInt(playhead)} / ${formatInt(setup?.iterations ?? 0)}`);
    // What was trained, when it is ahead of what is shown (the kernel trains faster than we play).
    trained.hidden = !(max > playhead && (session.playing || training || paused));
    setText(trained, `trained ${formatInt(max)}`);
    const playing = session.playing;
    replay.hidden = playing || training || paused || max <= 0 || playhead < max || !store.done;
    if (bPlay.dataset.playing !== String(playing)) {
      bPlay.dataset.playing = String(playing);
      bPlay.querySelector(".iw-icon")!.innerHTML = playing ? ICONS.playPause : ICONS.play;
      bPlay.setAttribute("aria-label", playing ? "Pause playback" : "Play");
    }
    const secs = clampDuration(Number(model.get("duration")));
    if (duration.dataset.value !== String(secs)) {
      duration.dataset.value = String(secs);
      const opts = [...new Set<number>([...DURATIONS, secs])].sort((a, b) => a - b);
      duration.replaceChildren(...opts.map((s) => h("option", { value: String(s), text: `run in ${+s.toFixed(1)} s` })));
      duration.value = String(secs);
    }
    cLoop.input.checked = !!model.get("loop");
    cFollow.input.checked = !!model.get("follow_live");
    const showTest = !!model.get("show_test");
    cTest.input.checked = showTest;
    cTest.label.hidden = !setup?.points?.test;
    if (setup && scaleKey !== `${store.version}|${scaleChoice}`) {
      scaleKey = `${store.version}|${scaleChoice}`;
      linearCap = robustHigh(store.costs, store.costs.map(() => store.iterCount));
      scale = chartScale(store.stats, scaleChoice, setup.models.map(labelOf), linearCap);
      setText(chartNote, scale.note);
      chartNote.hidden = !scale.note;
    }
    const log = scale.log;
    cLog.input.checked = log;

    // Panels.
    if (setup) {
      const fi = setup.frame_iterations ?? [];
      const f = frameIndexAt(fi, store.frameCount, playhead);
      const it = f >= 0 ? fi[f] : Math.min(playhead, Math.max(0, store.iterCount - 1));
      const t0 = performance.now();
      let painted = 0;
      let withData = false;
      const points = { train: setup.points?.train ?? null, test: setup.points?.test ?? null };
      panelList.forEach((p, k) => {
        if (p.painter && setup.grid) {
          const frame = store.frame(k, f);
          if (p.painter.paint(frame, `${setup.run_id}:${f}:${store.grid}`, setup.grid, points, showTest, theme)) {
            painted++;
            if (frame) withData = true;
            const note = uniformNote(frame, p.model.name);
            if (p.note.dataset.text !== note) {
              // the fact first; the reason gives way in a narrow panel (the text alternative keeps both)
              const [fact, why] = note.split(": ");
              p.note.dataset.text = note;
              p.note.replaceChildren(h("span", { text: fact }), h("span", { class: "iw-why", text: why ? `: ${why}` : "" }));
            }
            p.note.hidden = !note;
          }
        }
        const cost = store.iterCount > 0 ? formatCost(store.cost(k, it)) : "—";
        setText(p.iteration, formatInt(it));
        setText(legendValues[k], cost);
        setText(p.cost, cost);
        setText(p.train, f >= 0 ? formatAcc(store.trainAcc[k][f]) : "—");
        setText(p.test, f >= 0 && store.hasTest ? formatAcc(store.testAcc[k][f]) : "—");
      });
      describeSoon();
      if (painted) {
        const ms = performance.now() - t0;
        framesPainted += painted;
        root.dataset.framesPainted = String(framesPainted);
        root.dataset.renderMs = ms.toFixed(3);
        const pf = perf();
        pf.lastRenderMs = ms;
        pf.paints += painted;
        pf.samples.push(ms);
        if (pf.samples.length > 600) pf.samples.splice(0, pf.samples.length - 600);
        if (withData && pf.firstPaint === null) pf.firstPaint = performance.now();
        if (withData && !root.dataset.firstPaint) root.dataset.firstPaint = performance.now().toFixed(1);
      }
    }

    // Chart.
    const key = `${store.version}|${playhead}|${log}|${chart.cssW}x${chart.cssH}|${theme}`;
    if (key !== chartKey && setup && colors) {
      chartKey = key;
      chart.draw(store, setup.models.map((m) => m.color), log, linearCap, playhead, colors);
    }
  }

  // Canvas text alternatives follow the picture at a calm rate (a screen reader must not chatter).
  const describeSoon = throttle(() => {
    for (const p of panelList)
      p.canvas?.setAttribute("aria-label", describePanel(labelOf(p.model), p.iteration.textContent ?? "", p.cost.textContent ?? "",
        p.train.textContent ?? "", p.test.textContent ?? "", p.note.hidden ? "" : p.note.dataset.text ?? ""));
  }, DESCRIBE_MS);
  cleanups.push(() => describeSoon.cancel());

  // ---------------------------------------------------------------- input
  const save = () => {
    try {
      model.save_changes();
    } catch {
      /* no kernel */
    }
  };
  const setTrait = (name: string, value: unknown) => {
    (model.set as (k: string, v: unknown) => void)(name, value);
    save();
  };
  listen(bTrain, "click", () => session.command("train"));
  listen(bPause, "click", () => session.command(model.get("status") === "paused" ? "resume" : "pause"));
  listen(bStop, "click", () => session.command("stop"));
  listen(bReset, "click", () => session.command("reset"));
  listen(bPlay, "click", () => session.toggle());
  let dragging = false;
  listen(timeline, "pointerdown", () => (dragging = true));
  listen(window, "pointerup", () => (dragging = false));
  listen(timeline, "input", () => session.scrubTo(Number(timeline.value)));
  listen(duration, "change", () => setTrait("duration", Number(duration.value)));
  listen(replay, "click", () => {
    session.play();
    root.focus();
  });
  listen(cLoop.input, "change", () => setTrait("loop", cLoop.input.checked));
  listen(cFollow.input, "change", () => setTrait("follow_live", cFollow.input.checked));
  listen(cTest.input, "change", () => setTrait("show_test", cTest.input.checked));
  listen(cLog.input, "change", () => {
    scaleChoice = cLog.input.checked ? "log" : "linear";
    setTrait("log_scale", cLog.input.checked);
  });

  // Chart scrubbing.
  let chartDrag = false;
  const chartScrub = (e: PointerEvent) => {
    const r = chartCanvas.getBoundingClientRect();
    const total = store.setup?.iterations ?? 0;
    if (total > 0) session.scrubTo(chart.iterationAt(e.clientX - r.left, total));
  };
  listen(chartCanvas, "pointerdown", (e: PointerEvent) => {
    chartDrag = true;
    chartCanvas.setPointerCapture?.(e.pointerId);
    chartScrub(e);
  });
  listen(chartCanvas, "pointermove", (e: PointerEvent) => chartDrag && chartScrub(e));
  listen(chartCanvas, "pointerup", () => (chartDrag = false));
  listen(chartCanvas, "pointercancel", () => (chartDrag = false));

  // Keyboard (when the widget has focus).
  listen(root, "keydown", (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    const tag = t?.tagName;
    // Inputs keep their keys, except the timeline, whose arrows step by frames instead of by 1 iteration.
    const type = tag === "INPUT" ? (t as HTMLInputElement).type : "";
    if (tag === "SELECT" || (tag === "INPUT" && type !== "checkbox" && type !== "range") || e.altKey || e.ctrlKey || e.metaKey) return;
    const fi = store.setup?.frame_iterations ?? [];
    const ph = session.playhead;
    switch (e.key) {
      case " ":
      case "Spacebar":
        if (tag === "BUTTON" || type === "checkbox") return; // their own space action
        session.toggle();
        break;
      case "ArrowLeft":
        session.scrubTo(prevFrameIteration(fi, store.frameCount, ph));
        break;
      case "ArrowRight":
        session.scrubTo(nextFrameIteration(fi, store.frameCount, ph));
        break;
      case "Home":
        session.scrubTo(0);
        break;
      case "End":
        session.scrubTo(store.maxIteration);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation(); // keep JupyterLab's notebook shortcuts out of it
  });

  // ---------------------------------------------------------------- subscriptions
  for (const name of ["playhead", "status", "progress", "error", "speed", "duration", "loop", "follow_live", "show_test", "log_scale", "_setup"])
    onModel(`change:${name}`, invalidate);
  cleanups.push(store.changed.on(invalidate));
  cleanups.push(session.playChanged.on(invalidate));
  cleanups.push(session.offlineChanged.on(invalidate));

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
    chartKey = "";
    invalidate();
  });
  if (document.body) mo.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  cleanups.push(() => mo.disconnect());
  const mq = typeof window.matchMedia === "function" ? window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`) : null;
  if (mq) listen(mq, "change", () => layout());
  listen(window, "resize", () => layout()); // the visible height changed (window, full screen)

  cleanups.push(session.attachView());
  buildPanels(store.setup);
  layout();
  return () => {
    for (const c of cleanups.reverse()) c();
  };
}

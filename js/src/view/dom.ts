/**
 * Small DOM helpers: element builder, icons, theme detection, text updates, the height the reader sees
 * (read-out formats: model/format.ts).
 */
import type { Theme } from "./colormap";

type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "class") el.className = String(v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "html") el.innerHTML = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c != null) el.append(c);
  return el;
}

const svg = (body: string) =>
  `<svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false">${body}</svg>`;

export const ICONS = {
  train: svg('<path d="M4 2.5v11l9.5-5.5z" fill="currentColor"/>'),
  pause: svg('<rect x="3.5" y="2.5" width="3.2" height="11" rx=".8" fill="currentColor"/><rect x="9.3" y="2.5" width="3.2" height="11" rx=".8" fill="currentColor"/>'),
  resume: svg('<path d="M4 2.5v11l9.5-5.5z" fill="currentColor"/>'),
  stop: svg('<rect x="3" y="3" width="10" height="10" rx="1.2" fill="currentColor"/>'),
  reset: svg('<path d="M8 2.5a5.5 5.5 0 1 1-5.2 3.7" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/><path d="M1.6 2.2l1.3 4.3 4.1-1.6z" fill="currentColor"/>'),
  play: svg('<path d="M4.5 2.5v11l9-5.5z" fill="currentColor"/>'),
  playPause: svg('<rect x="4" y="2.5" width="3" height="11" rx=".8" fill="currentColor"/><rect x="9" y="2.5" width="3" height="11" rx=".8" fill="currentColor"/>'),
};

/** Is the page dark? JupyterLab's body flag first, then VS Code, then the root's text colour. */
export function detectTheme(root: HTMLElement): Theme {
  const body = document.body;
  const flag = body?.dataset?.jpThemeLight;
  if (flag === "false") return "dark";
  if (flag === "true") return "light";
  if (body?.classList.contains("vscode-dark") || body?.classList.contains("vscode-high-contrast")) return "dark";
  const c = getComputedStyle(root).color.match(/\d+(\.\d+)?/g);
  if (c && c.length >= 3) {
    const [r, g, b] = c.map(Number);
    if (0.2126 * r + 0.7152 * g + 0.0722 * b > 140) return "dark";
  }
  return "light";
}

/** Set text only when it changed (avoids layout work every frame). */
export function setText(el: Element | null | undefined, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

/** Give canvases the backing size of cssW x cssH CSS pixels at `dpr`; true if that size changed. */
export function sizeCanvases(canvases: HTMLCanvasElement[], cssW: number, cssH: number, dpr: number): boolean {
  const w = Math.round(cssW * dpr);
  const h = Math.round(cssH * dpr);
  if (canvases[0].width === w && canvases[0].height === h) return false;
  for (const c of canvases) {
    c.width = w;
    c.height = h;
  }
  return true;
}

/**
 * The height a reader sees at once around `el`: the window's, or the nearest scrolling ancestor's
 * if smaller (JupyterLab scrolls the notebook, not the window), less what sits above `el` inside
 * `pinned` (e.g. a lecture step's text that must stay on screen with the widget).
 */
export function visibleHeight(el: HTMLElement, pinned: HTMLElement | null): number {
  let h = window.innerHeight || Infinity;
  for (let p = el.parentElement; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY;
    // Only a box that really scrolls: one sized by its content (an output area with overflow-x:
    // auto computes overflow-y: auto too) would make the widget's height its own limit.
    if ((oy === "auto" || oy === "scroll") && p.clientHeight > 0 && p.scrollHeight > p.clientHeight + 1) {
      h = Math.min(h, p.clientHeight);
      break;
    }
  }
  if (pinned && pinned !== el) h -= Math.max(0, el.getBoundingClientRect().top - pinned.getBoundingClientRect().top);
  return h;
}

/**
 * Keys typed in the widget stay in the widget: `m`, `x`, `a`, `d d`, arrows, Enter or space on one of
 * its controls must not turn a cell into Markdown, cut it or move the notebook's selection.
 *
 * JupyterLab and Notebook 7 (Lumino's CommandRegistry) match a keydown against their shortcuts by
 * walking from the event's target up the DOM, and stop the walk at the first element carrying
 * `data-lm-suppress-shortcuts`. JupyterLab listens on the document in the bubbling phase, Notebook 7
 * in the capture phase (before any listener of ours), so stopping propagation is not enough: the
 * attribute is set on the guarded element just before the host sees the key (a window listener in
 * the capture phase, which runs first), for the keys a control uses, and taken off for the host's
 * own chords (Ctrl / ⌘ / Alt, Shift+Enter, Escape, Tab), so Ctrl+S still saves and Shift+Enter still
 * runs the cell. Hosts that do not know the attribute are kept out by stopping propagation at the root.
 *
 * Any element with the class `iw-keep-keys` is guarded too (e.g. an ipywidgets box, `add_class`),
 * as long as one widget view is on the page.
 */

/** Add this class to an element (an ipywidgets box: `box.add_class(KEEP_KEYS_CLASS)`) to guard it too. */
export const KEEP_KEYS_CLASS = "iw-keep-keys";
export const SUPPRESS_ATTRIBUTE = "data-lm-suppress-shortcuts";
const GUARDED = `.iw-root, .${KEEP_KEYS_CLASS}`;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** A key a control uses (kept from the host), rather than one of the host's own chords. */
export function keptInWidget(e: KeyLike): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  if (e.key === "Escape" || e.key === "Tab") return false;
  return !(e.shiftKey && e.key === "Enter");
}

function beforeHost(e: KeyboardEvent): void {
  const target = e.target instanceof Element ? e.target : null;
  if (!target?.closest(GUARDED)) return;
  const keep = keptInWidget(e);
  // Lumino stops at the first element that matches a binding (a focused <select> or button matches
  // `:focus`) or carries the attribute: so the target carries it too, not only the guarded box above it
  target.toggleAttribute(SUPPRESS_ATTRIBUTE, keep);
  for (let el: Element | null | undefined = target.closest(GUARDED); el; el = el.parentElement?.closest(GUARDED)) {
    el.toggleAttribute(SUPPRESS_ATTRIBUTE, keep);
  }
}

let users = 0;

/** Guard `root` (and every `.iw-keep-keys` element on the page) for as long as `signal` is not aborted. */
export function guardKeys(root: HTMLElement, signal: AbortSignal): void {
  if (users++ === 0) window.addEventListener("keydown", beforeHost, true);
  signal.addEventListener("abort", () => {
    if (--users === 0) window.removeEventListener("keydown", beforeHost, true);
  }, { once: true });
  root.addEventListener("keydown", (e) => {
    if (keptInWidget(e)) e.stopPropagation();
  }, { signal });
}

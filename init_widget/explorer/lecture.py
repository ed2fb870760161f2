"""Presentation helpers for the Explorer: its scoped CSS (incl. large fonts) and a tiny key/full-screen bridge.

``explorer_style(css_class, font_scale)`` returns the ``<style>`` text for one Explorer: every rule
is scoped to that Explorer's own class, so two dashboards on a page never restyle each other.
``KeyBridge`` is a small anywidget: a "Full screen" button (browser Fullscreen API on the
enclosing Explorer) and a keydown listener that turns PageDown/PageUp (and →/← outside inputs and
the player and slider handles) into ``next`` / ``prev`` messages for the lecture steps. Living in the
Explorer's DOM, it also names the controls ipywidgets leaves nameless for screen readers (slider
handles, text boxes with only a tooltip, checkboxes) after what is written beside them (charts/a11y.py).
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget
import traitlets

from ..charts.a11y import NAME_CONTROLS_JS

BASE_FONT_PX = 13
# On the Explorer's root while a lecture step's picture is a why view: it takes the place of the run and the
# diagnostics (which would push it 1,400-1,900 px below the screen)
WHY_IN_PLACE_CLASS = "iwx-why-in-place"

_CSS = """
.{c} {{ gap: 6px; }}
.{c} .widget-hbox {{ gap: 8px; }}  /* ipywidgets' Layout has no flex gap */
.{c}:focus {{ outline: none; }}
.{c} :is(input, select, textarea, button, .noUi-handle):focus-visible {{
  outline: 2px solid var(--jp-brand-color1, #1976d2) !important; outline-offset: 1px; }}
.{c} .iwx-section {{ border: 1px solid var(--jp-border-color2, #e0e0e0); border-radius: 6px; padding: 6px 10px;
  background: var(--jp-layout-color1, #fff); }}
.{c} .iwx-section-title {{ font-weight: 600; color: var(--jp-ui-font-color1, #333); margin: 2px 0 4px; }}
.{c} .iwx-muted {{ color: var(--jp-ui-font-color2, #666); font-size: 0.92em; }}
.{c} .iwx-error, .{c} .iwx-invalid {{ color: var(--jp-error-color1, #d32f2f); }}
.{c} .iwx-invalid {{ font-size: 0.92em; min-height: 1.2em; }}
.{c} .iwx-legend {{ display: flex; gap: 14px; flex-wrap: wrap; }}
.{c} .iwx-legend span, .{c} .iwx-table td:first-child, .{c} .iwx-captions li {{ white-space: nowrap; }}
.{c} .iwx-captions li {{ white-space: normal; margin: 3px 0; list-style: none; }}
.{c} .iwx-captions ul {{ padding-left: 0; margin: 4px 0; }}
.{c} i {{ display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 5px;
  vertical-align: -0.05em; }}
.{c} .iwx-table table {{ border-collapse: collapse; margin-top: 4px; font-variant-numeric: tabular-nums; }}
.{c} .iwx-table th, .{c} .iwx-table td {{ padding: 2px 10px 2px 0; text-align: right;
  border-bottom: 1px solid var(--jp-border-color2, #e0e0e0); }}
.{c} .iwx-table th:first-child, .{c} .iwx-table td:first-child {{ text-align: left; }}
.{c} .iwx-table th {{ font-weight: 600; color: var(--jp-ui-font-color2, #666); }}
.{c} .iwx-step {{ font-size: 1.15em; line-height: 1.3; }}
.{c}.iwx-why-in-place > :is(.iwx-run, .iwx-diagnostics-section), .{c}.iwx-why-in-place .iwx-why-chrome {{
  display: none !important; }}
.{c}.iwx-lecture .iw-why-figure {{ height: min(320px, 36vh) !important; }}  /* bqplot relays out on resize */
.{c} .iwx-stepbar {{ gap: 14px; }}
.{c} .iwx-stepbar .iwx-keys button {{ width: 100%; height: var(--jp-widgets-inline-height, 28px); }}
.{c} .iwx-step b {{ color: var(--jp-brand-color1, #1976d2); }}
.{c} .iwx-figure {{ flex: 0 0 auto; }}
.{c} .bqplot .mainheading {{ font-size: 1.05em !important; font-weight: 600; }}
.{c}:fullscreen {{ background: var(--jp-layout-color0, #fff); overflow: auto; padding: 8px 14px; }}
.{c}:fullscreen > * {{ flex-shrink: 0; }}  /* scroll, never squash the step bar to nothing */
.{c} .iwx-keys {{ display: flex; align-items: center; gap: 6px; }}
.{c} .iwx-keys button {{ font: inherit; padding: 2px 10px; white-space: nowrap; border-radius: 4px; cursor: pointer;
  border: 1px solid var(--jp-border-color1, #bdbdbd); background: var(--jp-layout-color1, #fff);
  color: var(--jp-ui-font-color1, #333); }}
"""

_SCALED = """
.{c} {{ --jp-ui-font-size1: {ui}; --jp-widgets-font-size: {ui}; --jp-widgets-inline-height: {h};
  --jp-widgets-inline-label-width: {label}; --jp-content-font-size1: {ui}; font-size: {ui}; }}
.{c} .bqplot text, .{c} .bqplot .legendtext {{ font-size: {small} !important; }}
"""
# the sizes above at font_scale 1, in px; "small" (chart ticks and legends) × the lecture's 1.5 is 18 px at 1080
# lines, the smallest text a projector's back row reads (tests/e2e/test_layout.py checks every text on screen)
_SIZES = {"ui": BASE_FONT_PX, "h": 28, "label": 80, "small": 12}
# A lecture is sized for a screen 1080 px tall and shrinks with a smaller one, as slides do on a
# projector: at 1280×720 the step bar, panels and chart keep the proportions they have at 1920×1080.
LECTURE_SCREEN_PX = 1080


def explorer_style(css_class: str, font_scale: float = 1.0, lecture: bool = False) -> str:
    """The <style> element for one Explorer (fonts scaled by ``font_scale``; with the screen's height in a lecture)."""
    css = _CSS.format(c=css_class)
    if font_scale != 1.0:
        css += _SCALED.format(c=css_class, **{k: f"{round(v * font_scale)}px" for k, v in _SIZES.items()})
    if lecture:
        css += _SCALED.format(
            c=f"{css_class}.iwx-lecture",
            **{
                k: f"min({round(v * font_scale)}px, {100 * round(v * font_scale) / LECTURE_SCREEN_PX:.3f}vh)"
                for k, v in _SIZES.items()
            },
        )
    return f"<style>{css}</style>"


_ESM = (
    NAME_CONTROLS_JS
    + """
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "iwx-keys";
  const full = document.createElement("button");
  full.className = "iwx-fullscreen";
  full.title = "Full screen (Esc to leave)";
  const label = () => { full.textContent = document.fullscreenElement ? "Exit full screen" : "Full screen"; };
  label();
  const host = () => el.closest(model.get("target")) || el.parentElement;
  // clicking anywhere in the dashboard focuses it, so its keys work without a focused control
  requestAnimationFrame(() => {
    const h = host();
    if (h && !h.hasAttribute("tabindex")) h.setAttribute("tabindex", "-1");
  });
  full.addEventListener("click", async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await host().requestFullscreen();
    } catch (e) { model.send({ type: "error", message: String(e) }); }
  });
  // full screen opens at the top: the step bar, then the panels and the chart
  const onFullscreen = () => {
    label();
    const h = document.fullscreenElement;
    if (h && h === host()) h.scrollTop = 0;
  };
  document.addEventListener("fullscreenchange", onFullscreen);
  // ipywidgets leaves slider handles, tooltip-only text boxes and its checkboxes nameless (charts/a11y.py)
  let unname = () => {};
  requestAnimationFrame(() => {
    const h = host();
    if (h) unname = nameControls(h);
  });
  box.appendChild(full);
  el.appendChild(box);
  const keys = { PageDown: "next", PageUp: "prev", ArrowRight: "next", ArrowLeft: "prev" };
  const onKey = (e) => {
    const action = keys[e.key];
    if (!action || !model.get("enabled")) return;
    const t = e.target;
    const typing = t && (t.closest("input, textarea, select, [contenteditable=true], [role=slider], .iw-root"));
    if (e.key.startsWith("Arrow") && typing) return;
    const root = host();
    if (!(root && (root.contains(t) || document.fullscreenElement === root))) return;
    e.preventDefault();
    e.stopPropagation();
    model.send({ type: "key", action });
  };
  document.addEventListener("keydown", onKey, true);
  return () => {
    document.removeEventListener("keydown", onKey, true);
    document.removeEventListener("fullscreenchange", onFullscreen);
    unname();
  };
}
export default { render };
"""
)


class KeyBridge(anywidget.AnyWidget):
    """Full-screen button + lecture keyboard; ``on_action(fn)`` receives "next" / "prev"."""

    _esm = _ESM
    target = traitlets.Unicode(".iwx-explorer").tag(sync=True)  # CSS selector of the element to full-screen
    enabled = traitlets.Bool(True).tag(sync=True)  # keyboard stepping on/off

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._handlers: list[Callable[[str], None]] = []
        self.on_msg(self._on_message)

    def on_action(self, fn: Callable[[str], None]) -> None:
        self._handlers.append(fn)

    def _on_message(self, _widget, content: dict, _buffers) -> None:
        if content.get("type") == "key" and content.get("action") in ("next", "prev"):
            for fn in self._handlers:
                fn(content["action"])

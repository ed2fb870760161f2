"""Accessible names for the controls ipywidgets leaves nameless.

ipywidgets gives a slider's handle (a ``div role=slider``) no name, a text box with only a tooltip no
name, and a checkbox without ``indent`` a zero-width space for a label: a screen reader says "slider"
or "checkbox, checked". ``NAME_CONTROLS_JS`` names each after what the reader sees beside it; the
``ControlNames`` widget runs it on the box it sits in (a why view), the Explorer's ``KeyBridge`` on the
whole dashboard. bqplot's pan/zoom toolbar appears over a figure's title on hover; ``NO_TOOLBAR_CSS``
hides it in the views and the lecture, where nobody pans.
"""

from __future__ import annotations

import anywidget
import traitlets

# An element with this class keeps the keys typed in it from JupyterLab's shortcuts (m, x, a, arrows…): the
# TrainingWidget's key guard (js/src/view/keyguard.ts KEEP_KEYS_CLASS) covers it while a TrainingWidget shows
KEEP_KEYS_CLASS = "iw-keep-keys"

NAME_CONTROLS_JS = r"""
const ZERO_WIDTH = /[\u200b\u200c\u200d\ufeff]/g;
const visibleText = (el) => (el?.textContent || "").replace(ZERO_WIDTH, "").trim();
/** What a reader sees beside control `c`: its checkbox text, its row's label, else its tooltip. */
function controlName(c) {
  if (c.type === "checkbox") return visibleText(c.closest("label")) || visibleText(c.closest(".widget-checkbox"));
  const row = c.closest(".widget-inline-hbox, .widget-hslider, .widget-slider");
  return visibleText(row?.querySelector(".widget-label")) || c.title || "";
}
const NAMELESS = ".noUi-handle:not([aria-label]), input[title]:not([aria-label]),"
  + " input[type=checkbox]:not([aria-label])";
/** Name every nameless control under `root` now and whenever the tree below it changes; returns a stop function. */
function nameControls(root) {
  const run = () => {
    for (const c of root.querySelectorAll(NAMELESS)) {
      const name = controlName(c);
      if (name) c.setAttribute("aria-label", name);
    }
  };
  run();
  const names = new MutationObserver(run);
  names.observe(root, { childList: true, subtree: true });
  return () => names.disconnect();
}
"""

_CONTROL_NAMES_ESM = (
    NAME_CONTROLS_JS
    + """
function render({ model, el }) {
  let stop = () => {};
  requestAnimationFrame(() => { stop = nameControls(el.closest(model.get("target")) || el.parentElement); });
  return () => stop();
}
export default { render };
"""
)


class ControlNames(anywidget.AnyWidget):
    """Put in a box: names the nameless controls of the closest element matching ``target`` (its parent if none)."""

    _esm = _CONTROL_NAMES_ESM
    target = traitlets.Unicode("").tag(sync=True)

"""Standalone offline HTML of a run: the widget's own bundle, its state and the whole run in one file.

No server, no CDN, no kernel: a ~40-line host gives the anywidget module the model interface it
expects (get/set/on/off/send/save_changes) over the saved traits, and the store replays the run
from the ``_archive`` blob. Open the file anywhere, even offline, to play and scrub the run.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from ..wire.codec import encode
from ..wire.contract import Status, run_delta
from .training_widget import STATIC, TrainingWidget

# every trait the widget syncs, except the archive, which travels as its own blob
SYNCED = tuple(n for n in TrainingWidget.class_own_traits(sync=True) if n != "_archive")

HOST = """
const state = JSON.parse(document.getElementById("iw-state").textContent);
const bytes = Uint8Array.from(atob(state.archive), (c) => c.charCodeAt(0));
const attrs = { ...state.traits, _archive: new DataView(bytes.buffer), _offline: true, layout: {} };
const listeners = new Map();
const emit = (event, ...args) => (listeners.get(event) || []).slice().forEach((cb) => cb(...args));
const model = {
  get: (key) => attrs[key],
  set: (key, value) => { const old = attrs[key]; attrs[key] = value; if (old !== value) emit("change:" + key); },
  on: (event, cb) => { listeners.set(event, [...(listeners.get(event) || []), cb]); },
  off: (event, cb) => { listeners.set(event, (listeners.get(event) || []).filter((f) => f !== cb)); },
  send: () => {},
  save_changes: () => {},
  widget_manager: {},
};
const source = JSON.parse(document.getElementById("iw-esm").textContent);
const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
const widget = (await import(url)).default;
await widget.initialize?.({ model, experimental: {} });
await widget.render({ model, el: document.getElementById("iw-root"), experimental: {} });
"""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; padding: 24px; font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
        background: #fff; color: #1f1f1f; }}
@media (prefers-color-scheme: dark) {{ body {{ background: #111; color: #e8e8e8;
  --jp-layout-color0: #111; --jp-layout-color1: #1b1b1b; --jp-layout-color2: #2a2a2a;
  --jp-ui-font-color0: #fff; --jp-ui-font-color1: #e8e8e8; --jp-ui-font-color2: #b0b0b0;
  --jp-border-color1: #444; --jp-border-color2: #333; }} }}
h1 {{ font-size: 1.25rem; font-weight: 600; margin: 0 0 16px; }}
{css}
</style>
</head>
<body>
<h1>{title}</h1>
<div id="iw-root"></div>
<script type="application/json" id="iw-state">{state}</script>
<script type="application/json" id="iw-esm">{esm}</script>
<script type="module">{host}</script>
</body>
</html>
"""


def export_html(widget: TrainingWidget, path: str | Path, title: str = "init-widget: weight initialization") -> Path:
    """Write the widget's run (as recorded so far) to one offline HTML file; return its path."""
    if not isinstance(widget, TrainingWidget):
        raise TypeError(f"export_html needs a TrainingWidget; got {type(widget).__name__}")
    trainer = widget.trainer
    rec = trainer.record
    if rec.done == 0:
        raise ValueError("nothing to export yet: start() the widget (and wait()) first")
    blob = encode(run_delta(trainer, widget.setup["run_id"], 0, 0, rec.done, rec.frames_done))
    traits = {name: getattr(widget, name) for name in SYNCED}
    if traits["status"] in (Status.TRAINING, Status.PAUSED, Status.CLOSED):  # the page has no kernel to go on
        traits["status"] = (
            Status.DIVERGED if trainer.all_diverged else Status.DONE if trainer.done else Status.STOPPED
        ).value
    traits["playhead"] = int(rec.frame_iterations[rec.frames_done - 1])  # open on the last recorded frame
    traits["follow_live"] = False
    state = {"traits": traits, "archive": base64.b64encode(blob).decode("ascii")}
    page = PAGE.format(
        title=html.escape(title),
        css=(STATIC / "widget.css").read_text(encoding="utf-8"),
        state=json_for_html(state),
        esm=json_for_html((STATIC / "widget.js").read_text(encoding="utf-8")),
        host=HOST,
    )
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


def json_for_html(value: object) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" (written as \\u003c…), so that no string
    in it, such as an initializer named "<!--<script>" or "</script>", can end or confuse the element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

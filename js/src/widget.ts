/**
 * anywidget entry point: `initialize` creates the one Session (store + playback) of a widget model;
 * `render` builds a view on it. Both receive per-call model proxies, so the Session is found again
 * through an object that is unique to the model and stable for its lifetime: its `layout` model.
 */
import "./style.css";
import type { Initialize, Render } from "@anywidget/types";
import { Session, type Model, type Traits } from "./model/session";
import { createView } from "./view/view";

const sessions = new WeakMap<object, Session>();

function keyOf(model: Model): object | null {
  const layout = (model as unknown as { get(k: string): unknown }).get("layout");
  return layout && typeof layout === "object" ? (layout as object) : null;
}

function sessionFor(model: Model): Session {
  const key = keyOf(model);
  let s = key ? sessions.get(key) : undefined;
  if (!s) {
    s = new Session(model);
    if (key) sessions.set(key, s);
  }
  return s;
}

const initialize: Initialize<Traits> = ({ model }) => {
  const s = sessionFor(model as Model);
  return () => {
    s.dispose();
    const key = keyOf(model as Model);
    if (key && sessions.get(key) === s) sessions.delete(key);
  };
};

/** Tell the kernel a view is on screen, and when it goes (output cleared, cell re-run): a training widget
 * with no view left pauses, so one nobody can reach any more stops using the CPU. */
function announce(model: Model, shown: boolean, viewId: string): void {
  try {
    model.send({ type: "view", view_id: viewId, shown });
  } catch {
    // a host without a kernel (the exported page) or a closed comm: nothing to tell
  }
}

/** This page's id, new on every load: a view id is `page:n`, and the kernel counts only the newest page's views
 * (a reloaded page's old views are gone even when their 'pagehide' message did not get out). */
const PAGE = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
let views = 0;

const render: Render<Traits> = ({ model, el }) => {
  const viewId = `${PAGE}:${(views += 1)}`;
  const dispose = createView(sessionFor(model as Model), el);
  announce(model as Model, true, viewId);
  // a reload or a closed tab removes no view: say so while the page's connection is still open
  const gone = () => announce(model as Model, false, viewId);
  const page = typeof window === "undefined" ? null : window;
  page?.addEventListener("pagehide", gone);
  return () => {
    page?.removeEventListener("pagehide", gone);
    dispose();
    gone();
  };
};

export default { initialize, render };

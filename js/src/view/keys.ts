/** Keyboard on the focused widget: space plays / pauses, ←/→ step frames, Home / End. */
import { nextFrameIteration, prevFrameIteration } from "../model/player";
import type { Session } from "../model/session";

export function attachKeys(root: HTMLElement, session: Session, signal: AbortSignal): void {
  const store = session.store;
  root.addEventListener("keydown", (e: KeyboardEvent) => {
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
  }, { signal });
}

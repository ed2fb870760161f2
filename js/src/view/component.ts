/**
 * What every part of the screen is: an element, an update from the view state, and a dispose that
 * removes its listeners (one AbortController per component, as anywidget tears views down).
 */
import type { ViewState } from "../model/viewState";

export interface Component {
  el: HTMLElement;
  update(state: ViewState): void;
  dispose(): void;
}

/** A component's teardown: its listeners go with one abort(), its element with remove(). */
export function lifetime(el: () => HTMLElement): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  return {
    signal: ac.signal,
    dispose() {
      ac.abort();
      el().remove();
    },
  };
}

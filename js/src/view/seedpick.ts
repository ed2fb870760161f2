/**
 * A seeds= run's seed choice on an initializer's panel: a small select in the title bar, and ↑ / ↓
 * on the focused panel (← / → stay the timeline's). The choice only says which trained model the
 * panel paints (model/seeds.ts `stepSeed`); the panel grid keeps it.
 */
import { h } from "./dom";
import { stepSeed, type SeedGroup } from "../model/seeds";
import type { Panel } from "./panels";

/** Add the seed choice to `panel`; `choose(i)` gets the index of the chosen seed in `group.seeds`. */
export function attachSeedPick(panel: Panel, group: SeedGroup, choose: (index: number) => void, signal: AbortSignal): HTMLSelectElement {
  const select = h("select", { class: "iw-seed-pick", "aria-label": `Seed shown for ${group.label}`, title: "Seed whose boundary this panel shows (↑/↓ on the panel)" },
    group.seeds.map((s, i) => h("option", { value: String(i), text: `seed ${s}` })));
  panel.el.querySelector(".iw-panel-head")?.append(select);
  panel.el.tabIndex = 0;
  panel.el.dataset.seed = String(group.seeds[0]);
  const pick = (i: number) => {
    select.value = String(i);
    panel.el.dataset.seed = String(group.seeds[i]);
    choose(i);
  };
  select.addEventListener("change", () => pick(Number(select.value)), { signal });
  panel.el.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.target !== panel.el || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
    pick(stepSeed(Number(select.value), group.seeds.length, e.key === "ArrowDown" ? 1 : -1));
    e.preventDefault();
    e.stopPropagation();
  }, { signal });
  return select;
}

/**
 * A seeds= run's accuracy spread, one strip at the foot of each initializer's panel: a dot per seed
 * on a track from chance (50 %, or lower when needed) to 100 % shared by every panel (train filled,
 * test hollow) at the frame shown, which at the end is the final spread; a bar marks each median.
 */
import { h } from "./dom";
import { formatAcc } from "../model/format";
import { accuracies, bandOf, stripRange, type SeedGroup } from "../model/seeds";
import type { Store } from "../model/store";

interface Row {
  group: SeedGroup;
  el: HTMLElement;
  track: HTMLElement;
  drawn: string;
}

/** Accuracy as a position on a track spanning [lo, 1] (percent of its width). */
const place = (acc: number, lo: number) => `${Math.min(100, Math.max(0, ((acc - lo) / (1 - lo)) * 100)).toFixed(2)}%`;

export class SeedStrip {
  readonly rows: Row[];

  constructor(groups: SeedGroup[], private store: Store) {
    this.rows = groups.map((group) => {
      const track = h("div", { class: "iw-strip-track", role: "img", "aria-label": `${group.label}: accuracy of each seed (not trained yet)` });
      const el = h("div", { class: "iw-strip-row", title: `Accuracy of each of the ${group.seeds.length} seeds at the iteration shown; ` +
        "a bar marks the median" }, [
        h("div", { class: "iw-strip-head" }, [h("span", { class: "iw-stat-label", text: `accuracy · ${group.seeds.length} seeds` }),
          h("span", { class: "iw-strip-key", text: store.hasTest ? "● train ○ test" : "● train" })]),
        track]);
      return { group, el, track, drawn: "" };
    });
  }

  /** Show the accuracies at frame `f` (none before the first frame). */
  update(f: number): void {
    const store = this.store;
    const found = this.rows.map((r) => ({
      train: accuracies(store.trainAcc, r.group, f),
      test: store.hasTest ? accuracies(store.testAcc, r.group, f) : [],
    }));
    const lo = stripRange(found.flatMap((x) => [...x.train, ...x.test]));
    this.rows.forEach((r, k) => {
      const { train, test } = found[k];
      const key = `${lo}|${train.join()}|${test.join()}`;
      if (key === r.drawn) return;
      r.drawn = key;
      r.track.replaceChildren(
        ...[lo, (lo + 1) / 2, 1].map((v) => h("span", { class: "iw-strip-tick", style: `left: ${place(v, lo)}`, text: `${Math.round(v * 100)}%` })),
        ...train.map((a) => h("span", { class: "iw-strip-dot", style: `left: ${place(a, lo)}` })),
        ...test.map((a) => h("span", { class: "iw-strip-dot iw-strip-test", style: `left: ${place(a, lo)}` })));
      const [mTrain, mTest] = [bandOf(train).median, bandOf(test).median];
      for (const [m, cls] of [[mTrain, ""], [mTest, " iw-strip-median-test"]] as const)
        if (Number.isFinite(m)) r.track.append(h("span", { class: `iw-strip-median${cls}`, style: `left: ${place(m, lo)}` }));
      r.track.setAttribute("aria-label", `${r.group.label}: accuracy of ${train.length} seeds, median train ${formatAcc(mTrain)}` +
        (test.length ? `, test ${formatAcc(mTest)}` : ""));
    });
  }
}

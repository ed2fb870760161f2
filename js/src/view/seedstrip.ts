/**
 * A seeds= run's accuracy strip, under the cost chart: per initializer, one dot per seed on a
 * 0–100 % track (train filled, test hollow) at the frame shown, which at the end is the final
 * spread, and the medians in words (also the row's text alternative).
 */
import { h, setText } from "./dom";
import { formatAcc, formatInt } from "../model/format";
import { accuracies, bandOf, stripRange, type SeedGroup } from "../model/seeds";
import type { Session } from "../model/session";
import type { ViewState } from "../model/viewState";
import { lifetime, type Component } from "./component";

export interface SeedStrip extends Component {
  build(groups: SeedGroup[] | null): void;
}

interface Row {
  group: SeedGroup;
  row: HTMLElement;
  track: HTMLElement;
  text: HTMLElement;
  drawn: string;
}

/** Accuracy as a position on a track spanning [lo, 1] (percent of its width). */
const place = (acc: number, lo: number) => `${Math.min(100, Math.max(0, ((acc - lo) / (1 - lo)) * 100)).toFixed(2)}%`;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function createSeedStrip(session: Session): SeedStrip {
  const store = session.store;
  const title = h("div", { class: "iw-strip-title" });
  const body = h("div", { class: "iw-strip-rows" });
  const el = h("div", { class: "iw-seedstrip", hidden: true }, [title, body]);
  const life = lifetime(() => el);
  let rows: Row[] = [];

  function build(groups: SeedGroup[] | null): void {
    el.hidden = !groups;
    rows = (groups ?? []).map((group) => {
      const track = h("div", { class: "iw-strip-track", role: "img" });
      const text = h("span", { class: "iw-strip-text" });
      const row = h("div", { class: "iw-strip-row", "data-model": group.initializer, style: `--iw-model: ${group.color}` },
        [h("span", { class: "iw-strip-label", text: group.label }), track, text]);
      return { group, row, track, text, drawn: "" };
    });
    body.replaceChildren(...rows.map((r) => r.row));
  }

  function update(s: ViewState): void {
    if (!rows.length) return;
    setText(title, `Accuracy over ${rows[0].group.seeds.length} seeds at iteration ${formatInt(s.shownIteration)}: ● train` +
      (store.hasTest ? ", ○ test; medians right" : "; median right"));
    const found = rows.map((r) => ({
      train: accuracies(store.trainAcc, r.group, s.frame),
      test: store.hasTest ? accuracies(store.testAcc, r.group, s.frame) : [],
    }));
    const lo = stripRange(found.flatMap((f) => [...f.train, ...f.test]));
    rows.forEach((r, k) => {
      const { train, test } = found[k];
      const key = `${lo}|${train.join()}|${test.join()}`;
      if (key === r.drawn) return;
      r.drawn = key;
      r.track.replaceChildren(
        ...[lo, (lo + 1) / 2, 1].map((v) => h("span", { class: "iw-strip-tick", style: `left: ${place(v, lo)}`, text: `${Math.round(v * 100)}%` })),
        ...train.map((a) => h("span", { class: "iw-strip-dot", style: `left: ${place(a, lo)}` })),
        ...test.map((a) => h("span", { class: "iw-strip-dot iw-strip-test", style: `left: ${place(a, lo)}` })));
      const [mTrain, mTest] = [bandOf(train).median, bandOf(test).median];
      setText(r.text, train.length ? pct(mTrain) + (test.length ? ` · ${pct(mTest)}` : "") : "—");
      r.track.setAttribute("aria-label", `${r.group.label}: accuracy of ${train.length} seeds, median train ${formatAcc(mTrain)}` +
        (test.length ? `, test ${formatAcc(mTest)}` : ""));
    });
  }

  return { el, build, update, dispose: life.dispose };
}

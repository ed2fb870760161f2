/**
 * The player bar: play / pause, the timeline (whole run, received part shaded), the iteration shown
 * and what was trained beyond it, Replay at the end, the pace (duration) and the player options.
 */
import { h, ICONS, setText } from "./dom";
import type { Session } from "../model/session";
import type { ViewState } from "../model/viewState";
import { lifetime, type Component } from "./component";

/** Set a trait from the page and save it (no kernel: it still works locally). */
export function setTrait(session: Session, name: string, value: unknown): void {
  (session.model.set as (k: string, v: unknown) => void)(name, value);
  try {
    session.model.save_changes();
  } catch {
    /* no kernel */
  }
}

export function check(cls: string, label: string, title: string) {
  const input = h("input", { type: "checkbox", class: cls });
  return { input, label: h("label", { class: "iw-check", title }, [input, h("span", { text: label })]) };
}

export function createPlayerBar(session: Session, focusRoot: () => void): Component {
  const play = h("button", { class: "iw-btn iw-play iw-round", type: "button", title: "Play / pause the picture (space)", "aria-label": "Play" }, [h("span", { class: "iw-icon", html: ICONS.play })]);
  const timeline = h("input", { class: "iw-timeline", type: "range", min: 0, max: 0, step: 1, value: 0, "aria-label": "Iteration" });
  const time = h("span", { class: "iw-time" });
  const trained = h("span", { class: "iw-trained", hidden: true });
  const replay = h("button", { class: "iw-btn iw-replay", type: "button", title: "Play the run again from the start (space)", hidden: true },
    [h("span", { class: "iw-icon", html: ICONS.reset }), h("span", { class: "iw-btn-label", text: "Replay" })]);
  const duration = h("select", { class: "iw-duration", title: "How long the whole run takes to play (training itself goes as fast as it can)", "aria-label": "Playback duration" });
  const loop = check("iw-loop", "loop", "Loop playback");
  const follow = check("iw-follow", "follow live", "While training, show the newest iteration");
  const test = check("iw-show-test", "test points", "Show the test set (hollow diamonds)");
  const el = h("div", { class: "iw-player" }, [play, timeline, time, trained, replay,
    h("div", { class: "iw-player-opts" }, [duration, loop.label, follow.label, test.label])]);
  const life = lifetime(() => el);
  const on = { signal: life.signal };
  let dragging = false;
  play.addEventListener("click", () => session.toggle(), on);
  timeline.addEventListener("pointerdown", () => (dragging = true), on);
  window.addEventListener("pointerup", () => (dragging = false), on);
  timeline.addEventListener("input", () => session.scrubTo(Number(timeline.value)), on);
  duration.addEventListener("change", () => setTrait(session, "duration", Number(duration.value)), on);
  replay.addEventListener("click", () => {
    session.play();
    focusRoot();
  }, on);
  loop.input.addEventListener("change", () => setTrait(session, "loop", loop.input.checked), on);
  follow.input.addEventListener("change", () => setTrait(session, "follow_live", follow.input.checked), on);
  test.input.addEventListener("change", () => setTrait(session, "show_test", test.input.checked), on);

  function update(s: ViewState): void {
    const playhead = session.playhead;
    if (timeline.max !== String(s.timelineMax)) timeline.max = String(s.timelineMax);
    if ((document.activeElement !== timeline || !dragging) && timeline.value !== String(playhead)) timeline.value = String(playhead);
    timeline.style.setProperty("--iw-fill", `${s.fillPercent}%`);
    timeline.style.setProperty("--iw-loaded", `${s.loadedPercent}%`);
    setText(time, s.timeText);
    trained.hidden = s.trainedText === null;
    setText(trained, s.trainedText ?? "");
    replay.hidden = !s.replay;
    if (play.dataset.playing !== String(s.playing)) {
      play.dataset.playing = String(s.playing);
      play.querySelector(".iw-icon")!.innerHTML = s.playing ? ICONS.playPause : ICONS.play;
      play.setAttribute("aria-label", s.playing ? "Pause" : "Play");
    }
    if (duration.dataset.value !== String(s.duration)) {
      duration.dataset.value = String(s.duration);
      duration.replaceChildren(...s.durationOptions.map((d) => h("option", { value: String(d), text: `run in ${+d.toFixed(1)} s` })));
      duration.value = String(s.duration);
    }
    loop.input.checked = s.loop;
    follow.input.checked = s.follow;
    test.input.checked = s.showTest;
    test.label.hidden = s.testToggleHidden;
  }

  return { el, update, dispose: life.dispose };
}

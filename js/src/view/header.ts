/**
 * The header: title and run description, the training buttons (commands to the kernel, named as
 * training's: the player bar's ▶ / ⏸ is what freezes the picture), the status pill and progress,
 * the kernel's notices (divergence, thinning, nothing learned), the error box.
 */
import { h, ICONS, setText } from "./dom";
import type { Session } from "../model/session";
import { asStatus, STATUS } from "../model/status";
import type { ViewState } from "../model/viewState";
import { lifetime, type Component } from "./component";

export interface Header extends Component {
  setSubtitle(text: string): void;
}

const button = (cls: string, label: string, icon: string, title: string) =>
  h("button", { class: `iw-btn ${cls}`, type: "button", title }, [h("span", { class: "iw-icon", html: icon }), h("span", { class: "iw-btn-label", text: label })]);

/** The training buttons send their commands; Train on a finished run ("again") starts a new run first. */
function sendCommands(b: Record<"train" | "pause" | "stop" | "reset", HTMLButtonElement>, session: Session,
  signal: AbortSignal): void {
  const on = { signal };
  b.train.addEventListener("click", () => {
    if (b.train.dataset.action === "again") session.command("reset");
    session.command("train");
  }, on);
  const paused = () => asStatus(session.model.get("status")) === STATUS.paused;
  b.pause.addEventListener("click", () => session.command(paused() ? "resume" : "pause"), on);
  b.stop.addEventListener("click", () => session.command("stop"), on);
  b.reset.addEventListener("click", () => session.command("reset"), on);
}

export function createHeader(session: Session): Header {
  const train = button("iw-train iw-primary", "Train", ICONS.train, "Start training (kernel)");
  const pause = button("iw-pause", "Pause training", ICONS.pause,
    "Pause / resume training in the kernel (the player's ⏸ freezes the picture)");
  const stop = button("iw-stop", "Stop training", ICONS.stop, "Stop training, keeping what was trained");
  const reset = button("iw-reset", "Reset", ICONS.reset, "Reset: new initial weights, clear history");
  const status = h("span", { class: "iw-status", "data-status": "idle", text: "ready" });
  const controls = h("div", { class: "iw-controls" }, [train, pause, stop, reset]);
  const progress = h("span", { class: "iw-progress" });
  const fill = h("div", { class: "iw-progress-fill" });
  const bar = h("div", { class: "iw-progress-bar", role: "progressbar", "aria-label": "Training progress",
                         "aria-valuemin": 0, "aria-valuemax": 100 }, [fill]);
  const subtitle = h("span", { class: "iw-subtitle" });
  const notice = h("div", { class: "iw-notice", role: "status", hidden: true });
  const error = h("div", { class: "iw-error", role: "alert", hidden: true });
  const el = h("div", { class: "iw-top" }, [
    h("div", { class: "iw-header" }, [
      h("div", { class: "iw-title" }, [h("span", { class: "iw-title-main", text: "Weight initialization" }), subtitle]),
      controls,
      h("div", { class: "iw-statusbox" }, [status, progress]),
    ]),
    bar, notice, error,
  ]);
  const life = lifetime(() => el);
  sendCommands({ train, pause, stop, reset }, session, life.signal);

  function update(s: ViewState): void {
    controls.hidden = s.controlsHidden;
    status.dataset.status = s.status;
    setText(status, s.statusText);
    train.disabled = s.trainDisabled;
    train.dataset.action = s.trainAction;
    setText(train.querySelector(".iw-btn-label"), s.trainLabel);
    train.title = s.trainAction === "again" ? "Start over with new weights and train again (kernel)" : "Start training (kernel)";
    pause.hidden = stop.hidden = s.trainingButtonsHidden;
    pause.disabled = s.pauseDisabled;
    stop.disabled = s.stopDisabled;
    if (pause.dataset.mode !== s.pauseLabel) {
      pause.dataset.mode = s.pauseLabel;
      pause.querySelector(".iw-icon")!.innerHTML = s.pauseLabel === "Resume training" ? ICONS.resume : ICONS.pause;
      setText(pause.querySelector(".iw-btn-label"), s.pauseLabel);
    }
    progress.dataset.iteration = String(session.model.get("progress")?.iteration ?? session.store.iterCount);
    setText(progress, s.progressText);
    fill.style.transform = `scaleX(${s.progressFraction})`;
    bar.setAttribute("aria-valuenow", String(Math.round(s.progressFraction * 100)));
    bar.dataset.active = String(s.progressActive);
    notice.hidden = !s.noticeText;
    setText(notice, s.noticeText);
    error.hidden = s.errorText === null;
    setText(error, s.errorText ?? "");
  }

  return { el, update, dispose: life.dispose, setSubtitle: (text) => setText(subtitle, text) };
}

import { describe, expect, it } from "vitest";
import { keptInWidget } from "../src/view/keyguard";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe("keptInWidget: which keys stay with the widget's controls", () => {
  it("keeps the notebook's command-mode keys (m, x, a, b, d, y, digits, arrows, space, Enter, Shift+letters)", () => {
    for (const k of ["m", "x", "a", "b", "d", "y", "1", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " ", "Enter",
      "Home", "End", "Delete", "Backspace"]) expect(keptInWidget(key(k)), k).toBe(true);
    expect(keptInWidget(key("M", { shiftKey: true }))).toBe(true); // merge cells
    expect(keptInWidget(key("ArrowDown", { shiftKey: true }))).toBe(true); // extend the cell selection
  });

  it("lets the host's own chords through: save, run the cell, leave the widget", () => {
    expect(keptInWidget(key("s", { ctrlKey: true }))).toBe(false);
    expect(keptInWidget(key("s", { metaKey: true }))).toBe(false);
    expect(keptInWidget(key("Enter", { shiftKey: true }))).toBe(false);
    expect(keptInWidget(key("Enter", { ctrlKey: true }))).toBe(false);
    expect(keptInWidget(key("Escape"))).toBe(false);
    expect(keptInWidget(key("Tab"))).toBe(false);
    expect(keptInWidget(key("ArrowLeft", { altKey: true }))).toBe(false);
  });
});

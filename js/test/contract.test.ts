// The TypeScript side of the generated contract (js/src/contract.ts, from init_widget/wire; its freshness is
// tests/wire/test_contract.py's). The `@ts-expect-error` lines are checked by `tsc --noEmit` (make lint): each
// fails the type check if the contract's types ever let that mistake through.
import { describe, expect, it } from "vitest";
import { CONTRACT } from "../src/contract";
import type { Command, ToFrontEnd, ToKernel } from "../src/model/protocol";
import { asStatus, isActive, isFinished, STATUS, STATUS_NAMES, STATUS_TEXT } from "../src/model/status";
import { SHOWN_TRAITS, SYNCED_TRAITS, type Traits } from "../src/model/traits";

describe("the contract in TypeScript", () => {
  it("names every status once, with a label, and tells the run's phases apart", () => {
    expect(STATUS_NAMES).toEqual(CONTRACT.statuses);
    expect(Object.entries(STATUS).every(([k, v]) => k === v)).toBe(true);
    expect(Object.keys(STATUS)).toEqual([...STATUS_NAMES]);
    for (const s of STATUS_NAMES) expect(STATUS_TEXT[s]).toMatch(/^[a-z]+$/);
    expect(STATUS_NAMES.filter(isActive)).toEqual(["training", "paused"]);
    expect(STATUS_NAMES.filter(isFinished)).toEqual(["done", "diverged"]);
    expect([asStatus("diverged"), asStatus("bogus"), asStatus(undefined)]).toEqual(["diverged", "idle", "idle"]);
  });

  it("views watch every synced trait but the archive, which the Session loads", () => {
    expect([...SYNCED_TRAITS].sort()).toEqual(Object.keys(CONTRACT.traits).sort());
    expect([...SYNCED_TRAITS].filter((t) => !SHOWN_TRAITS.includes(t))).toEqual(["_archive"]);
  });

  it("types only the messages, fields and commands the contract lists", () => {
    const sent: ToKernel[] = [
      { type: "playhead", iteration: 5 },
      { type: "sync", run_id: 1, iterations: 0, frames: 0 },
      { type: "command", action: "resume" },
      { type: "view", view_id: "v1", shown: true },
    ];
    const received: ToFrontEnd[] = [{ type: "ready", run_id: 1 }, { type: "delta", run_id: 1 }];
    expect(sent.map((m) => m.type)).toEqual(Object.keys(CONTRACT.to_kernel));
    expect(received.map((m) => m.type)).toEqual(Object.keys(CONTRACT.to_front_end));
    const commands: Command[] = [...CONTRACT.commands];
    expect(commands).toContain("reset");

    // @ts-expect-error: "jump" is not a command of the contract
    const notACommand: Command = "jump";
    // @ts-expect-error: a sync carries run_id, iterations and frames
    const shortSync: ToKernel = { type: "sync", run_id: 1, iterations: 0 };
    // @ts-expect-error: the kernel reads no "archive" message
    const unknown: ToKernel = { type: "archive", data: 1 };
    // @ts-expect-error: duration is a number on the wire
    const wrongType: Partial<Traits> = { duration: "18" };
    const traits: Partial<Traits> = {
      duration: CONTRACT.duration.default, status: STATUS.done, _setup: null, progress: null,
    };
    expect([notACommand, shortSync.type, unknown.type, wrongType.duration, traits.duration]).toEqual(
      ["jump", "sync", "archive", "18", 18]);
  });
});

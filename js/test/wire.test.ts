// The front end against what the kernel really sends (tests/fixtures/kernel_*, written by make_fixtures.py
// from a real Trainer). The names both sides share (statuses, traits, messages, duration) are in the generated
// js/src/contract.ts, which tests/wire/test_contract.py keeps current.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeBlob, labelOf, type Setup } from "../src/model/protocol";
import { Store } from "../src/model/store";
import { bin } from "./fixtures";

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures");
const json = (name: string) => JSON.parse(readFileSync(resolve(DIR, name), "utf8"));

describe("the wire, as the kernel sends it", () => {
  it("a real run's setup and delta fill a store: labels with their scale, every frame and cost", () => {
    const setup: Setup = json("kernel_setup.json");
    expect(setup.models.map(labelOf)).toEqual(["zeros", "random ×10", "He √(2/n)"]);
    const store = new Store();
    store.reset(setup);
    const b = bin("kernel_run");
    expect(store.append(decodeBlob(new DataView(b.buffer, b.byteOffset, b.byteLength)))).toBe("ok");
    expect(store.done).toBe(true);
    expect(store.iterCount).toBe(setup.iterations);
    expect(store.frameCount).toBe(setup.frame_iterations.length);
    expect(store.frame(0, 0)!.length).toBe(setup.grid!.size ** 2);
    expect(store.cost(0, 0)).toBeCloseTo(Math.log(2), 6); // zeros starts at ln 2
    expect(store.hasTest).toBe(true);
  });
});

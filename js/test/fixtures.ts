// Helpers to load the shared protocol fixtures (tests/fixtures, written by make_fixtures.py).
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Store } from "../src/model/store";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures");

export const FIXTURES = ["costs_only", "tiny_raw", "tiny_delta", "run_part0", "run_part1", "run_part2", "run_all"];

export function bin(name: string): Uint8Array {
  const b = readFileSync(resolve(DIR, `${name}.bin`));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The blob as a DataView into a larger, unaligned buffer (as a widget manager may hand it over). */
export function dataView(name: string, pad = 3): DataView {
  const b = bin(name);
  const big = new Uint8Array(b.length + pad * 2);
  big.set(b, pad);
  return new DataView(big.buffer, pad, b.length);
}

export interface Expected {
  header: Record<string, unknown>;
  costs: (number | string)[][];
  frames_sha256: string | null;
  frames_sum: number | null;
  frames: number[][][][] | null;
}

export function expected(name: string): Expected {
  return JSON.parse(readFileSync(resolve(DIR, `${name}.json`), "utf8"));
}

export function setup(): any {
  return JSON.parse(readFileSync(resolve(DIR, "run_setup.json"), "utf8"));
}

export const num = (v: number | string): number =>
  v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : (v as number);

/** Two stores hold the same run: costs, accuracies and every frame. */
export function sameContent(a: Store, b: Store): void {
  expect(a.iterCount).toBe(b.iterCount);
  expect(a.frameCount).toBe(b.frameCount);
  for (let k = 0; k < a.models; k++) {
    expect(Array.from(a.costs[k].subarray(0, a.iterCount))).toEqual(Array.from(b.costs[k].subarray(0, b.iterCount)));
    expect(Array.from(a.trainAcc[k].subarray(0, a.frameCount))).toEqual(Array.from(b.trainAcc[k].subarray(0, b.frameCount)));
    for (let f = 0; f < a.frameCount; f++) expect(Buffer.compare(a.frame(k, f)!, b.frame(k, f)!)).toBe(0);
  }
}

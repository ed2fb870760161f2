import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ARCHIVE_CHUNK_BYTES, decodeBlob, encodeArchive, type RunData } from "../src/model/protocol";
import { Store } from "../src/model/store";
import { bin, sameContent, setup } from "./fixtures";

const store = () => {
  const s = new Store(setup());
  for (const j of [0, 1, 2]) s.append(decodeBlob(bin(`run_part${j}`)));
  return s;
};

/** A run larger than several compressor chunks, frames changing a little each time (as training does). */
function bigRun(K = 8, G = 60, f = 90): RunData {
  const px = G * G;
  const frames = Array.from({ length: K }, (_, k) => {
    const a = new Uint8Array(f * px);
    for (let j = 0; j < f; j++) for (let i = 0; i < px; i++) a[j * px + i] = (i * (k + 1) + ((j * i) >> 6)) & 255;
    return a;
  });
  const series = (len: number) => Array.from({ length: K }, (_, k) => Float32Array.from({ length: len }, (_, i) => 1 / (1 + i + k)));
  return { runId: 3, models: K, grid: G, iterCount: 500, frameCount: f, done: true, hasTest: false,
    costs: series(500), frames, trainAcc: series(f), testAcc: series(f) };
}

describe("encodeArchive", () => {
  it("packs a store into one blob that rebuilds the same store", async () => {
    const s = store();
    const blob = await encodeArchive({ ...s, runId: s.setup!.run_id });
    const again = new Store(setup());
    expect(again.append(decodeBlob(blob))).toBe("ok");
    expect(again.done).toBe(true);
    sameContent(again, s);
  });

  it("writes the header the kernel's decoder expects, aligned and compressed", async () => {
    const s = store();
    const blob = await encodeArchive({ ...s, runId: s.setup!.run_id });
    const h = new DataView(blob.buffer).getUint32(4, true);
    expect((8 + h) % 4).toBe(0);
    const { header } = decodeBlob(blob);
    expect(header).toMatchObject({ iter_start: 0, frame_start: 0, frames_encoding: "delta", done: true });
    const raw = s.frameCount * s.models * s.grid * s.grid;
    expect(header.frames_bytes).toBeLessThan(raw);
  });

  it("encodes a run of many chunks in steps, letting the page run in between, into one zlib stream", async () => {
    const run = bigRun();
    const px = run.grid * run.grid;
    expect(run.frameCount * run.models * px).toBeGreaterThan(2 * ARCHIVE_CHUNK_BYTES);
    let ticks = 0;
    let encoding = true;
    const tick = () => {
      ticks++;
      if (encoding) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const blob = await encodeArchive(run);
    encoding = false;
    expect(ticks).toBeGreaterThanOrEqual(2);
    const { header, frames, costs } = decodeBlob(blob);
    expect(header).toMatchObject({ run_id: 3, models: 8, frame_count: run.frameCount, frames_encoding: "delta" });
    expect(Array.from(costs[5])).toEqual(Array.from(run.costs[5]));
    for (const j of [0, 1, 12, 13, run.frameCount - 1])
      for (let k = 0; k < run.models; k++) {
        const at = (j * run.models + k) * px;
        expect(Buffer.compare(frames!.subarray(at, at + px), run.frames[k].subarray(j * px, (j + 1) * px))).toBe(0);
      }
    // what Python's zlib.decompress reads: one complete RFC 1950 stream of exactly frames_bytes
    const off = blob.length - header.frames_bytes;
    expect(inflateSync(blob.subarray(off)).length).toBe(run.frameCount * run.models * px);
  });
});

import { describe, expect, it } from "vitest";
import { decodeBlob, encodeArchive } from "../src/model/protocol";
import { Store } from "../src/model/store";
import { bin, sameContent, setup } from "./fixtures";

const store = () => {
  const s = new Store(setup());
  for (const j of [0, 1, 2]) s.append(decodeBlob(bin(`run_part${j}`)));
  return s;
};

describe("encodeArchive", () => {
  it("packs a store into one blob that rebuilds the same store", () => {
    const s = store();
    const blob = encodeArchive({ ...s, runId: s.setup!.run_id });
    const again = new Store(setup());
    expect(again.append(decodeBlob(blob))).toBe("ok");
    expect(again.done).toBe(true);
    sameContent(again, s);
  });

  it("writes the header the kernel's decoder expects, aligned and compressed", () => {
    const s = store();
    const blob = encodeArchive({ ...s, runId: s.setup!.run_id });
    const h = new DataView(blob.buffer).getUint32(4, true);
    expect((8 + h) % 4).toBe(0);
    const { header } = decodeBlob(blob);
    expect(header).toMatchObject({ iter_start: 0, frame_start: 0, frames_encoding: "delta", done: true });
    const raw = s.frameCount * s.models * s.grid * s.grid;
    expect(header.frames_bytes).toBeLessThan(raw);
  });
});

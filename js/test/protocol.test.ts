import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { asBytes, decodeBlob, ProtocolError, undoDelta } from "../src/model/protocol";
import { bin, dataView, expected, FIXTURES, num } from "./fixtures";

describe("decodeBlob on the shared fixtures", () => {
  for (const name of FIXTURES) {
    it(`${name}: header, costs and frames match the Python encoder`, () => {
      const exp = expected(name);
      const d = decodeBlob(dataView(name));
      expect(d.header).toEqual(exp.header);
      expect(d.costs.length).toBe(exp.costs.length);
      exp.costs.forEach((row, k) => {
        expect(d.costs[k].length).toBe(row.length);
        row.forEach((v, i) => {
          const want = num(v);
          if (Number.isNaN(want)) expect(Number.isNaN(d.costs[k][i])).toBe(true);
          else expect(d.costs[k][i]).toBe(Math.fround(want));
        });
      });
      if (exp.frames_sha256 === null) {
        expect(d.frames).toBeNull();
      } else {
        expect(d.frames).not.toBeNull();
        const h = d.header;
        expect(d.frames!.length).toBe(h.frame_count * h.models * h.grid_size * h.grid_size);
        expect(createHash("sha256").update(d.frames!).digest("hex")).toBe(exp.frames_sha256);
        let sum = 0;
        for (const v of d.frames!) sum += v;
        expect(sum).toBe(exp.frames_sum);
        if (exp.frames) expect(Array.from(d.frames!)).toEqual(exp.frames.flat(3));
      }
    });
  }

  it("raw and delta encodings of the same frames decode identically", () => {
    const a = decodeBlob(bin("tiny_raw"));
    const b = decodeBlob(bin("tiny_delta"));
    expect(a.header.frames_encoding).toBe("raw");
    expect(b.header.frames_encoding).toBe("delta");
    expect(Array.from(b.frames!)).toEqual(Array.from(a.frames!));
  });

  it("keeps inf, -inf and NaN costs as they are", () => {
    const d = decodeBlob(bin("costs_only"));
    expect(d.costs[0][0]).toBe(Infinity);
    expect(Number.isNaN(d.costs[0][3])).toBe(true);
    const t = decodeBlob(bin("tiny_raw"));
    expect(t.costs[1][1]).toBe(Infinity);
    expect(t.costs[1][2]).toBe(-Infinity);
  });

  it("accepts ArrayBuffer, Uint8Array and offset DataViews", () => {
    const b = bin("tiny_delta");
    const copy = b.slice().buffer;
    expect(decodeBlob(copy).header.run_id).toBe(2);
    expect(decodeBlob(b).header.run_id).toBe(2);
    expect(decodeBlob(dataView("tiny_delta", 1)).header.run_id).toBe(2);
    expect(asBytes(null)).toBeNull();
  });

  it("rejects bad magic and truncated blobs", () => {
    const b = bin("tiny_raw").slice();
    b[0] = 0x58;
    expect(() => decodeBlob(b)).toThrow(ProtocolError);
    expect(() => decodeBlob(bin("tiny_raw").slice(0, 40))).toThrow(ProtocolError);
    expect(() => decodeBlob(new Uint8Array(3))).toThrow(ProtocolError);
  });
});

describe("undoDelta", () => {
  it("is a running sum mod 256 per position", () => {
    // two frames of stride 3: second stores (f1 - f0) mod 256
    const f0 = [250, 0, 128];
    const f1 = [4, 255, 128];
    const enc = new Uint8Array([...f0, ...f1.map((v, i) => (v - f0[i] + 256) & 255)]);
    undoDelta(enc, 2, 3);
    expect(Array.from(enc)).toEqual([...f0, ...f1]);
  });
  it("leaves a single frame untouched", () => {
    const a = new Uint8Array([1, 2, 3]);
    undoDelta(a, 1, 3);
    expect(Array.from(a)).toEqual([1, 2, 3]);
  });
});

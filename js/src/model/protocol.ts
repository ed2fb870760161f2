/**
 * The one place that decodes kernel blobs and encodes the archive (see docs/protocol.md): magic "IWD1", a JSON header,
 * float32 costs [model][iteration], then zlib-deflated uint8 frames [frame][model][row][col]
 * (optionally delta-coded in time per model). Also the message types exchanged with the kernel, from the contract.
 */
import { unzlibSync } from "fflate";
import { CONTRACT } from "../contract";

export const MAGIC = "IWD1";

export interface BlobHeader {
  run_id: number;
  models: number;
  iter_start: number;
  iter_count: number;
  frame_start: number;
  frame_count: number;
  grid_size: number;
  frames_bytes: number;
  frames_encoding: "raw" | "delta";
  train_acc: number[][];
  test_acc: number[][] | null;
  done: boolean;
}

export interface DecodedBlob {
  header: BlobHeader;
  /** One Float32Array per model, length iter_count (views into a private copy). */
  costs: Float32Array[];
  /** Decoded frames [frame][model][row][col], length frame_count*models*G*G, or null without a grid. */
  frames: Uint8Array | null;
}

export interface GridSpec {
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
  size: number;
}

export interface PointSet {
  x: number[];
  y: number[];
  label: number[];
}

export interface ModelSpec {
  name: string;
  /** What the panel shows: the initializer with its scale ("random ×10"); older runs lack it. */
  label?: string;
  color: string;
  /** With seeds=: the initializer this model belongs to and the seeds it stands for (wire.py). */
  initializer?: string;
  seeds?: number[];
  /** A user's own initializer: the check's one-line verdict, shown on its panel. */
  note?: string;
}

/** A model's display name. */
export const labelOf = (m: ModelSpec): string => m.label || m.name;

export interface Setup {
  run_id: number;
  models: ModelSpec[];
  iterations: number;
  frame_iterations: number[];
  grid: GridSpec | null;
  points: { train: PointSet; test: PointSet | null } | null;
  layers?: number[];
  activation?: string;
  learning_rate?: number;
  seed?: number | null;
  /** The seeds of a seeds= run (then `seed` is null); null otherwise. */
  seeds?: number[] | null;
  [extra: string]: unknown;
}

export interface Progress {
  iteration: number;
  total: number;
  rate: number;
}

/** What the kernel's training can be told (`Action` in wire/messages.py): "train", "pause", … */
export type Command = (typeof CONTRACT.commands)[number];

/** The value of each field a message carries (a field the contract adds must be typed here to compile). */
interface FieldTypes {
  iteration: number;
  run_id: number;
  iterations: number;
  frames: number;
  action: Command;
  view_id: string;
  shown: boolean;
}

/** One message per entry of a contract table: `{type: name, field: value, …}`. */
type Messages<T extends Record<string, readonly (keyof FieldTypes)[]>> = {
  [K in keyof T]: { type: K } & { [F in T[K][number]]: FieldTypes[F] };
}[keyof T];

/** A message to the kernel (playhead, sync, command, view), as the contract lists them. */
export type ToKernel = Messages<typeof CONTRACT.to_kernel>;
/** A message from the kernel (ready, delta; a delta's blob comes as its buffer). */
export type ToFrontEnd = Messages<typeof CONTRACT.to_front_end>;

/** Bytes of any buffer-ish value a widget manager may hand us (DataView, ArrayBuffer, typed array). */
export function asBytes(buf: unknown): Uint8Array | null {
  if (buf == null) return null;
  if (buf instanceof Uint8Array) return buf;
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf instanceof ArrayBuffer) return new Uint8Array(buf);
  // Some managers hand {buffer: ArrayBuffer} or similar wrappers.
  const inner = (buf as { buffer?: unknown }).buffer;
  if (inner instanceof ArrayBuffer) return new Uint8Array(inner);
  return null;
}

export class ProtocolError extends Error {}

/** Decode one blob. Throws ProtocolError on malformed input. */
export function decodeBlob(input: DataView | ArrayBuffer | Uint8Array): DecodedBlob {
  const bytes = asBytes(input);
  if (!bytes || bytes.byteLength < 8) throw new ProtocolError("blob too short");
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) throw new ProtocolError(`bad magic ${JSON.stringify(magic)}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = dv.getUint32(4, true);
  if (8 + h > bytes.byteLength) throw new ProtocolError("header overruns blob");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + h))) as BlobHeader;
  const K = header.models | 0;
  const n = header.iter_count | 0;
  const f = header.frame_count | 0;
  const G = header.grid_size | 0;
  let off = 8 + h;
  const costBytes = 4 * K * n;
  if (off + costBytes > bytes.byteLength) throw new ProtocolError("costs overrun blob");
  // Copy into an aligned little-endian Float32Array (the blob offset is 4-aligned by spec, but the
  // DataView we are handed may not be, and we must not keep the message buffer alive).
  const all = new Float32Array(K * n);
  if ((bytes.byteOffset + off) % 4 === 0 && littleEndian()) {
    all.set(new Float32Array(bytes.buffer, bytes.byteOffset + off, K * n));
  } else {
    for (let i = 0; i < K * n; i++) all[i] = dv.getFloat32(off + 4 * i, true);
  }
  off += costBytes;
  const costs: Float32Array[] = [];
  for (let k = 0; k < K; k++) costs.push(all.subarray(k * n, (k + 1) * n));

  let frames: Uint8Array | null = null;
  if (G > 0) {
    const size = f * K * G * G;
    frames = new Uint8Array(size);
    if (f > 0) {
      const fb = header.frames_bytes | 0;
      if (off + fb > bytes.byteLength) throw new ProtocolError("frames overrun blob");
      const out = unzlibSync(bytes.subarray(off, off + fb), { out: frames });
      if (out.length !== size) throw new ProtocolError(`frames: expected ${size} bytes, got ${out.length}`);
      if (out !== frames) frames.set(out);
      if (header.frames_encoding === "delta") undoDelta(frames, f, K * G * G);
      else if (header.frames_encoding !== "raw") throw new ProtocolError(`unknown frames_encoding ${header.frames_encoding}`);
    }
  }
  return { header, costs, frames };
}

/** What encodeArchive needs of a store: the whole run held so far. */
export interface RunData {
  runId: number;
  models: number;
  grid: number;
  iterCount: number;
  frameCount: number;
  done: boolean;
  hasTest: boolean;
  costs: Float32Array[];
  frames: Uint8Array[];
  trainAcc: Float32Array[];
  testAcc: Float32Array[];
}

/** Bytes of delta-coded frames handed to the compressor at a time; the encoder yields between them. */
export const ARCHIVE_CHUNK_BYTES = 1 << 20;

/** Let the page run its other tasks (input, paint) before going on. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Frames [frame][model][row][col], delta-coded over the whole run, as one zlib stream (RFC 1950).
 * The browser's CompressionStream("deflate") compresses natively; frames go to it about a megabyte
 * at a time with a yield in between, so a large run (12 MB for 8 models) never blocks the page.
 */
async function deflateFrames(run: RunData): Promise<Uint8Array> {
  const { models: K, grid: G, frameCount: f } = run;
  const px = G * G;
  const stride = K * px;
  const stream = new CompressionStream("deflate");
  const writer = stream.writable.getWriter();
  const parts: Uint8Array[] = [];
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  })();
  const perChunk = Math.max(1, Math.floor(ARCHIVE_CHUNK_BYTES / stride));
  for (let j0 = 0; j0 < f; j0 += perChunk) {
    const j1 = Math.min(f, j0 + perChunk);
    const chunk = new Uint8Array((j1 - j0) * stride);
    for (let j = j0; j < j1; j++)
      for (let k = 0; k < K; k++) {
        const cur = run.frames[k].subarray(j * px, (j + 1) * px);
        const at = ((j - j0) * K + k) * px;
        if (j === 0) chunk.set(cur, at);
        else {
          const prev = run.frames[k].subarray((j - 1) * px, j * px);
          for (let i = 0; i < px; i++) chunk[at + i] = (cur[i] - prev[i]) & 255;
        }
      }
    await writer.ready;
    void writer.write(chunk);
    await nextTask();
  }
  await writer.close();
  await reading;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * One blob holding the whole run, for the `_archive` trait: a saved notebook's widget state then
 * replays without a kernel. Same format the kernel sends (frames delta-coded, then deflated).
 * Asynchronous and incremental (see deflateFrames): it runs at the end of a run, while it plays.
 */
export async function encodeArchive(run: RunData): Promise<Uint8Array> {
  const { models: K, grid: G, iterCount: n, frameCount: f } = run;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const acc = (a: Float32Array[]) => Array.from({ length: f }, (_, j) => a.map((m) => round(m[j])));
  const packed = G > 0 && f > 0 ? await deflateFrames(run) : new Uint8Array(0);
  const header: BlobHeader = {
    run_id: run.runId, models: K, iter_start: 0, iter_count: n, frame_start: 0, frame_count: f,
    grid_size: G, frames_bytes: packed.length, frames_encoding: "delta",
    train_acc: acc(run.trainAcc), test_acc: run.hasTest ? acc(run.testAcc) : null, done: run.done,
  };
  let text = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((8 + text.length) % 4)) % 4;
  if (pad) text = new TextEncoder().encode(JSON.stringify(header) + " ".repeat(pad));
  const out = new Uint8Array(8 + text.length + 4 * K * n + packed.length);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  dv.setUint32(4, text.length, true);
  out.set(text, 8);
  let off = 8 + text.length;
  for (let k = 0; k < K; k++)
    for (let i = 0; i < n; i++, off += 4) dv.setFloat32(off, run.costs[k][i], true);
  out.set(packed, off);
  return out;
}

/** In place: frame j += frame j-1 (mod 256), for j = 1..f-1; `stride` = bytes per frame (all models). */
export function undoDelta(frames: Uint8Array, f: number, stride: number): void {
  for (let j = 1; j < f; j++) {
    const a = j * stride;
    const p = a - stride;
    for (let i = 0; i < stride; i++) frames[a + i] = (frames[a + i] + frames[p + i]) & 255;
  }
}

let _le: boolean | null = null;
function littleEndian(): boolean {
  if (_le === null) _le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return _le;
}

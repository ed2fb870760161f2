/**
 * Decision-boundary painter for one panel: uint8 frame -> LUT -> ImageData (G x G, flipped so row 0
 * is at the bottom) -> offscreen canvas -> scaled, smoothed draw; then the 0.5 iso-line (marching
 * squares) and the cached points layer on top.
 */
import { sizeCanvases } from "./dom";
import type { GridSpec, PointSet } from "../model/protocol";
import { CLASS_COLORS, CONTOUR_COLOR, POINT_OUTLINE, type Theme, lut } from "./colormap";

/**
 * Marching squares at `level` over a G x G grid (row 0 = bottom). Returns segments as a flat array
 * [x0, y0, x1, y1, ...] in grid coordinates (x = column, y = row, fractional).
 */
export function contourSegments(v: ArrayLike<number>, G: number, level = 127.5): Float32Array {
  const out: number[] = [];
  const lerp = (a: number, b: number) => (level - a) / (b - a);
  for (let r = 0; r < G - 1; r++) {
    for (let c = 0; c < G - 1; c++) {
      const i = r * G + c;
      const a = v[i]; // (c, r)      bottom-left
      const b = v[i + 1]; // (c+1, r)    bottom-right
      const d = v[i + G]; // (c, r+1)    top-left
      const e = v[i + G + 1]; // (c+1, r+1)  top-right
      const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (e > level ? 4 : 0) | (d > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // Edge crossing points.
      const bottom = () => [c + lerp(a, b), r];
      const right = () => [c + 1, r + lerp(b, e)];
      const top = () => [c + lerp(d, e), r + 1];
      const left = () => [c, r + lerp(a, d)];
      const seg = (p: number[], q: number[]) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1: case 14: seg(left(), bottom()); break;
        case 2: case 13: seg(bottom(), right()); break;
        case 3: case 12: seg(left(), right()); break;
        case 4: case 11: seg(top(), right()); break;
        case 6: case 9: seg(bottom(), top()); break;
        case 7: case 8: seg(left(), top()); break;
        case 5: case 10: {
          const center = (a + b + d + e) / 4 > level;
          // Saddle: connect according to the centre value.
          if ((code === 5) === center) { seg(left(), top()); seg(bottom(), right()); }
          else { seg(left(), bottom()); seg(top(), right()); }
          break;
        }
      }
    }
  }
  return new Float32Array(out);
}

/** Fill a Uint32 pixel buffer (G x G, row 0 at the top) from a frame (row 0 at the bottom) via the LUT. */
export function frameToPixels(frame: Uint8Array, G: number, table: Uint32Array, out: Uint32Array): void {
  for (let r = 0; r < G; r++) {
    const src = r * G;
    const dst = (G - 1 - r) * G;
    for (let c = 0; c < G; c++) out[dst + c] = table[frame[src + c]];
  }
}

export interface Points {
  train: PointSet | null;
  test: PointSet | null;
}

export class HeatmapPainter {
  private off: HTMLCanvasElement;
  private offCtx: CanvasRenderingContext2D | null;
  private image: ImageData | null = null;
  private pixels: Uint32Array | null = null;
  private pointsLayer: HTMLCanvasElement;
  private pointsKey = "";
  /** What was last painted; paint() is a no-op when nothing changed. */
  private key = "";
  cssW = 0;
  cssH = 0;
  dpr = 1;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.off = document.createElement("canvas");
    this.offCtx = this.off.getContext("2d");
    this.pointsLayer = document.createElement("canvas");
  }

  resize(cssW: number, cssH: number, dpr: number): void {
    this.cssW = Math.max(10, Math.floor(cssW));
    this.cssH = Math.max(10, Math.floor(cssH));
    this.dpr = dpr;
    if (sizeCanvases([this.canvas, this.pointsLayer], this.cssW, this.cssH, dpr)) {
      this.pointsKey = "";
      this.key = "";
    }
  }

  /**
   * Paint `frame` (or the neutral background when null). `frameKey` identifies the frame
   * (e.g. "run:frameIndex"); returns true if something was painted.
   */
  paint(frame: Uint8Array | null, frameKey: string, grid: GridSpec, points: Points, showTest: boolean, theme: Theme): boolean {
    const key = `${frameKey}|${this.canvas.width}x${this.canvas.height}|${showTest}|${theme}`;
    if (key === this.key) return false;
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return false;
    const G = grid.size;
    const W = this.canvas.width;
    const H = this.canvas.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const table = lut(theme);
    if (frame && G > 1 && this.offCtx) {
      if (!this.image || this.image.width !== G) {
        this.off.width = G;
        this.off.height = G;
        this.image = this.offCtx.createImageData(G, G);
        this.pixels = new Uint32Array(this.image.data.buffer);
      }
      frameToPixels(frame, G, table, this.pixels!);
      this.offCtx.putImageData(this.image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      // Grid point centres land on the data coordinates: pixel c centre -> x_min + c*dx.
      const sx = W / (G - 1);
      const sy = H / (G - 1);
      ctx.drawImage(this.off, -sx / 2, -sy / 2, W + sx, H + sy);
      // 0.5 iso-line.
      const segs = contourSegments(frame, G);
      if (segs.length) {
        ctx.beginPath();
        for (let i = 0; i < segs.length; i += 4) {
          ctx.moveTo(segs[i] * sx, H - segs[i + 1] * sy);
          ctx.lineTo(segs[i + 2] * sx, H - segs[i + 3] * sy);
        }
        ctx.strokeStyle = CONTOUR_COLOR[theme];
        ctx.lineWidth = 1.6 * this.dpr;
        ctx.lineCap = "round";
        ctx.stroke();
      }
    } else {
      const v = table[128];
      const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
      const [r, g, b] = le ? [v & 255, (v >> 8) & 255, (v >> 16) & 255] : [(v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255];
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(0, 0, W, H);
    }
    this.drawPoints(grid, points, showTest, theme);
    ctx.drawImage(this.pointsLayer, 0, 0);
    this.key = key;
    return true;
  }

  /** Force the next paint (e.g. after the points changed). */
  invalidate(): void {
    this.key = "";
    this.pointsKey = "";
  }

  private drawPoints(grid: GridSpec, points: Points, showTest: boolean, theme: Theme): void {
    const key = `${this.pointsLayer.width}x${this.pointsLayer.height}|${showTest}|${theme}`;
    if (key === this.pointsKey) return;
    this.pointsKey = key;
    const ctx = this.pointsLayer.getContext("2d");
    if (!ctx) return;
    const W = this.pointsLayer.width;
    const H = this.pointsLayer.height;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const px = (x: number) => ((x - grid.x_min) / (grid.x_max - grid.x_min)) * W;
    const py = (y: number) => H - ((y - grid.y_min) / (grid.y_max - grid.y_min)) * H;
    const colors = CLASS_COLORS[theme];
    const outline = POINT_OUTLINE[theme];
    const size = Math.max(2.2, Math.min(4, Math.min(this.cssW, this.cssH) / 80)) * this.dpr;
    const set = (s: PointSet | null, hollow: boolean) => {
      if (!s) return;
      const n = Math.min(s.x.length, s.y.length, s.label.length);
      for (const cls of [0, 1]) {
        ctx.beginPath();
        for (let i = 0; i < n; i++) {
          if ((s.label[i] ? 1 : 0) !== cls) continue;
          const x = px(s.x[i]);
          const y = py(s.y[i]);
          if (hollow) {
            // Diamond marker.
            const q = size * 1.05;
            ctx.moveTo(x, y - q);
            ctx.lineTo(x + q, y);
            ctx.lineTo(x, y + q);
            ctx.lineTo(x - q, y);
            ctx.closePath();
          } else {
            ctx.moveTo(x + size, y);
            ctx.arc(x, y, size, 0, Math.PI * 2);
          }
        }
        if (hollow) {
          ctx.lineWidth = 2.8 * this.dpr;
          ctx.strokeStyle = outline;
          ctx.stroke();
          ctx.lineWidth = 1.3 * this.dpr;
          ctx.strokeStyle = colors[cls];
          ctx.stroke();
        } else {
          ctx.fillStyle = colors[cls];
          ctx.fill();
          ctx.lineWidth = 1 * this.dpr;
          ctx.strokeStyle = outline;
          ctx.stroke();
        }
      }
    };
    set(points.train, false);
    if (showTest) set(points.test, true);
  }
}

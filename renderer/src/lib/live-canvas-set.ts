// The live canvases of the VM table and what was last painted on each: runs in the live-painter
// worker (canvases transferred there with transferControlToOffscreen, so painting ~100 rows of
// text and sparklines on each stats tick costs the page's main thread nothing), or in the page
// itself where offscreen canvases are unavailable.
import { rowsOf, unpackLiveRow, type LiveRowsBatch, type LiveRowsRange, type PackedLiveRows } from './live-rows-pack';
import { paintLiveRows, type LiveCanvasContext, type LivePalette } from './vm-live-paint';

/** What the page sends the painter (over postMessage, or directly). */
export type LivePainterMessage =
  | { type: 'attach'; id: number; canvas: OffscreenCanvas | HTMLCanvasElement }
  | { type: 'resize'; id: number; width: number; height: number; ratio: number }
  | { type: 'paint'; paint: LivePaintBatch }
  /** The colours and font of every canvas (sent when the theme changes, not with each frame). */
  | { type: 'palette'; palette: LivePalette }
  | { type: 'detach'; id: number };

/** One painting of a canvas: its rows top to bottom. */
export interface LiveFrame {
  rowHeight: number;
  rows: PackedLiveRows;
}

/** New paintings of some canvases: their rows, back to back in one batch. */
export interface LivePaintBatch {
  rowHeight: number;
  rows: LiveRowsBatch;
  canvases: { id: number; range: LiveRowsRange }[];
  /**
   * Some canvas now shows other rows than it was painted for (the table scrolled): paint at once.
   * False: only new values for the same rows (a stats tick), which may wait a few milliseconds.
   */
  moved: boolean;
}

interface Entry {
  canvas: OffscreenCanvas | HTMLCanvasElement;
  context: LiveCanvasContext & { setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void };
  ratio: number;
  sized: boolean;
  frame: LiveFrame | null;
}

export class LiveCanvasSet {
  private readonly entries = new Map<number, Entry>();
  private palette: LivePalette | null = null;

  handle(message: LivePainterMessage): void {
    switch (message.type) {
      case 'attach': {
        const context = message.canvas.getContext('2d') as Entry['context'] | null;
        if (context) this.entries.set(message.id, { canvas: message.canvas, context, ratio: 1, sized: false, frame: null });
        return;
      }
      case 'resize': {
        const e = this.entries.get(message.id);
        if (!e) return;
        const width = Math.max(1, Math.round(message.width * message.ratio));
        const height = Math.max(1, Math.round(message.height * message.ratio));
        if (e.sized && e.canvas.width === width && e.canvas.height === height && e.ratio === message.ratio) return;
        // Resizing clears the canvas (and its context state): paint the last frame again.
        e.canvas.width = width;
        e.canvas.height = height;
        e.ratio = message.ratio;
        e.sized = true;
        this.paint(e);
        return;
      }
      case 'paint': {
        const { rowHeight, rows, canvases } = message.paint;
        for (const { id, range } of canvases) {
          const e = this.entries.get(id);
          if (!e) continue;
          e.frame = { rowHeight, rows: rowsOf(rows, range) };
          this.paint(e);
        }
        return;
      }
      case 'palette':
        this.palette = message.palette;
        for (const e of this.entries.values()) this.paint(e);
        return;
      case 'detach':
        this.entries.delete(message.id);
        return;
    }
  }

  private paint(e: Entry): void {
    const f = e.frame;
    if (!f || !e.sized || !this.palette) return;
    e.context.setTransform(e.ratio, 0, 0, e.ratio, 0, 0);
    paintLiveRows(e.context, f.rows.count, f.rowHeight, f.rows.slots, (i) => unpackLiveRow(f.rows, i), this.palette);
  }
}

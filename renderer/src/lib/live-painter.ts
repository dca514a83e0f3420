// The page's side of the live painter: hands the VM table's live canvases to one shared worker
// and sends it what to paint. Without OffscreenCanvas support the same LiveCanvasSet runs in the
// page instead; either way the page talks to it in LivePainterMessages.
import { LiveCanvasSet, type LivePaintBatch, type LivePainterMessage } from './live-canvas-set';
import type { LivePalette } from './vm-live-paint';

export interface LivePainter {
  /** Takes over `canvas` (it can no longer be drawn on by the page); returns its id. */
  attach(canvas: HTMLCanvasElement): number;
  /** The canvas's CSS size and device pixel ratio. */
  resize(id: number, width: number, height: number, ratio: number): void;
  /** Paints these canvases (one message for all the canvases a tick repaints). */
  paint(paint: LivePaintBatch): void;
  palette(palette: LivePalette): void;
  detach(id: number): void;
}

let shared: LivePainter | null = null;

export function livePainter(): LivePainter {
  if (!shared) {
    if (typeof Worker === 'function' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype) {
      const worker = new Worker(new URL('../workers/live-painter.worker.ts', import.meta.url), { type: 'module', name: 'live-painter' });
      shared = painterOver((m, transfer) => worker.postMessage(m, transfer), (canvas) => canvas.transferControlToOffscreen());
    } else {
      const set = new LiveCanvasSet();
      // Paintings are kept to paint again (on resize): a copy, as posting would make, since the
      // sender reuses its buffers.
      shared = painterOver((m) => set.handle(m.type === 'paint' ? structuredClone(m) : m), (canvas) => canvas);
    }
  }
  return shared;
}

/** A painter sending its messages with `send`; `take` hands a canvas over to the receiver. */
function painterOver(
  send: (m: LivePainterMessage, transfer: Transferable[]) => void,
  take: (canvas: HTMLCanvasElement) => OffscreenCanvas | HTMLCanvasElement,
): LivePainter {
  let nextId = 1;
  return {
    attach(canvas) {
      const id = nextId++;
      const target = take(canvas);
      send({ type: 'attach', id, canvas: target }, target instanceof HTMLCanvasElement ? [] : [target]);
      return id;
    },
    resize: (id, width, height, ratio) => send({ type: 'resize', id, width, height, ratio }, []),
    palette: (palette) => send({ type: 'palette', palette }, []),
    // Copied, not transferred: the buffers are the sender's, kept from tick to tick.
    paint: (paint) => send({ type: 'paint', paint }, []),
    detach: (id) => send({ type: 'detach', id }, []),
  };
}

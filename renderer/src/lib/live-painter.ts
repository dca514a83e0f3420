// The page's side of the live painter: hands the VM table's live canvases to one shared worker
// and sends it what to paint. Without OffscreenCanvas support the same LiveCanvasSet runs in the
// page instead; either way the page talks to it in LivePainterMessages.
import { LiveCanvasSet, type LiveFrame, type LivePainterMessage } from './live-canvas-set';
import type { LivePalette } from './vm-live-paint';

export interface LivePainter {
  /** Takes over `canvas` (it can no longer be drawn on by the page); returns its id. */
  attach(canvas: HTMLCanvasElement): number;
  /** The canvas's CSS size and device pixel ratio. */
  resize(id: number, width: number, height: number, ratio: number): void;
  paint(id: number, frame: LiveFrame): void;
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
      shared = painterOver((m) => set.handle(m), (canvas) => canvas);
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
  // Every canvas repaints on the same tick: one message carries them all. The buffers are copied,
  // not transferred: detaching a few dozen small buffers per tick costs more than copying ~40 KB.
  const pending = new Map<number, LiveFrame>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.size === 0) return;
    const frames = [...pending].map(([id, frame]) => ({ id, frame }));
    pending.clear();
    send({ type: 'paint', frames }, []);
  };
  return {
    attach(canvas) {
      const id = nextId++;
      const target = take(canvas);
      send({ type: 'attach', id, canvas: target }, target instanceof HTMLCanvasElement ? [] : [target]);
      return id;
    },
    resize: (id, width, height, ratio) => send({ type: 'resize', id, width, height, ratio }, []),
    palette: (palette) => send({ type: 'palette', palette }, []),
    paint(id, frame) {
      pending.set(id, frame);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
    detach(id) {
      pending.delete(id);
      send({ type: 'detach', id }, []);
    },
  };
}

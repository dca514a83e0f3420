// The page's side of the live painter: hands the VM table's live canvases to one shared worker
// and sends it what to paint. Without OffscreenCanvas support it paints in the page instead.
import { LiveCanvasSet, type LiveFrame, type LivePainterMessage } from './live-canvas-set';

export interface LivePainter {
  /** Takes over `canvas` (it can no longer be drawn on by the page); returns its id. */
  attach(canvas: HTMLCanvasElement): number;
  /** The canvas's CSS size and device pixel ratio. */
  resize(id: number, width: number, height: number, ratio: number): void;
  paint(id: number, frame: LiveFrame): void;
  detach(id: number): void;
}

let shared: LivePainter | null = null;
let nextId = 1;

export function livePainter(): LivePainter {
  shared ??= typeof Worker === 'function' && 'transferControlToOffscreen' in HTMLCanvasElement.prototype ? inWorker() : inPage();
  return shared;
}

function inWorker(): LivePainter {
  const worker = new Worker(new URL('../workers/live-painter.worker.ts', import.meta.url), { type: 'module', name: 'live-painter' });
  const send = (m: LivePainterMessage, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  // Every canvas repaints on the same tick: one message carries them all. The buffers are copied,
  // not transferred: detaching a few dozen small buffers per tick costs more than copying ~40 KB.
  const pending = new Map<number, LiveFrame>();
  const flush = () => {
    const frames = [...pending].map(([id, frame]) => ({ id, frame }));
    pending.clear();
    send({ type: 'paint', frames });
  };
  return {
    attach(canvas) {
      const id = nextId++;
      const offscreen = canvas.transferControlToOffscreen();
      send({ type: 'attach', id, canvas: offscreen }, [offscreen]);
      return id;
    },
    resize: (id, width, height, ratio) => send({ type: 'resize', id, width, height, ratio }),
    paint(id, frame) {
      if (pending.size === 0) queueMicrotask(flush);
      pending.set(id, frame);
    },
    detach(id) {
      pending.delete(id);
      send({ type: 'detach', id });
    },
  };
}

function inPage(): LivePainter {
  const set = new LiveCanvasSet();
  return {
    attach(canvas) {
      const id = nextId++;
      set.handle({ type: 'attach', id, canvas });
      return id;
    },
    resize: (id, width, height, ratio) => set.handle({ type: 'resize', id, width, height, ratio }),
    paint: (id, frame) => set.handle({ type: 'paint', frames: [{ id, frame }] }),
    detach: (id) => set.handle({ type: 'detach', id }),
  };
}

// The live-painter worker: paints the VM table's live canvases off the page's main thread.
import { LiveCanvasSet, type LivePainterMessage } from '../lib/live-canvas-set';
import { livePaintQueue } from '../lib/live-paint-queue';

const canvases = new LiveCanvasSet();
const receive = livePaintQueue((m) => canvases.handle(m));
addEventListener('message', (e: MessageEvent<LivePainterMessage>) => receive(e.data));

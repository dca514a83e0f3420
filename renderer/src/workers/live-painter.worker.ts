// The live-painter worker: paints the VM table's live canvases off the page's main thread.
import { LiveCanvasSet, type LivePainterMessage } from '../lib/live-canvas-set';

const canvases = new LiveCanvasSet();
addEventListener('message', (e: MessageEvent<LivePainterMessage>) => canvases.handle(e.data));

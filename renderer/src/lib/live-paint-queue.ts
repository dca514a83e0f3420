// When the live-painter worker handles what the page sends: a stats tick's paint a few
// milliseconds late, everything else at once (after what waits, so messages keep their order).
//
// Why wait: the page posts a tick's paint right after its frame, and the post wakes the worker's
// thread. The kernel may run a thread it wakes on the waker's core (it does on two-vCPU virtual
// machines that report no shared cache, like this project's test machine), where ~10 ms of
// painting would stall the page until the load balancer moves one of them: bench:ui saw posts
// of 2–6 ms in about one tick of fifteen. Woken, the worker now only queues the paint and sleeps;
// its own timer wakes it again once the page is done. Scrolling paints cannot wait: their
// canvases show rows they were not painted for.
import type { LivePainterMessage } from './live-canvas-set';

export const TICK_PAINT_DELAY_MS = 3;

/** A handler that passes messages on to `handle`, holding stats-tick paints back `delayMs`. */
export function livePaintQueue(handle: (m: LivePainterMessage) => void, delayMs = TICK_PAINT_DELAY_MS): (m: LivePainterMessage) => void {
  let waiting: LivePainterMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const due = waiting;
    waiting = [];
    due.forEach(handle);
  };
  return (m) => {
    if (m.type === 'paint' && !m.paint.moved) {
      waiting.push(m);
      timer ??= setTimeout(flush, delayMs);
      return;
    }
    flush();
    handle(m);
  };
}

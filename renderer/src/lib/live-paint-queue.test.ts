import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LivePainterMessage } from './live-canvas-set';
import { livePaintQueue } from './live-paint-queue';

const paint = (id: number, moved: boolean): LivePainterMessage => ({
  type: 'paint',
  paint: { rowHeight: 36, rows: { slots: 1, values: new Float64Array(0), spark: new Float32Array(0) }, canvases: [{ id, range: { first: 0, count: 0 } }], moved },
});
const label = (m: LivePainterMessage) => (m.type === 'paint' ? `paint ${m.paint.canvases[0]!.id}` : `${m.type} ${'id' in m ? m.id : ''}`);

describe('livePaintQueue', () => {
  let handled: string[];
  let receive: (m: LivePainterMessage) => void;
  beforeEach(() => {
    vi.useFakeTimers();
    handled = [];
    receive = livePaintQueue((m) => handled.push(label(m)), 3);
  });
  afterEach(() => vi.useRealTimers());

  it('holds tick paints back a few milliseconds, together', () => {
    receive(paint(1, false));
    receive(paint(2, false));
    expect(handled).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(handled).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(handled).toEqual(['paint 1', 'paint 2']);
  });

  it('handles scrolling paints and other messages at once, after what waits, in order', () => {
    receive(paint(1, false));
    receive(paint(2, true));
    expect(handled).toEqual(['paint 1', 'paint 2']);
    receive(paint(3, false));
    receive({ type: 'detach', id: 3 });
    expect(handled).toEqual(['paint 1', 'paint 2', 'paint 3', 'detach 3']);
    vi.advanceTimersByTime(10);
    expect(handled).toHaveLength(4); // nothing handled twice
  });
});

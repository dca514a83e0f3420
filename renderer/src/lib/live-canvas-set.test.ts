import { describe, expect, it } from 'vitest';
import { LiveCanvasSet, type LivePainterMessage } from './live-canvas-set';
import { LiveRowsPacker } from './live-rows-pack';

/** A canvas whose 2D context counts paintings (clearRect opens each) and records the transform. */
function fakeCanvas() {
  const log: string[] = [];
  const ctx = {
    fillStyle: '', strokeStyle: '', lineWidth: 1, lineJoin: 'miter', font: '', textBaseline: 'alphabetic',
    setTransform: (a: number) => log.push(`scale ${a}`),
    clearRect: (_x: number, _y: number, _w: number, h: number) => log.push(`paint ${h}`),
    beginPath() {}, moveTo() {}, lineTo() {}, stroke() {}, fillRect() {}, fillText() {},
  };
  const canvas = { width: 0, height: 0, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, log };
}

/** A paint message: each canvas (id → its row count) gets that many unsampled VM rows. */
function paint(rows: Record<number, number>): LivePainterMessage {
  const packer = new LiveRowsPacker(4);
  const canvases = Object.entries(rows).map(([id, n]) => ({ id: Number(id), range: packer.pack(Array.from({ length: n }, () => 'vm'), { latest: () => false, samples: () => 0 }) }));
  return { type: 'paint', paint: { rowHeight: 36, rows: packer.batch(), canvases, moved: true } };
}
const palette = { line: 'b', text: 'g', track: 't', bar: 'o', font: '12px sans-serif' };
/** A set that has its palette. */
function withPalette() {
  const set = new LiveCanvasSet();
  set.handle({ type: 'palette', palette });
  return set;
}

describe('LiveCanvasSet', () => {
  it('paints once a canvas has a size, sizes its backing store by the pixel ratio, repaints after a resize', () => {
    const set = withPalette();
    const { canvas, log } = fakeCanvas();
    set.handle({ type: 'attach', id: 1, canvas });
    set.handle(paint({ 1: 8 }));
    expect(log).toEqual([]); // not laid out yet
    set.handle({ type: 'resize', id: 1, width: 452, height: 288, ratio: 2 });
    expect([canvas.width, canvas.height]).toEqual([904, 576]);
    expect(log).toEqual(['scale 2', 'paint 288']);
    set.handle(paint({ 1: 4, 99: 4 }));
    expect(log.at(-1)).toBe('paint 144');
    // The same size again changes nothing (setting a canvas's size clears it).
    const before = log.length;
    set.handle({ type: 'resize', id: 1, width: 452, height: 288, ratio: 2 });
    expect(log).toHaveLength(before);
  });

  it('forgets a detached canvas', () => {
    const set = withPalette();
    const { canvas, log } = fakeCanvas();
    set.handle({ type: 'attach', id: 1, canvas });
    set.handle({ type: 'resize', id: 1, width: 10, height: 10, ratio: 1 });
    set.handle({ type: 'detach', id: 1 });
    set.handle(paint({ 1: 1 }));
    expect(log).toEqual([]);
  });

  it('paints nothing before it has a palette, and repaints every canvas when the palette changes', () => {
    const set = new LiveCanvasSet();
    const { canvas, log } = fakeCanvas();
    set.handle({ type: 'attach', id: 1, canvas });
    set.handle({ type: 'resize', id: 1, width: 10, height: 36, ratio: 1 });
    set.handle(paint({ 1: 1 }));
    expect(log).toEqual([]);
    set.handle({ type: 'palette', palette });
    expect(log).toEqual(['scale 1', 'paint 36']);
    set.handle({ type: 'palette', palette: { ...palette, line: 'red' } });
    expect(log.filter((l) => l.startsWith('paint'))).toHaveLength(2);
  });
});

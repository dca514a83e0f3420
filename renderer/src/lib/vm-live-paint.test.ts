import { describe, expect, it } from 'vitest';
import { LIVE_COLUMNS, LIVE_WIDTH } from './vm-columns';
import { paintLiveRows, type LiveCanvasContext, type LivePalette, type LiveRowPaint } from './vm-live-paint';

/** A 2D context that records what is drawn, with the fill/stroke style at the time. */
function recorder() {
  const calls: string[] = [];
  const ctx: LiveCanvasContext = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    font: '',
    textBaseline: 'alphabetic',
    clearRect: (x, y, w, h) => calls.push(`clear ${x} ${y} ${w} ${h}`),
    beginPath: () => calls.push('begin'),
    moveTo: (x, y) => calls.push(`M ${x} ${y}`),
    lineTo: (x, y) => calls.push(`L ${x} ${y}`),
    stroke: () => calls.push(`stroke ${ctx.strokeStyle}`),
    fillRect: (x, y, w, h) => calls.push(`rect ${ctx.fillStyle} ${x} ${y} ${w} ${h}`),
    fillText: (t, x, y) => calls.push(`text ${ctx.fillStyle} ${t} ${x} ${y}`),
  };
  return { ctx, calls };
}

const palette: LivePalette = { line: 'blue', text: 'grey', track: 'light', bar: 'green', font: '12px sans-serif' };
const row = (over: Partial<LiveRowPaint> = {}): LiveRowPaint => ({ live: { cpu: '5.0 %', memFraction: 0.5, disk: '1 KiB/s', net: '2 KiB/s' }, spark: [0, 10], ...over });

describe('paintLiveRows', () => {
  it('clears the rows, strokes every sparkline as one path, then texts and memory bars', () => {
    const { ctx, calls } = recorder();
    const rows = [row(), null, row({ live: null })];
    paintLiveRows(ctx, 3, 36, 2, (i) => rows[i]!, palette);
    expect(calls[0]).toBe(`clear 0 0 ${LIVE_WIDTH} 108`);
    expect(calls.filter((c) => c === 'begin')).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('stroke'))).toEqual(['stroke blue']);
    // Two sparklines (row 0 and row 2), each from the CPU cell's left padding to 64 px further.
    const moves = calls.filter((c) => c.startsWith('M '));
    expect(moves).toHaveLength(2);
    expect(moves[0]).toMatch(new RegExp(`^M ${LIVE_COLUMNS.cpu.x + 10} `));
    // Texts only for the sampled row, vertically centred in it.
    expect(calls.filter((c) => c.startsWith('text'))).toEqual([
      `text grey 5.0 % ${LIVE_COLUMNS.cpu.x + 10 + 64 + 6} 18`,
      `text grey 1 KiB/s ${LIVE_COLUMNS.disk.x + 10} 18`,
      `text grey 2 KiB/s ${LIVE_COLUMNS.net.x + 10} 18`,
    ]);
    // The memory bar: the track, then half of it filled, under the memory text.
    expect(calls.filter((c) => c.startsWith('rect'))).toEqual([`rect light ${LIVE_COLUMNS.memory.x + 10} 26 70 3`, `rect green ${LIVE_COLUMNS.memory.x + 10} 26 35 3`]);
  });

  it('draws no bar without a memory total and no stroke segments without history', () => {
    const { ctx, calls } = recorder();
    paintLiveRows(ctx, 1, 36, 60, () => row({ spark: [], live: { cpu: '—', memFraction: null, disk: '—', net: '—' } }), palette);
    expect(calls.some((c) => c.startsWith('rect'))).toBe(false);
    expect(calls.some((c) => c.startsWith('M '))).toBe(false);
  });
});

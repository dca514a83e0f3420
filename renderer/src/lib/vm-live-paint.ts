// Paints the live cells of VM table rows — CPU sparkline and %, memory use bar, disk and network
// rates — onto one canvas per chunk of rows (VmLiveCanvas). A stats tick then costs a few canvas
// draws per row and no DOM change at all: no style, layout or paint of the rows, which is what
// ~100 rows of changing text and SVG paths cost on every tick before.
import { traceSparkline, type PathSink } from './sparkline';
import { LIVE_COLUMNS, LIVE_WIDTH } from './vm-columns';
import type { RowLive } from './vm-row-live';

/** The canvas calls the painter makes (a CanvasRenderingContext2D, or a recorder in tests). */
export interface LiveCanvasContext extends PathSink {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  font: string;
  textBaseline: CanvasTextBaseline;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
}

export interface LivePalette {
  /** Sparkline stroke. */
  line: string;
  /** Rates and CPU %. */
  text: string;
  /** Memory bar track and fill. */
  track: string;
  bar: string;
  /** CSS font of the rates (size and family). */
  font: string;
}

/** What one row paints: its formatted values (null: not sampled) and its CPU history. */
export interface LiveRowPaint {
  live: RowLive | null;
  spark: ArrayLike<number>;
}

// Cell geometry, as the DOM cells had it: 10 px padding, a 64×18 sparkline then the CPU %, a 3 px
// memory bar (at most 70 px) under the memory text (VmRow leaves room for it).
const PAD = 10;
const SPARK_W = 64;
const SPARK_H = 18;
const SPARK_GAP = 6;
const BAR_H = 3;
const BAR_MAX = 70;
const BAR_BELOW_MIDDLE = 8;

/**
 * Clears `rowCount` rows of `rowHeight` and paints `row(i)` for each (null: nothing, e.g. a group
 * header). All sparklines are stroked as one path and each colour is set once per call.
 */
export function paintLiveRows(ctx: LiveCanvasContext, rowCount: number, rowHeight: number, slots: number, row: (i: number) => LiveRowPaint | null, p: LivePalette): void {
  const { cpu, memory, disk, net } = LIVE_COLUMNS;
  ctx.clearRect(0, 0, LIVE_WIDTH, rowCount * rowHeight);
  const rows: (LiveRowPaint | null)[] = new Array(rowCount);
  ctx.beginPath();
  for (let i = 0; i < rowCount; i++) {
    const r = (rows[i] = row(i));
    // Sparkline values are copied into shared scratch by some callers: trace before the next row.
    if (r) traceSparkline(ctx, r.spark, slots, cpu.x + PAD, i * rowHeight + (rowHeight - SPARK_H) / 2, SPARK_W, SPARK_H);
  }
  ctx.strokeStyle = p.line;
  ctx.lineWidth = 1;
  ctx.lineJoin = 'round';
  ctx.stroke();

  ctx.fillStyle = p.text;
  ctx.font = p.font;
  ctx.textBaseline = 'middle';
  const cpuText = cpu.x + PAD + SPARK_W + SPARK_GAP;
  for (let i = 0; i < rowCount; i++) {
    const live = rows[i]?.live;
    if (!live) continue;
    const middle = i * rowHeight + rowHeight / 2;
    if (live.cpu) ctx.fillText(live.cpu, cpuText, middle, cpu.x + cpu.width - cpuText);
    if (live.disk) ctx.fillText(live.disk, disk.x + PAD, middle, disk.width - PAD);
    if (live.net) ctx.fillText(live.net, net.x + PAD, middle, net.width - PAD);
  }

  const barW = Math.min(BAR_MAX, memory.width - 2 * PAD);
  const barY = (i: number) => i * rowHeight + rowHeight / 2 + BAR_BELOW_MIDDLE;
  ctx.fillStyle = p.track;
  for (let i = 0; i < rowCount; i++) if (rows[i]?.live?.memFraction != null) ctx.fillRect(memory.x + PAD, barY(i), barW, BAR_H);
  ctx.fillStyle = p.bar;
  for (let i = 0; i < rowCount; i++) {
    const f = rows[i]?.live?.memFraction;
    if (f != null && f > 0) ctx.fillRect(memory.x + PAD, barY(i), barW * f, BAR_H);
  }
}

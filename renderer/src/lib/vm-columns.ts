// The VM table's columns as CSS grid tracks, shared by the header, the rows (VmRow) and the live
// canvases (VmLiveCanvas), which paint the live columns and must know where each one starts.

export type VmColumn = 'check' | 'icon' | 'name' | 'state' | 'cpu' | 'vcpus' | 'memory' | 'disk' | 'net' | 'host';

/** Each column's track: fixed widths in px, flexible ones as CSS. */
const TRACKS: readonly (readonly [VmColumn, number | string])[] = [
  ['check', 36],
  ['icon', 26],
  ['name', 'minmax(150px, 3fr)'],
  ['state', 108],
  ['cpu', 128],
  ['vcpus', 56],
  ['memory', 92],
  ['disk', 88],
  ['net', 88],
  ['host', 'minmax(90px, 1.2fr)'],
];

/** `grid-template-columns` of the header and every row. */
export const VM_GRID_TEMPLATE = TRACKS.map(([, t]) => (typeof t === 'number' ? `${t}px` : t)).join(' ');

/** The live block: the fixed-width columns from CPU to network, painted by one canvas per chunk. */
const LIVE_FIRST = TRACKS.findIndex(([c]) => c === 'cpu');
const LIVE_LAST = TRACKS.findIndex(([c]) => c === 'net');

/** `grid-column` placing a live canvas over the live block. */
export const LIVE_GRID_COLUMN = `${LIVE_FIRST + 1} / ${LIVE_LAST + 2}`;

export interface LiveColumnBox {
  /** Left edge in px from the live block's left edge. */
  x: number;
  width: number;
}
export type LiveColumns = Record<'cpu' | 'vcpus' | 'memory' | 'disk' | 'net', LiveColumnBox>;

/** Where each live column lies within the live block. */
export const LIVE_COLUMNS: LiveColumns = (() => {
  const boxes: Partial<LiveColumns> = {};
  let x = 0;
  for (const [column, track] of TRACKS.slice(LIVE_FIRST, LIVE_LAST + 1)) {
    if (typeof track !== 'number') throw new Error(`live column ${column} must have a fixed width`);
    boxes[column as keyof LiveColumns] = { x, width: track };
    x += track;
  }
  return boxes as LiveColumns;
})();

/** Width of the live block in px. */
export const LIVE_WIDTH = LIVE_COLUMNS.net.x + LIVE_COLUMNS.net.width;

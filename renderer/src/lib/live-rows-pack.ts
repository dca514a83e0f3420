// A chunk of VM table rows' live values as two typed arrays, the form in which they travel to the
// live-painter worker: posting them is a buffer transfer, with no per-row objects to clone on
// every tick, and formatting happens in the worker.
import type { LiveRowPaint } from './vm-live-paint';
import { LIVE_FIELDS as FIELDS, rowLive, type LiveNumbers } from './vm-row-live';

// Per row: a kind, then FIELDS (NaN for null).
const STRIDE = FIELDS.length + 1;
const NOTHING = 0; // not a VM (a group header): nothing painted
const UNSAMPLED = 1; // a VM without a current sample: its sparkline only
const SAMPLED = 2;

export interface PackedLiveRows {
  count: number;
  /** Sparkline samples per row. */
  slots: number;
  values: Float64Array;
  /** Row i's samples at [i*slots, (i+1)*slots), oldest first, right-aligned, NaN where none. */
  spark: Float32Array;
}

/**
 * Packs `count` rows. `row(i, spark)` returns null for a row that is not a VM, else the VM's
 * latest values (null when unsampled) after writing its samples, oldest first, into the start of
 * `spark` (a `slots`-long view) and returning how many it wrote.
 */
export function packLiveRows(count: number, slots: number, row: (i: number, spark: Float32Array) => { latest: LiveNumbers | null; samples: number } | null): PackedLiveRows {
  const values = new Float64Array(count * STRIDE);
  const spark = new Float32Array(count * slots).fill(NaN);
  for (let i = 0; i < count; i++) {
    const view = spark.subarray(i * slots, (i + 1) * slots);
    const r = row(i, view);
    const at = i * STRIDE;
    if (!r) continue;
    const n = Math.min(slots, r.samples);
    if (n < slots) {
      view.copyWithin(slots - n, 0, n);
      view.fill(NaN, 0, slots - n);
    }
    values[at] = r.latest ? SAMPLED : UNSAMPLED;
    if (r.latest) for (let f = 0; f < FIELDS.length; f++) values[at + 1 + f] = r.latest[FIELDS[f]!] ?? NaN;
  }
  return { count, slots, values, spark };
}

/** Row `i` as the painter takes it (formatted values and samples); null: paint nothing. */
export function unpackLiveRow(p: PackedLiveRows, i: number): LiveRowPaint | null {
  const at = i * STRIDE;
  const kind = p.values[at];
  if (kind === NOTHING) return null;
  const spark = p.spark.subarray(i * p.slots, (i + 1) * p.slots);
  if (kind === UNSAMPLED) return { live: null, spark };
  const latest = {} as LiveNumbers;
  for (let f = 0; f < FIELDS.length; f++) {
    const v = p.values[at + 1 + f]!;
    latest[FIELDS[f]!] = Number.isNaN(v) ? null : v;
  }
  return { live: rowLive(latest), spark };
}

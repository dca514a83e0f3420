// The VM table rows' live values as typed arrays, the form in which they travel to the
// live-painter worker: no per-row objects to build or clone on every tick, and formatting happens
// in the worker. One packer serves every canvas of a tick: all their rows go back to back into one
// pair of buffers (one batch, a message with two arrays), kept from tick to tick (fresh memory is
// costly, and posting copies them anyway).
import { nullIfNaN } from '../../../preload/contract/stats';
import type { LiveRowPaint } from './vm-live-paint';
import { LIVE_FIELDS as FIELDS, rowLive, type LiveNumbers } from './vm-row-live';

// Per row: a kind, then FIELDS (NaN for null).
const STRIDE = FIELDS.length + 1;
const NOTHING = 0; // not a VM (a group header): nothing painted
const UNSAMPLED = 1; // a VM without a current sample: its sparkline only
const SAMPLED = 2;

/** Rows packed back to back: one canvas's, or (a batch) several canvases' for one message to the painter. */
export interface LiveRowsBatch {
  /** Sparkline samples per row. */
  slots: number;
  /** Per row: its kind, then LIVE_FIELDS (NaN for null). */
  values: Float64Array;
  /** Row i's samples at [i*slots, (i+1)*slots), oldest first, right-aligned, NaN where none. */
  spark: Float32Array;
}

/** One canvas's rows. */
export interface PackedLiveRows extends LiveRowsBatch {
  count: number;
}

/** Where the packer reads a VM's live values. */
export interface LiveRowSource<T> {
  /** Writes the VM's LIVE_FIELDS from its latest sample into values[at…] (NaN where unknown); false: no current sample. */
  latest(vm: T, values: Float64Array, at: number): boolean;
  /** Writes at most `room` of the VM's sparkline samples (the newest), oldest first, into spark[at…]; returns how many. */
  samples(vm: T, spark: Float32Array, at: number, room: number): number;
}

/** Where a canvas's rows lie in a batch. */
export interface LiveRowsRange {
  first: number;
  count: number;
}

export class LiveRowsPacker {
  private values = new Float64Array(0);
  private spark = new Float32Array(0);
  /** Rows packed since restart(). */
  private used = 0;

  constructor(readonly slots: number) {}

  /** Starts a new batch: the next rows overwrite the previous batch's (send those first). */
  restart(): void {
    this.used = 0;
  }

  /** Packs `rows` (null: not a VM) after the batch's earlier rows. */
  pack<T>(rows: readonly (T | null)[], source: LiveRowSource<T>): LiveRowsRange {
    const { slots } = this;
    const count = rows.length;
    const first = this.used;
    this.grow(first + count);
    this.used += count;
    const { values, spark } = this;
    for (let i = 0; i < count; i++) {
      const vm = rows[i];
      const at = (first + i) * STRIDE;
      const from = (first + i) * slots; // the row's samples: spark[from, from + slots)
      if (vm === null || vm === undefined) {
        values[at] = NOTHING;
        spark.fill(NaN, from, from + slots);
        continue;
      }
      // Written at the start, then right-aligned (no view per row: this runs for every row in sight).
      const n = source.samples(vm, spark, from, slots);
      if (n < slots) {
        spark.copyWithin(from + slots - n, from, from + n);
        spark.fill(NaN, from, from + slots - n);
      }
      values[at] = source.latest(vm, values, at + 1) ? SAMPLED : UNSAMPLED;
    }
    return { first, count };
  }

  /** The batch so far (views of the packer's buffers: copy or send it before the next restart). */
  batch(): LiveRowsBatch {
    return { slots: this.slots, values: this.values.subarray(0, this.used * STRIDE), spark: this.spark.subarray(0, this.used * this.slots) };
  }

  private grow(rows: number): void {
    if (rows * STRIDE <= this.values.length) return;
    const capacity = Math.max(64, rows * 2);
    const values = new Float64Array(capacity * STRIDE);
    const spark = new Float32Array(capacity * this.slots);
    values.set(this.values.subarray(0, this.used * STRIDE));
    spark.set(this.spark.subarray(0, this.used * this.slots));
    this.values = values;
    this.spark = spark;
  }
}

/** A canvas's rows in a batch. */
export function rowsOf(batch: LiveRowsBatch, { first, count }: LiveRowsRange): PackedLiveRows {
  const { slots } = batch;
  return { count, slots, values: batch.values.subarray(first * STRIDE, (first + count) * STRIDE), spark: batch.spark.subarray(first * slots, (first + count) * slots) };
}

/** Row `i` as the painter takes it (formatted values and samples); null: paint nothing. */
export function unpackLiveRow(p: PackedLiveRows, i: number): LiveRowPaint | null {
  const at = i * STRIDE;
  const kind = p.values[at];
  if (kind === NOTHING) return null;
  const spark = p.spark.subarray(i * p.slots, (i + 1) * p.slots);
  if (kind === UNSAMPLED) return { live: null, spark };
  const latest = {} as LiveNumbers;
  for (let f = 0; f < FIELDS.length; f++) latest[FIELDS[f]!] = nullIfNaN(p.values[at + 1 + f]!);
  return { live: rowLive(latest), spark };
}

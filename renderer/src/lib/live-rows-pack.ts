// The VM table rows' live values as typed arrays, the form in which they travel to the
// live-painter worker: no per-row objects to build or clone on every tick, and formatting happens
// in the worker. One packer serves every canvas of a tick: all their rows go into one pair of
// buffers, kept from tick to tick (fresh memory is costly, and posting copies them anyway).
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

/** Where the packer reads a VM's live values. */
export interface LiveRowSource<T> {
  /** Writes the VM's LIVE_FIELDS from its latest sample into values[at…] (NaN where unknown); false: no current sample. */
  latest(vm: T, values: Float64Array, at: number): boolean;
  /** Writes the VM's sparkline samples, oldest first, into the start of `spark`; returns how many. */
  samples(vm: T, spark: Float32Array): number;
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

  /** Packs `rows` (null: not a VM) after the batch's earlier rows; the result views the packer's buffers. */
  pack<T>(rows: readonly (T | null)[], source: LiveRowSource<T>): PackedLiveRows {
    const { slots } = this;
    const count = rows.length;
    const first = this.used;
    this.used += count;
    if (this.used * STRIDE > this.values.length) {
      // Earlier rows of this batch keep viewing the old buffers, which live on as long as they do.
      const capacity = Math.max(64, this.used * 2);
      this.values = new Float64Array(capacity * STRIDE);
      this.spark = new Float32Array(capacity * slots);
    }
    const values = this.values.subarray(first * STRIDE, this.used * STRIDE);
    const spark = this.spark.subarray(first * slots, this.used * slots);
    for (let i = 0; i < count; i++) {
      const vm = rows[i];
      const at = i * STRIDE;
      const view = spark.subarray(i * slots, (i + 1) * slots);
      if (vm === null || vm === undefined) {
        values[at] = NOTHING;
        view.fill(NaN);
        continue;
      }
      const n = Math.min(slots, source.samples(vm, view));
      if (n < slots) {
        view.copyWithin(slots - n, 0, n);
        view.fill(NaN, 0, slots - n);
      }
      values[at] = source.latest(vm, values, at + 1) ? SAMPLED : UNSAMPLED;
    }
    return { count, slots, values, spark };
  }
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

import { describe, expect, it } from 'vitest';
import { LiveRowsPacker, rowsOf, unpackLiveRow, type LiveRowSource } from './live-rows-pack';
import { formatPercent } from './units';
import { LIVE_FIELDS, type LiveNumbers } from './vm-row-live';

const latest = (over: Partial<LiveNumbers> = {}): LiveNumbers => ({ cpu: 12.34, memUsed: 512 * 1024, memTotal: 2048 * 1024, diskRd: 1024, diskWr: 1024, netRx: null, netTx: 2048, ...over });

interface FakeVm {
  latest: LiveNumbers | null;
  samples: number[];
}
/** Reads the fake VMs as the stats store would: NaN for null, false when unsampled. */
const source: LiveRowSource<FakeVm> = {
  latest(vm, values, at) {
    if (!vm.latest) return false;
    LIVE_FIELDS.forEach((f, i) => (values[at + i] = vm.latest![f] ?? NaN));
    return true;
  },
  samples(vm, spark, at, room) {
    const n = Math.min(room, vm.samples.length);
    spark.set(vm.samples.slice(vm.samples.length - n), at);
    return n;
  },
};

/** Packs one chunk into a fresh packer and returns its rows. */
function packOne(slots: number, rows: (FakeVm | null)[]) {
  const packer = new LiveRowsPacker(slots);
  const range = packer.pack(rows, source);
  return rowsOf(packer.batch(), range);
}

describe('LiveRowsPacker / unpackLiveRow', () => {
  it('carries each row through typed arrays: a group header, an unsampled VM, a sampled one', () => {
    const packed = packOne(4, [null, { latest: null, samples: [1, 2] }, { latest: latest(), samples: [1, 2] }]);
    expect(packed.values).toBeInstanceOf(Float64Array);
    expect(unpackLiveRow(packed, 0)).toBeNull();
    const unsampled = unpackLiveRow(packed, 1)!;
    expect(unsampled.live).toBeNull();
    // Samples are right-aligned, NaN before them.
    expect(Array.from(unsampled.spark)).toEqual([NaN, NaN, 1, 2]);
    const sampled = unpackLiveRow(packed, 2)!;
    expect(sampled.live).toEqual({ cpu: '12.3 %', memFraction: 0.25, disk: '2.0 KiB/s', net: '2.0 KiB/s' });
  });

  it('keeps nulls as unknown values and full rings as they are', () => {
    const packed = packOne(3, [{ latest: latest({ cpu: null, memTotal: null, diskRd: null, diskWr: null }), samples: [4, 5, 6, 7] }]);
    const row = unpackLiveRow(packed, 0)!;
    expect(Array.from(row.spark)).toEqual([5, 6, 7]);
    expect(row.live).toEqual({ cpu: '—', memFraction: null, disk: '—', net: '2.0 KiB/s' });
  });

  it('packs a batch of chunks back to back, growing without losing the rows packed before', () => {
    const packer = new LiveRowsPacker(2);
    const vm = (cpu: number): FakeVm => ({ latest: latest({ cpu }), samples: [cpu] });
    // More rows than the first buffers hold: the batch's early chunks must survive the growth.
    const ranges = Array.from({ length: 20 }, (_, c) => packer.pack(Array.from({ length: 8 }, (_, r) => vm(c * 8 + r)), source));
    const batch = packer.batch();
    expect(batch.spark.length).toBe(160 * 2);
    ranges.forEach((range, c) => {
      expect(range).toEqual({ first: c * 8, count: 8 });
      const p = rowsOf(batch, range);
      for (let r = 0; r < 8; r++) {
        expect(unpackLiveRow(p, r)!.live!.cpu).toBe(formatPercent(c * 8 + r));
        expect(Array.from(unpackLiveRow(p, r)!.spark)).toEqual([NaN, c * 8 + r]);
      }
    });
    // A new batch starts at the front again and overwrites what a stale row left there.
    packer.restart();
    const range = packer.pack([null, { latest: null, samples: [] }], source);
    expect(range).toEqual({ first: 0, count: 2 });
    const again = rowsOf(packer.batch(), range);
    expect(again.values.buffer).toBe(batch.values.buffer);
    expect(packer.batch().spark.length).toBe(4);
    expect(unpackLiveRow(again, 0)).toBeNull();
    expect(Array.from(unpackLiveRow(again, 1)!.spark)).toEqual([NaN, NaN]);
    expect(unpackLiveRow(again, 1)!.live).toBeNull();
  });
});

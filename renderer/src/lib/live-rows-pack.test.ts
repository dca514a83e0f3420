import { describe, expect, it } from 'vitest';
import { packLiveRows, unpackLiveRow } from './live-rows-pack';
import type { LiveNumbers } from './vm-row-live';

const latest = (over: Partial<LiveNumbers> = {}): LiveNumbers => ({ cpu: 12.34, memUsed: 512 * 1024, memTotal: 2048 * 1024, diskRd: 1024, diskWr: 1024, netRx: null, netTx: 2048, ...over });

describe('packLiveRows / unpackLiveRow', () => {
  it('carries each row through typed arrays: a group header, an unsampled VM, a sampled one', () => {
    const packed = packLiveRows(3, 4, (i, spark) => {
      if (i === 0) return null;
      spark.set([1, 2]);
      return { latest: i === 2 ? latest() : null, samples: 2 };
    });
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
    const packed = packLiveRows(1, 3, (_i, spark) => {
      spark.set([5, 6, 7]);
      return { latest: latest({ cpu: null, memTotal: null, diskRd: null, diskWr: null }), samples: 3 };
    });
    const row = unpackLiveRow(packed, 0)!;
    expect(Array.from(row.spark)).toEqual([5, 6, 7]);
    expect(row.live).toEqual({ cpu: '—', memFraction: null, disk: '—', net: '2.0 KiB/s' });
  });
});

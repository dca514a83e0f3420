import { describe, expect, it } from 'vitest';
import { emptyVmColumns, type StatsTickEvent } from '../../../preload/contract/stats';
import { HostTable, Ring, HostVmHistory } from './stats-table';

function tick(seq: number, keysVersion: number, keys: string[] | undefined, cpu: (number | null)[]): StatsTickEvent {
  const n = cpu.length;
  const vms = emptyVmColumns(n);
  vms.cpu.set(cpu.map((x) => x ?? NaN));
  vms.state.fill(1);
  return {
    type: 'stats-tick',
    hostId: 'h',
    t: seq * 1000,
    seq,
    keysVersion,
    ...(keys ? { keys } : {}),
    host: { cpu: 1, memUsed: 1, memTotal: 2, running: n, active: n, cpus: 4 },
    vms,
  };
}

/** The ring's samples, oldest first. */
const values = (r: Ring) => {
  const out = new Float32Array(r.size);
  return [...out.subarray(0, r.writeTo(out))];
};

describe('Ring', () => {
  it('keeps the last N samples oldest first, NaN for null', () => {
    const r = new Ring(3);
    expect(values(r)).toEqual([]);
    r.push(1, 1);
    r.push(NaN, 2);
    expect(values(r)).toEqual([1, NaN]);
    r.push(3, 3);
    r.push(4, 4);
    expect(values(r)).toEqual([NaN, 3, 4]);
  });

  it('writes the newest samples that fit into a shorter array', () => {
    const r = new Ring(4);
    for (const v of [1, 2, 3, 4, 5]) r.push(v, v);
    const out = new Float32Array(2).fill(-1);
    expect(r.writeTo(out)).toBe(2);
    expect([...out]).toEqual([4, 5]);
    // At an offset, within room: nothing outside it is touched.
    const wide = new Float32Array(6).fill(-1);
    expect(r.writeTo(wide, 3, 2)).toBe(2);
    expect([...wide]).toEqual([-1, -1, -1, 4, 5, -1]);
  });
});

describe('HostTable', () => {
  it('reads rows by UUID and follows key changes', () => {
    const t = new HostTable(tick(1, 1, ['a', 'b'], [10, 20]) as StatsTickEvent & { keys: string[] });
    expect(t.latest('b')?.cpu).toBe(20);
    expect(t.apply(tick(2, 1, undefined, [11, 21]))).toBe(true);
    expect(t.latest('a')?.cpu).toBe(11);
    expect(t.latest('a')?.t).toBe(2000);
    // unknown version without keys: refused, nothing changes
    expect(t.apply(tick(3, 2, undefined, [5]))).toBe(false);
    expect(t.latest('a')?.cpu).toBe(11);
    expect(t.apply(tick(4, 2, ['b'], [7]))).toBe(true);
    expect(t.latest('a')).toBeNull();
    expect(t.latest('b')?.cpu).toBe(7);
  });

  it('writes a row\'s metrics into a typed array, NaN for null', () => {
    const t = new HostTable(tick(1, 1, ['a', 'b'], [10, null]) as StatsTickEvent & { keys: string[] });
    const out = new Float64Array(5).fill(-1);
    expect(t.writeLatest('a', ['cpu', 'memUsed'], out, 1)).toBe(true);
    expect([...out]).toEqual([-1, 10, NaN, -1, -1]);
    expect(t.writeLatest('b', ['cpu'], out, 3)).toBe(true);
    expect(out[3]).toBeNaN();
    // No row: nothing written.
    expect(t.writeLatest('zz', ['cpu'], out, 0)).toBe(false);
    expect(out[0]).toBe(-1);
  });
});

const f64 = (xs: number[]) => Float64Array.from(xs);
const u8 = (xs: number[]) => Uint8Array.from(xs);

describe('HostVmHistory', () => {
  it('keeps each VM its ring and running-since across key-table changes', () => {
    const s = new HostVmHistory();
    const k1 = ['a', 'b'];
    s.record(k1, f64([1, 2]), u8([1, 5]), 1000, false);
    s.record(k1, f64([3, NaN]), u8([1, 1]), 2000, true);
    expect(values(s.ring('a')!)).toEqual([1, 3]);
    expect(values(s.ring('b')!)).toEqual([2, NaN]);
    expect(s.runningSince('a')).toEqual({ since: 1000, exact: false });
    expect(s.runningSince('b')).toEqual({ since: 2000, exact: true });

    // New table: 'b' moves to row 0, 'a' is gone, 'c' is new.
    const k2 = ['b', 'c'];
    s.record(k2, f64([4, 9]), u8([1, 1]), 3000, true);
    expect(values(s.ring('b')!)).toEqual([2, NaN, 4]);
    expect(values(s.ring('c')!)).toEqual([9]);
    expect(s.ring('a')).toBeUndefined();
    expect(s.runningSince('b')).toEqual({ since: 2000, exact: true });
    expect(s.runningSince('c')).toEqual({ since: 3000, exact: true });

    // A stop clears the mark; the same tick twice is recorded once.
    s.record(k2, f64([0, 0]), u8([5, 1]), 4000, true);
    s.record(k2, f64([0, 0]), u8([5, 1]), 4000, true);
    expect(s.runningSince('b')).toBeNull();
    expect(s.ring('c')!.count).toBe(2);
  });
});

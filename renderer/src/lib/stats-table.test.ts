import { describe, expect, it } from 'vitest';
import type { StatsTickEvent } from '../../../preload/contract/stats';
import { HostTable, Ring, HostVmHistory } from './stats-table';

const col = (xs: (number | null)[]) => xs;
function tick(seq: number, keysVersion: number, keys: string[] | undefined, cpu: (number | null)[]): StatsTickEvent {
  const n = cpu.length;
  const nulls = () => col(Array.from({ length: n }, () => null));
  return {
    type: 'stats-tick',
    hostId: 'h',
    t: seq * 1000,
    seq,
    keysVersion,
    ...(keys ? { keys } : {}),
    host: { cpu: 1, memUsed: 1, memTotal: 2, running: n, active: n, cpus: 4 },
    vms: { cpu, cpuVcpu: nulls(), memUsed: nulls(), memTotal: nulls(), diskRd: nulls(), diskWr: nulls(), diskRdIops: nulls(), diskWrIops: nulls(), netRx: nulls(), netTx: nulls(), state: cpu.map(() => 1) },
  };
}

describe('Ring', () => {
  it('keeps the last N samples oldest first, NaN for null', () => {
    const r = new Ring(3);
    expect(r.values().length).toBe(0);
    r.push(1, 1);
    r.push(null, 2);
    expect([...r.values()]).toEqual([1, NaN]);
    r.push(3, 3);
    r.push(4, 4);
    expect([...r.values()]).toEqual([NaN, 3, 4]);
    const out = new Float32Array(5);
    expect(r.values(out).buffer).toBe(out.buffer);
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
});

describe('HostVmHistory', () => {
  it('keeps each VM its ring and running-since across key-table changes', () => {
    const s = new HostVmHistory();
    const k1 = ['a', 'b'];
    s.record(k1, [1, 2], [1, 5], 1000, false);
    s.record(k1, [3, null], [1, 1], 2000, true);
    expect([...s.ring('a')!.values()]).toEqual([1, 3]);
    expect([...s.ring('b')!.values()]).toEqual([2, NaN]);
    expect(s.runningSince('a')).toEqual({ since: 1000, exact: false });
    expect(s.runningSince('b')).toEqual({ since: 2000, exact: true });

    // New table: 'b' moves to row 0, 'a' is gone, 'c' is new.
    const k2 = ['b', 'c'];
    s.record(k2, [4, 9], [1, 1], 3000, true);
    expect([...s.ring('b')!.values()]).toEqual([2, NaN, 4]);
    expect([...s.ring('c')!.values()]).toEqual([9]);
    expect(s.ring('a')).toBeUndefined();
    expect(s.runningSince('b')).toEqual({ since: 2000, exact: true });
    expect(s.runningSince('c')).toEqual({ since: 3000, exact: true });

    // A stop clears the mark; the same tick twice is recorded once.
    s.record(k2, [0, 0], [5, 1], 4000, true);
    s.record(k2, [0, 0], [5, 1], 4000, true);
    expect(s.runningSince('b')).toBeNull();
    expect(s.ring('c')!.count).toBe(2);
  });
});

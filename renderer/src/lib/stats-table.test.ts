import { describe, expect, it } from 'vitest';
import type { StatsTickEvent } from '../../../preload/contract/stats';
import { HostTable, Ring } from './stats-table';

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

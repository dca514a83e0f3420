import { describe, expect, it } from 'vitest';
import type { VmSummary } from '../../../preload/contract/model';
import type { VmLatest } from './stats-table';
import { liveTooltip, rowDescription, rowLive } from './vm-row-live';

const latest = (over: Partial<VmLatest> = {}): VmLatest =>
  ({ state: 1, t: 0, cpu: 12.34, cpuVcpu: null, memUsed: 512 * 1024, memTotal: 2048 * 1024, diskRd: 1024, diskWr: 1024, diskRdIops: null, diskWrIops: null, netRx: null, netTx: 2048, ...over }) as VmLatest;

describe('rowLive', () => {
  it('formats what a row shows', () => {
    const r = rowLive(latest())!;
    expect(r.cpu).toBe('12.3 %');
    expect(r.memFraction).toBeCloseTo(0.25);
    expect(r.disk).toBe('2.0 KiB/s');
    expect(r.net).toBe('2.0 KiB/s');
  });

  it('builds the tooltips on demand', () => {
    expect(liveTooltip(latest(), 'mem')).toBe('512.0 MiB used of 2.0 GiB');
    expect(liveTooltip(latest(), 'disk')).toBe('read 1.0 KiB/s, write 1.0 KiB/s');
    expect(liveTooltip(latest(), 'net')).toBe('in —, out 2.0 KiB/s');
    expect(liveTooltip(latest({ memTotal: null }), 'mem')).toBe('');
    expect(liveTooltip(null, 'disk')).toBe('');
  });

  it('shows no bar without a memory total, dashes for unknown rates', () => {
    const r = rowLive(latest({ memTotal: null, diskRd: null, diskWr: null }))!;
    expect(r.memFraction).toBeNull();
    expect(r.disk).toBe('—');
  });

  it('is null for a VM that is not sampled', () => {
    expect(rowLive(null)).toBeNull();
  });
});

describe('rowDescription', () => {
  const vm = { state: 'running', vcpus: 2, memoryKiB: 2048 * 1024 } as VmSummary;

  it('says what the row and its tooltips say, unknown values in words', () => {
    expect(rowDescription(vm, latest(), 'Lab')).toBe(
      'running; CPU 12.3 %; 2 vCPUs; memory 2.0 GiB, 512.0 MiB used of 2.0 GiB; disk read 1.0 KiB/s, write 1.0 KiB/s; network in unknown, out 2.0 KiB/s; host Lab',
    );
    expect(rowDescription(vm, latest({ memTotal: null, cpu: null }), 'Lab')).toBe(
      'running; CPU unknown; 2 vCPUs; memory 2.0 GiB; disk read 1.0 KiB/s, write 1.0 KiB/s; network in unknown, out 2.0 KiB/s; host Lab',
    );
  });

  it('leaves out the live parts of a VM that is not sampled', () => {
    expect(rowDescription({ ...vm, state: 'shutoff', vcpus: 1 }, null, 'Lab')).toBe('shutoff; 1 vCPU; memory 2.0 GiB; host Lab');
  });
});

import { describe, expect, it } from 'vitest';
import { emptySample, parseRecord, type RawSample } from './parse';
import { counterRate, hostCpuPct, hostMemory, nodeCpuSample, VM_IX, VM_METRIC_COUNT, vmValues } from './rates';
import { domainRecordParams, fakeUuid, type FakeDomain } from './testing/fake-stats-client';
import { uuidToBytes } from '../util/uuid';

const ALL = 1 | 2 | 4 | 8 | 16 | 32;
const rec = (d: FakeDomain, stats = ALL) => parseRecord({ dom: { name: d.name, uuid: uuidToBytes(d.uuid), id: d.id }, params: domainRecordParams(d, stats) });
const base: FakeDomain = {
  uuid: fakeUuid(1),
  name: 'a',
  id: 7,
  state: 1,
  cpuTime: 10_000_000_000n,
  vcpus: 2,
  balloon: { current: 1048576n, rss: 300000n },
  disks: [
    { rdBytes: 1000n, wrBytes: 2000n, rdReqs: 10n, wrReqs: 20n },
    { rdBytes: 500n, wrBytes: 0n, rdReqs: 5n, wrReqs: 0n },
  ],
  nics: [{ rx: 100n, tx: 50n }],
};
const values = (prev: RawSample | undefined, cur: RawSample, dt = 1, hostCpus = 4, vcpus = 2) => {
  const out = new Float64Array(VM_METRIC_COUNT);
  vmValues(prev, cur, dt, hostCpus, vcpus, out);
  return out;
};

describe('parseRecord', () => {
  it('reads state, cpu, balloon, vcpus and sums every disk and NIC', () => {
    const s = rec(base);
    expect(s).toMatchObject({ id: 7, state: 1, cpuTime: 1e10, vcpus: 2, balloonCurrent: 1048576, balloonRss: 300000 });
    expect([s.rdBytes, s.wrBytes, s.rdReqs, s.wrReqs, s.rxBytes, s.txBytes]).toEqual([1500, 2000, 15, 20, 100, 50]);
    expect(s.balloonUnused).toBeNaN();
  });

  it('missing groups read as NaN (what the test driver sends: state only)', () => {
    const s = rec(base, 1);
    expect(s.state).toBe(1);
    for (const k of ['cpuTime', 'vcpus', 'balloonCurrent', 'rdBytes', 'rxBytes'] as const) expect(s[k]).toBeNaN();
  });
});

describe('rates', () => {
  it('counterRate: delta over seconds; none on reset, missing values or no time', () => {
    expect(counterRate(100, 300, 2)).toBe(100);
    expect(counterRate(300, 100, 1)).toBeNaN();
    expect(counterRate(NaN, 100, 1)).toBeNaN();
    expect(counterRate(1, 2, 0)).toBeNaN();
    expect(counterRate(1, 2, NaN)).toBeNaN();
  });

  it('CPU % per host CPU and per vCPU from cpu.time over wall-clock time', () => {
    const prev = rec(base);
    const cur = rec({ ...base, cpuTime: base.cpuTime! + 3_000_000_000n }); // 3 s of CPU in 2 s
    const v = values(prev, cur, 2, 4, 2);
    expect(v[VM_IX.cpu]).toBeCloseTo(37.5); // 1.5 CPUs of 4
    expect(v[VM_IX.cpuVcpu]).toBeCloseTo(75); // 1.5 of 2 vCPUs
  });

  it('disk and network bytes/s and IOPS summed over devices', () => {
    const prev = rec(base);
    const cur = rec({
      ...base,
      disks: [
        { rdBytes: 3000n, wrBytes: 6000n, rdReqs: 14n, wrReqs: 30n },
        { rdBytes: 1500n, wrBytes: 4000n, rdReqs: 7n, wrReqs: 2n },
      ],
      nics: [{ rx: 1100n, tx: 2050n }],
    });
    const v = values(prev, cur, 0.5);
    expect([v[VM_IX.diskRd], v[VM_IX.diskWr], v[VM_IX.diskRdIops], v[VM_IX.diskWrIops]]).toEqual([6000, 16000, 12, 24]);
    expect([v[VM_IX.netRx], v[VM_IX.netTx]]).toEqual([2000, 4000]);
  });

  it('memory: guest view (available − unused) when reported, else host RSS, else balloon size', () => {
    expect(values(undefined, rec(base))[VM_IX.memUsed]).toBe(300000);
    expect(values(undefined, rec(base))[VM_IX.memTotal]).toBe(1048576);
    const guest = rec({ ...base, balloon: { current: 1048576n, rss: 300000n, unused: 600000n, available: 1000000n } });
    expect([values(undefined, guest)[VM_IX.memUsed], values(undefined, guest)[VM_IX.memTotal]]).toEqual([400000, 1000000]);
    const bare = rec({ ...base, balloon: { current: 524288n } });
    expect(values(undefined, bare)[VM_IX.memUsed]).toBe(524288);
  });

  it('first sample: no rates, but memory', () => {
    const v = values(undefined, rec(base));
    expect(v[VM_IX.cpu]).toBeNaN();
    expect(v[VM_IX.diskRd]).toBeNaN();
    expect(v[VM_IX.memUsed]).toBe(300000);
  });

  it('VM restarted (new domain id, counters back near 0): no rates that tick, not a negative or huge spike', () => {
    const prev = rec(base);
    const restarted = rec({ ...base, id: 8, cpuTime: 1_000_000n, disks: [{ rdBytes: 5n, wrBytes: 0n, rdReqs: 1n, wrReqs: 0n }, { rdBytes: 0n, wrBytes: 0n, rdReqs: 0n, wrReqs: 0n }] });
    const v = values(prev, restarted);
    for (let m = 0; m < VM_METRIC_COUNT; m++) if (m !== VM_IX.memUsed && m !== VM_IX.memTotal) expect(v[m]).toBeNaN();
    // same id but counters went backwards (e.g. qemu reset the block stats): that counter alone gives nothing
    const reset = rec({ ...base, cpuTime: base.cpuTime! + 1_000_000_000n, nics: [{ rx: 10n, tx: 60n }] });
    const w = values(prev, reset);
    expect(w[VM_IX.cpu]).toBeCloseTo(25);
    expect(w[VM_IX.netRx]).toBeNaN();
    expect(w[VM_IX.netTx]).toBe(10);
  });

  it('a disk that appears or disappears breaks the disk rates for one tick instead of a spike', () => {
    const prev = rec(base);
    const more = rec({ ...base, disks: [...base.disks!, { rdBytes: 1n << 40n, wrBytes: 0n, rdReqs: 1n, wrReqs: 0n }] });
    expect(values(prev, more)[VM_IX.diskRd]).toBeNaN();
    expect(values(more, more)[VM_IX.diskRd]).toBe(0);
  });

  it('unknown vCPU or host CPU count: that normalisation is missing, the other stays', () => {
    const prev = rec(base);
    const cur = rec({ ...base, cpuTime: base.cpuTime! + 1_000_000_000n });
    const v = values(prev, cur, 1, 4, NaN);
    expect(v[VM_IX.cpu]).toBeCloseTo(25);
    expect(v[VM_IX.cpuVcpu]).toBeNaN();
    expect(emptySample(1).cpuTime).toBeNaN();
  });
});

describe('host', () => {
  const cpu = (kernel: number, user: number, idle: number, iowait: number) =>
    nodeCpuSample([
      { field: 'kernel', value: BigInt(kernel) },
      { field: 'user', value: BigInt(user) },
      { field: 'idle', value: BigInt(idle) },
      { field: 'iowait', value: BigInt(iowait) },
    ]);

  it('CPU % = Δ(kernel + user) / Δ(all four)', () => {
    expect(hostCpuPct(cpu(100, 100, 1000, 0), cpu(150, 200, 1340, 10))).toBeCloseTo(30);
    expect(hostCpuPct(undefined, cpu(1, 1, 1, 1))).toBeNaN();
    expect(hostCpuPct(cpu(100, 100, 1000, 0), cpu(10, 10, 10, 0))).toBeNaN(); // host rebooted
    expect(hostCpuPct(undefined, nodeCpuSample([{ field: 'utilization', value: 42n }]))).toBe(42);
  });

  it('memory used = total − free − buffers − cached', () => {
    const m = hostMemory(['total', 'free', 'buffers', 'cached'].map((field, i) => ({ field, value: BigInt([1000, 200, 50, 150][i]!) })));
    expect(m).toEqual({ total: 1000, used: 600 });
    expect(hostMemory([]).used).toBeNaN();
  });
});

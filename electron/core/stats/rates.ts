// Counters → the numbers a chart shows. Every rate is (counter now − counter before) / wall-clock
// seconds between the two samples; a counter that went backwards (VM restarted, device removed,
// 64-bit wrap) or a VM whose domain id changed gives no rate for that tick (NaN), never a spike.
import type { VmMetric } from '../../../preload/contract/stats';
import { VM_METRICS } from '../../../preload/contract/stats';
import type { RawSample } from './parse';

export const VM_METRIC_COUNT = VM_METRICS.length;
const IX = Object.fromEntries(VM_METRICS.map((m, i) => [m, i])) as Record<VmMetric, number>;
export const VM_IX = IX;

export function counterRate(prev: number, cur: number, dtSec: number): number {
  if (!(dtSec > 0) || Number.isNaN(prev) || Number.isNaN(cur) || cur < prev) return NaN;
  return (cur - prev) / dtSec;
}

/**
 * Fills `out` (VM_METRICS order) for one VM. `prev` is the VM's previous sample (undefined for the
 * first); `vcpus` its vCPU count (NaN when unknown); `hostCpus` the host's CPU threads.
 */
export function vmValues(
  prev: RawSample | undefined,
  cur: RawSample,
  dtSec: number,
  hostCpus: number,
  vcpus: number,
  out: Float64Array,
): void {
  const p = prev !== undefined && prev.id === cur.id ? prev : undefined;
  const cpuNsPerSec = p ? counterRate(p.cpuTime, cur.cpuTime, dtSec) : NaN;
  out[IX.cpu] = hostCpus > 0 ? (cpuNsPerSec / 1e7 / hostCpus) : NaN;
  out[IX.cpuVcpu] = vcpus > 0 ? cpuNsPerSec / 1e7 / vcpus : NaN;

  const haveGuestView = !Number.isNaN(cur.balloonAvailable) && !Number.isNaN(cur.balloonUnused);
  out[IX.memTotal] = !Number.isNaN(cur.balloonAvailable) ? cur.balloonAvailable : cur.balloonCurrent;
  out[IX.memUsed] = haveGuestView
    ? Math.max(0, cur.balloonAvailable - cur.balloonUnused)
    : !Number.isNaN(cur.balloonRss)
      ? cur.balloonRss
      : cur.balloonCurrent;

  const blk = p !== undefined && p.blockSig === cur.blockSig;
  out[IX.diskRd] = blk ? counterRate(p.rdBytes, cur.rdBytes, dtSec) : NaN;
  out[IX.diskWr] = blk ? counterRate(p.wrBytes, cur.wrBytes, dtSec) : NaN;
  out[IX.diskRdIops] = blk ? counterRate(p.rdReqs, cur.rdReqs, dtSec) : NaN;
  out[IX.diskWrIops] = blk ? counterRate(p.wrReqs, cur.wrReqs, dtSec) : NaN;

  const net = p !== undefined && p.netSig === cur.netSig;
  out[IX.netRx] = net ? counterRate(p.rxBytes, cur.rxBytes, dtSec) : NaN;
  out[IX.netTx] = net ? counterRate(p.txBytes, cur.txBytes, dtSec) : NaN;
}

// ---- host -------------------------------------------------------------------------------------

/** NODE_GET_CPU_STATS (all CPUs) as numbers, ns; missing fields NaN. */
export interface NodeCpuSample {
  kernel: number;
  user: number;
  idle: number;
  iowait: number;
  /** Some drivers report a ready-made percentage instead of counters. */
  utilization: number;
}

export function nodeCpuSample(params: { field: string; value: bigint }[]): NodeCpuSample {
  const s: NodeCpuSample = { kernel: NaN, user: NaN, idle: NaN, iowait: NaN, utilization: NaN };
  for (const { field, value } of params) {
    if (field === 'kernel' || field === 'user' || field === 'idle' || field === 'iowait' || field === 'utilization') s[field] = Number(value);
  }
  return s;
}

/** Host CPU busy % (kernel + user over all four counters) between two samples. */
export function hostCpuPct(prev: NodeCpuSample | undefined, cur: NodeCpuSample): number {
  if (!Number.isNaN(cur.utilization)) return cur.utilization;
  if (!prev) return NaN;
  const iow = (s: NodeCpuSample) => (Number.isNaN(s.iowait) ? 0 : s.iowait);
  const busy = (s: NodeCpuSample) => s.kernel + s.user;
  const dBusy = busy(cur) - busy(prev);
  const dTotal = dBusy + (cur.idle - prev.idle) + (iow(cur) - iow(prev));
  if (!(dTotal > 0) || dBusy < 0 || cur.idle < prev.idle) return NaN;
  return (dBusy / dTotal) * 100;
}

/** NODE_GET_MEMORY_STATS (all cells), KiB → used (total − free − buffers − cached) and total. */
export function hostMemory(params: { field: string; value: bigint }[]): { used: number; total: number } {
  let total = NaN;
  let free = NaN;
  let buffers = 0;
  let cached = 0;
  for (const { field, value } of params) {
    if (field === 'total') total = Number(value);
    else if (field === 'free') free = Number(value);
    else if (field === 'buffers') buffers = Number(value);
    else if (field === 'cached') cached = Number(value);
  }
  return { total, used: Math.max(0, total - free - buffers - cached) };
}

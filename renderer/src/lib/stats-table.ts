// Pure bookkeeping behind the stats store: a host's key table (UUID → row) and per-VM ring
// buffers of the last N cpu samples in typed arrays (NaN = no value), cheap for thousands of VMs.
import type { StatsTickEvent, VmMetric } from '../../../preload/contract/stats';
import { VM_METRICS } from '../../../preload/contract/stats';

export const SPARK_LEN = 60;

/** A fixed-size ring of float samples. `head` is where the next sample goes. */
export class Ring {
  readonly buf: Float32Array;
  head = 0;
  count = 0;
  /** Time (ms) of the latest sample. */
  lastT = 0;
  constructor(readonly size = SPARK_LEN) {
    this.buf = new Float32Array(size).fill(NaN);
  }
  push(value: number | null, t: number): void {
    this.buf[this.head] = value ?? NaN;
    this.head = (this.head + 1) % this.size;
    if (this.count < this.size) this.count++;
    this.lastT = t;
  }
  /** Oldest first; length = samples held (≤ size). Written into `out` when it is big enough. */
  values(out?: Float32Array): Float32Array {
    const n = this.count;
    const res = out && out.length >= n ? out.subarray(0, n) : new Float32Array(n);
    const start = (this.head - n + this.size) % this.size;
    for (let i = 0; i < n; i++) res[i] = this.buf[(start + i) % this.size]!;
    return res;
  }
}

export type VmLatest = { [M in VmMetric]: number | null } & { state: number; t: number };

/** One host's latest tick and the table to read it by UUID. */
export class HostTable {
  keysVersion: number;
  keys: string[];
  rowOf: Map<string, number>;
  tick: StatsTickEvent;
  constructor(full: StatsTickEvent & { keys: string[] }) {
    this.keysVersion = full.keysVersion;
    this.keys = full.keys;
    this.rowOf = new Map(full.keys.map((k, i) => [k, i]));
    this.tick = full;
  }
  /** Takes a tick of the same key table (or one bringing its own keys). False: the table is unknown. */
  apply(ev: StatsTickEvent): boolean {
    if (ev.keys) {
      this.keysVersion = ev.keysVersion;
      this.keys = ev.keys;
      this.rowOf = new Map(ev.keys.map((k, i) => [k, i]));
    } else if (ev.keysVersion !== this.keysVersion) return false;
    this.tick = ev;
    return true;
  }
  latest(uuid: string): VmLatest | null {
    const row = this.rowOf.get(uuid);
    if (row === undefined) return null;
    const out = { state: this.tick.vms.state[row] ?? 0, t: this.tick.t } as VmLatest;
    for (const m of VM_METRICS) out[m] = this.tick.vms[m][row] ?? null;
    return out;
  }
}

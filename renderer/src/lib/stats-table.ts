// Pure bookkeeping behind the stats store: a host's key table (UUID → row) and per-VM ring
// buffers of the last N cpu samples in typed arrays (NaN = no value), cheap for thousands of VMs.
import type { StatsTickEvent, VmMetric } from '../../../preload/contract/stats';
import { columnValue, VM_METRICS } from '../../../preload/contract/stats';

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
  /** NaN: no value. */
  push(value: number, t: number): void {
    this.buf[this.head] = value;
    this.head = (this.head + 1) % this.size;
    if (this.count < this.size) this.count++;
    this.lastT = t;
  }
  /** Writes the newest samples that fit in `room` into out[at…], oldest first; returns how many. */
  writeTo(out: Float32Array, at = 0, room = out.length - at): number {
    const n = Math.min(this.count, room);
    const start = (this.head - n + this.size) % this.size;
    for (let i = 0; i < n; i++) out[at + i] = this.buf[(start + i) % this.size]!;
    return n;
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
  /** Writes the VM's `metrics` into out[at…] (NaN for null); false when the tick has no row for it. */
  writeLatest(uuid: string, metrics: readonly VmMetric[], out: Float64Array, at: number): boolean {
    const row = this.rowOf.get(uuid);
    if (row === undefined) return false;
    const { vms } = this.tick;
    for (let m = 0; m < metrics.length; m++) out[at + m] = vms[metrics[m]!][row] ?? NaN;
    return true;
  }
  latest(uuid: string): VmLatest | null {
    const row = this.rowOf.get(uuid);
    if (row === undefined) return null;
    const out = { state: this.tick.vms.state[row] ?? 0, t: this.tick.t } as VmLatest;
    for (const m of VM_METRICS) out[m] = columnValue(this.tick.vms[m], row);
    return out;
  }
}

/** When a VM was first seen running (exact false: it was already running when sampling began). */
export interface RunningSince {
  since: number;
  exact: boolean;
}

const RUNNING = 1;

/**
 * One host's per-VM history, in arrays aligned with its key table: a tick is a loop over rows
 * with no per-VM string keys or map lookups (ten hosts × 500 VMs every second). History follows
 * a VM across key-table changes; VMs gone from the table are dropped.
 */
export class HostVmHistory {
  private keys: readonly string[] = [];
  private rings: Ring[] = [];
  private since: (RunningSince | null)[] = [];
  private rowOf = new Map<string, number>();

  /** Appends a tick of `keys` (the host's current key table); `exactStart`: starts seen now are exact. */
  record(keys: readonly string[], cpu: Float64Array, state: Uint8Array, t: number, exactStart: boolean): void {
    if (keys !== this.keys) this.realign(keys);
    const { rings, since } = this;
    for (let i = 0; i < keys.length; i++) {
      const ring = rings[i]!;
      if (ring.lastT !== t) ring.push(cpu[i] ?? NaN, t);
      if (state[i] === RUNNING) {
        if (!since[i]) since[i] = { since: t, exact: exactStart };
      } else if (since[i]) since[i] = null;
    }
  }

  ring(uuid: string): Ring | undefined {
    const row = this.rowOf.get(uuid);
    return row === undefined ? undefined : this.rings[row];
  }

  runningSince(uuid: string): RunningSince | null {
    const row = this.rowOf.get(uuid);
    return row === undefined ? null : (this.since[row] ?? null);
  }

  private realign(keys: readonly string[]): void {
    const rings: Ring[] = new Array(keys.length);
    const since: (RunningSince | null)[] = new Array(keys.length);
    const rowOf = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) {
      const old = this.rowOf.get(keys[i]!);
      rings[i] = old === undefined ? new Ring(SPARK_LEN) : this.rings[old]!;
      since[i] = old === undefined ? null : (this.since[old] ?? null);
      rowOf.set(keys[i]!, i);
    }
    this.keys = keys;
    this.rings = rings;
    this.since = since;
    this.rowOf = rowOf;
  }
}

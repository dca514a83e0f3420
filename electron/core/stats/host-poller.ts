// One host's side of the stats engine: per tick one CONNECT_GET_ALL_DOMAIN_STATS for every active
// VM (plus NODE_GET_CPU_STATS / NODE_GET_MEMORY_STATS, pipelined with it), rates, rings, and the
// compact tick event with its key table.
import type { HostStatsSample, StatsGroup, StatsTickEvent } from '../../../preload/contract/stats';
import { emptyVmColumns, HOST_METRICS, nullIfNaN, VM_METRICS } from '../../../preload/contract/stats';
import type { LibvirtClient, remote_domain_stats_record, remote_nonnull_domain } from '../../libvirt';
import { REMOTE_DOMAIN_LIST_MAX } from '../../libvirt/protocol/generated/remote';
import { uuidToString } from '../util/uuid';
import {
  DOMAIN_RUNNING,
  GET_ALL_STATS_ACTIVE,
  GET_ALL_STATS_NOWAIT,
  parseRecord,
  STATS_GROUP_FLAGS,
  type RawSample,
} from './parse';
import { hostCpuPct, hostMemory, nodeCpuSample, vmValues, VM_IX, VM_METRIC_COUNT, type NodeCpuSample } from './rates';
import { MetricRing, Timeline } from './ring';

// virNodeGetCPUStats / virNodeGetMemoryStats: the whole host rather than one CPU / NUMA cell.
export const NODE_CPU_STATS_ALL_CPUS = -1;
export const NODE_MEMORY_STATS_ALL_CELLS = -1;
// virConnectListAllDomainsFlags
const LIST_ACTIVE = 1;

/**
 * Records per CONNECT_GET_ALL_DOMAIN_STATS reply. The protocol allows REMOTE_DOMAIN_LIST_MAX
 * (16384) records, but a reply must also fit libvirt's 32 MiB message limit and a QEMU record with
 * vCPUs, disks and NICs is a few KiB: 4096 records stays well inside both.
 */
/** Metrics sent with two decimals (percentages); the rest are whole bytes, KiB or requests. */
const PERCENT = VM_METRICS.map((_, i) => i === VM_IX.cpu || i === VM_IX.cpuVcpu);

/** How libvirt words "this reply would be over a limit" (record count, message size). */
const REPLY_TOO_BIG = /too many|exceeds|too large|max(imum)? (limit|length|size)|message.*(length|size)/i;

export const DEFAULT_PAGE_SIZE = Math.min(4096, REMOTE_DOMAIN_LIST_MAX);

export interface PollerConfig {
  groups: ReadonlySet<StatsGroup>;
  pageSize: number;
  /** The vcpu group (only needed for the vCPU count) is asked for every N ticks, and when a VM appears or restarts. */
  vcpuRefreshTicks: number;
  capacity: number;
  now: () => number;
  monotonic: () => number;
}

interface VmState {
  uuid: string;
  ring: MetricRing;
  prev: RawSample | undefined;
  vcpus: number;
  row: number;
}

export class HostPoller {
  readonly timeline: Timeline;
  readonly hostRing: MetricRing;
  readonly vms = new Map<string, VmState>();
  inFlight: Promise<void> | null = null;
  removed = false;

  // bookkeeping, exposed for tests and the bench
  rpcLastTick = 0;
  domainStatsCallsLastTick = 0;
  skippedTicks = 0;
  failedTicks = 0;
  lastPollMs = 0;
  mode: 'single' | 'paged' = 'single';
  latest: StatsTickEvent | null = null;
  /** Raw counters of the last tick by UUID (tests compare them with virsh). */
  lastRaw = new Map<string, RawSample>();

  private client: LibvirtClient | undefined;
  private hostCpus = 0;
  private nodeMemKiB = NaN;
  private cpuNparams = 0;
  private memNparams = 0;
  private prevCpu: NodeCpuSample | undefined;
  private prevMono = NaN;
  private keys: string[] = [];
  private keysVersion = 0;
  private keysSentVersion = -1;
  private seq = 0;
  private ticksSinceVcpu = Infinity;
  private needVcpu = true;
  private failing = false;
  private readonly values = new Float64Array(VM_METRIC_COUNT);

  constructor(
    readonly hostId: string,
    private readonly config: PollerConfig,
  ) {
    this.timeline = new Timeline(config.capacity);
    this.hostRing = new MetricRing(HOST_METRICS.length, config.capacity, 'f32');
  }

  /** Bytes held by this host's rings. */
  get ringBytes(): number {
    let n = this.timeline.byteLength + this.hostRing.byteLength;
    for (const vm of this.vms.values()) n += vm.ring.byteLength;
    return n;
  }

  /** Returns the error to report when the state changes (message) or recovers (null); undefined when nothing changed. */
  async poll(resolve: () => LibvirtClient, emit: (e: StatsTickEvent) => void): Promise<string | null | undefined> {
    const started = this.config.monotonic();
    try {
      const client = resolve();
      if (client !== this.client) await this.init(client);
      const event = await this.sample(client);
      if (event && !this.removed) emit(event);
      if (this.failing) {
        this.failing = false;
        return null;
      }
      return undefined;
    } catch (err) {
      this.failedTicks++;
      // The next successful tick must not compute rates across a reconnect it did not see.
      if (!this.failing) {
        this.failing = true;
        return err instanceof Error ? err.message : String(err);
      }
      return undefined;
    } finally {
      this.lastPollMs = this.config.monotonic() - started;
    }
  }

  private async init(client: LibvirtClient): Promise<void> {
    this.client = undefined;
    const [info, cpu, mem] = await Promise.all([
      client.call('NODE_GET_INFO', undefined),
      client.call('NODE_GET_CPU_STATS', { cpuNum: NODE_CPU_STATS_ALL_CPUS, nparams: 0, flags: 0 }).catch(() => ({ nparams: 0 })),
      client.call('NODE_GET_MEMORY_STATS', { nparams: 0, cellNum: NODE_MEMORY_STATS_ALL_CELLS, flags: 0 }).catch(() => ({ nparams: 0 })),
    ]);
    this.hostCpus = info.cpus;
    this.nodeMemKiB = Number(info.memory);
    this.cpuNparams = cpu.nparams;
    this.memNparams = mem.nparams;
    this.prevCpu = undefined;
    this.prevMono = NaN;
    for (const vm of this.vms.values()) vm.prev = undefined;
    this.client = client;
  }

  private statsFlags(): number {
    let flags = STATS_GROUP_FLAGS.state;
    for (const g of this.config.groups) if (g !== 'vcpu') flags |= STATS_GROUP_FLAGS[g];
    if (this.config.groups.has('vcpu') && (this.needVcpu || this.ticksSinceVcpu >= this.config.vcpuRefreshTicks)) {
      flags |= STATS_GROUP_FLAGS.vcpu;
    }
    return flags;
  }

  private async domainStats(client: LibvirtClient, stats: number): Promise<{ records: remote_domain_stats_record[]; rpc: number }> {
    const pageSize = this.config.pageSize;
    if (this.mode === 'single') {
      const { retStats } = await client
        .call('CONNECT_GET_ALL_DOMAIN_STATS', { doms: [], stats, flags: GET_ALL_STATS_ACTIVE | GET_ALL_STATS_NOWAIT })
        .catch((err: unknown) => {
          // libvirt refuses replies over its record or message limits: page from the next tick on.
          if (err instanceof Error && REPLY_TOO_BIG.test(err.message)) this.mode = 'paged';
          throw err;
        });
      this.domainStatsCallsLastTick = 1;
      // A full page may mean libvirt had more than we want in one reply: page from the next tick on.
      if (retStats.length >= pageSize) this.mode = 'paged';
      return { records: retStats, rpc: 1 };
    }
    const { domains } = await client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: LIST_ACTIVE });
    const pages: remote_nonnull_domain[][] = [];
    for (let i = 0; i < domains.length; i += pageSize) pages.push(domains.slice(i, i + pageSize));
    const replies = await Promise.all(
      pages.map((doms) => client.call('CONNECT_GET_ALL_DOMAIN_STATS', { doms, stats, flags: GET_ALL_STATS_NOWAIT })),
    );
    this.domainStatsCallsLastTick = pages.length;
    if (domains.length < pageSize / 2) this.mode = 'single';
    return { records: replies.flatMap((r) => r.retStats), rpc: 1 + pages.length };
  }

  private async sample(client: LibvirtClient): Promise<StatsTickEvent | null> {
    const stats = this.statsFlags();
    const before = this.config.monotonic();
    const domP = this.domainStats(client, stats).then((r) => ({ ...r, at: this.config.monotonic() }));
    const cpuP =
      this.cpuNparams > 0
        ? client.call('NODE_GET_CPU_STATS', { cpuNum: NODE_CPU_STATS_ALL_CPUS, nparams: this.cpuNparams, flags: 0 })
        : undefined;
    const memP =
      this.memNparams > 0
        ? client.call('NODE_GET_MEMORY_STATS', { nparams: this.memNparams, cellNum: NODE_MEMORY_STATS_ALL_CELLS, flags: 0 })
        : undefined;
    // Node stats are best effort: a failure there must not lose the VMs' tick.
    const [dom, cpu, mem] = await Promise.all([domP, cpuP?.catch(() => undefined), memP?.catch(() => undefined)]);
    this.rpcLastTick = dom.rpc + (cpuP ? 1 : 0) + (memP ? 1 : 0);
    if (this.removed) return null;

    // The daemon sampled somewhere between sending and replying: the midpoint is the best estimate.
    const mono = (before + dom.at) / 2;
    const t = Math.round(this.config.now() - (this.config.monotonic() - mono));
    const dtSec = Number.isNaN(this.prevMono) ? NaN : (mono - this.prevMono) / 1000;
    this.prevMono = mono;
    if (stats & STATS_GROUP_FLAGS.vcpu) {
      this.ticksSinceVcpu = 1;
      this.needVcpu = false;
    } else {
      this.ticksSinceVcpu++;
    }

    const tick = this.timeline.push(t);
    const samples: { vm: VmState; s: RawSample }[] = [];
    let keysChanged = dom.records.length !== this.keys.length;
    let running = 0;
    for (const rec of dom.records) {
      const uuid = uuidToString(rec.dom.uuid);
      const s = parseRecord(rec);
      if (s.state === DOMAIN_RUNNING) running++;
      let vm = this.vms.get(uuid);
      if (!vm) {
        vm = { uuid, ring: new MetricRing(VM_METRIC_COUNT, this.config.capacity), prev: undefined, vcpus: NaN, row: -1 };
        this.vms.set(uuid, vm);
      }
      if (vm.row < 0 || this.keys[vm.row] !== uuid) keysChanged = true;
      if (vm.prev !== undefined && vm.prev.id !== s.id) this.needVcpu = true; // restarted: vCPUs may differ
      if (!Number.isNaN(s.vcpus)) vm.vcpus = s.vcpus;
      else if (Number.isNaN(vm.vcpus)) this.needVcpu = true;
      samples.push({ vm, s });
    }

    if (keysChanged) {
      // Survivors keep their order, newcomers go last; a VM that stopped leaves the table.
      const present = new Set(samples.map((x) => x.vm.uuid));
      const keys = this.keys.filter((u) => present.has(u));
      const known = new Set(keys);
      for (const { vm } of samples) if (!known.has(vm.uuid)) keys.push(vm.uuid);
      for (const vm of this.vms.values()) vm.row = -1;
      keys.forEach((u, i) => (this.vms.get(u)!.row = i));
      this.keys = keys;
      this.keysVersion++;
    }

    const n = this.keys.length;
    const columns = emptyVmColumns(n);
    const cols = VM_METRICS.map((m) => columns[m]);
    const out = this.values;
    const lastRaw = new Map<string, RawSample>();
    for (const { vm, s } of samples) {
      vmValues(vm.prev, s, dtSec, this.hostCpus, vm.vcpus, out);
      vm.ring.write(tick, out);
      vm.prev = s;
      lastRaw.set(vm.uuid, s);
      columns.state[vm.row] = s.state;
      for (let m = 0; m < VM_METRIC_COUNT; m++) cols[m]![vm.row] = rounded(out[m]!, PERCENT[m] ? 100 : 1);
    }
    this.lastRaw = lastRaw;
    // VMs that did not answer this tick: no baseline to compute a rate from next time; forget the
    // ones whose whole history has scrolled out of the ring.
    for (const vm of this.vms.values()) {
      if (vm.ring.last === tick) continue;
      vm.prev = undefined;
      if (vm.ring.last <= tick - this.config.capacity) this.vms.delete(vm.uuid);
    }

    const cpuSample = cpu ? nodeCpuSample(cpu.params) : undefined;
    const hostCpu = cpuSample ? hostCpuPct(this.prevCpu, cpuSample) : NaN;
    this.prevCpu = cpuSample;
    const memory = mem ? hostMemory(mem.params) : { used: NaN, total: this.nodeMemKiB };
    this.hostRing.write(tick, [hostCpu, memory.used, memory.total, running]);
    const host: HostStatsSample = {
      cpu: nullIfNaN(rounded(hostCpu, 100)),
      memUsed: nullIfNaN(rounded(memory.used, 1)),
      memTotal: nullIfNaN(rounded(memory.total, 1)),
      running,
      active: n,
      cpus: this.hostCpus,
    };

    const event: StatsTickEvent = {
      type: 'stats-tick',
      hostId: this.hostId,
      t,
      seq: this.seq++,
      keysVersion: this.keysVersion,
      host,
      vms: columns,
    };
    this.latest = { ...event, keys: this.keys };
    if (this.keysSentVersion !== this.keysVersion) {
      event.keys = this.keys;
      this.keysSentVersion = this.keysVersion;
    }
    return event;
  }
}

/** Rounded to 1/scale (rates to whole units, percentages to 0.01); NaN and ±Infinity: NaN (no value). */
function rounded(x: number, scale: number): number {
  if (!Number.isFinite(x)) return NaN;
  return scale === 1 ? Math.round(x) : Math.round(x * scale) / scale;
}

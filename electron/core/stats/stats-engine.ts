// The stats engine: one timer for all hosts; per host and tick one domain-stats call (never two at
// once: a host whose previous tick is still running skips this one), rings holding the last hour,
// and compact per-tick events for the renderer. Plain Node: no electron import.
import {
  HOST_METRICS,
  STATS_GROUPS,
  STATS_INTERVAL_MAX_MS,
  STATS_INTERVAL_MIN_MS,
  VM_METRICS,
  type HostHistory,
  type StatsConfig,
  type StatsEvent,
  type StatsGroup,
  type StatsRange,
  type StatsService,
  type StatsTickEvent,
  type VmHistory,
} from '../../../preload/contract/stats';
import type { ClientResolver } from '../hosts/client-resolver';
import { querySeries } from './history';
import { DEFAULT_PAGE_SIZE, HostPoller, type PollerConfig } from './host-poller';

export const DEFAULT_INTERVAL_MS = 1000;
/** Samples per ring: 1 h at the default 1 s interval. */
export const DEFAULT_CAPACITY = 3600;
/** Everything but the per-vCPU detail, which is sampled every `vcpuRefreshTicks` only. */
export const DEFAULT_GROUPS: readonly StatsGroup[] = STATS_GROUPS;

export interface StatsEngineOptions {
  resolveClient: ClientResolver;
  emit(event: StatsEvent): void;
  intervalMs?: number;
  groups?: readonly StatsGroup[];
  /** Records per domain-stats reply before the engine pages with explicit domain lists. */
  pageSize?: number;
  vcpuRefreshTicks?: number;
  /** Samples per ring (default 3600). */
  capacity?: number;
  now?: () => number;
  monotonic?: () => number;
}

export interface HostPollInfo {
  hostId: string;
  ticks: number;
  rpcLastTick: number;
  domainStatsCallsLastTick: number;
  skippedTicks: number;
  failedTicks: number;
  lastPollMs: number;
  mode: 'single' | 'paged';
  vms: number;
  ringBytes: number;
}

export class StatsEngine {
  readonly service: StatsService;
  private readonly hosts = new Map<string, HostPoller>();
  private readonly config: PollerConfig & { groups: Set<StatsGroup> };
  private intervalMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StatsEngineOptions) {
    this.intervalMs = checkInterval(options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.config = {
      groups: new Set(options.groups ?? DEFAULT_GROUPS),
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      vcpuRefreshTicks: options.vcpuRefreshTicks ?? 30,
      capacity: options.capacity ?? DEFAULT_CAPACITY,
      now: options.now ?? Date.now,
      monotonic: options.monotonic ?? (() => performance.now()),
    };
    this.service = this.makeService();
  }

  addHost(hostId: string): void {
    if (!this.hosts.has(hostId)) this.hosts.set(hostId, new HostPoller(hostId, this.config));
  }

  /** Stops polling the host and drops its rings (a poll in flight finishes without emitting). */
  removeHost(hostId: string): void {
    const h = this.hosts.get(hostId);
    if (!h) return;
    h.removed = true;
    this.hosts.delete(hostId);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  /** Stops the timer and waits for polls in flight; nothing keeps running afterwards. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.hosts.values()].map((h) => h.inFlight));
  }

  /**
   * One tick for every host (what the timer runs). A host whose previous poll has not finished is
   * skipped, so there is never more than one poll per host in flight. Resolves when this tick's polls end.
   */
  tick(): Promise<void> {
    const polls: Promise<void>[] = [];
    for (const h of this.hosts.values()) {
      if (h.inFlight) {
        h.skippedTicks++;
        continue;
      }
      const p = h
        .poll(
          () => this.options.resolveClient(h.hostId),
          (e) => this.emit(e),
        )
        .then((change) => {
          if (change !== undefined && !h.removed) this.emit({ type: 'stats-error', hostId: h.hostId, message: change });
        })
        .finally(() => {
          h.inFlight = null;
        });
      h.inFlight = p;
      polls.push(p);
    }
    return Promise.all(polls).then(() => undefined);
  }

  setIntervalMs(ms: number): void {
    this.intervalMs = checkInterval(ms);
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.start();
    }
  }

  setGroups(groups: readonly StatsGroup[]): void {
    this.config.groups.clear();
    for (const g of groups) this.config.groups.add(g);
  }

  getConfig(): StatsConfig {
    return { intervalMs: this.intervalMs, groups: STATS_GROUPS.filter((g) => g === 'state' || this.config.groups.has(g)) };
  }

  /** Per-host bookkeeping (calls per tick, skips, ring bytes): for tests, the bench and diagnostics. */
  pollInfo(): HostPollInfo[] {
    return [...this.hosts.values()].map((h) => ({
      hostId: h.hostId,
      ticks: h.timeline.ticks,
      rpcLastTick: h.rpcLastTick,
      domainStatsCallsLastTick: h.domainStatsCallsLastTick,
      skippedTicks: h.skippedTicks,
      failedTicks: h.failedTicks,
      lastPollMs: h.lastPollMs,
      mode: h.mode,
      vms: h.vms.size,
      ringBytes: h.ringBytes,
    }));
  }

  /** Bytes held by all rings (typed-array byteLengths). */
  ringBytes(): number {
    let n = 0;
    for (const h of this.hosts.values()) n += h.ringBytes;
    return n;
  }

  /** The host's poller (tests compare its raw counters with virsh). */
  poller(hostId: string): HostPoller | undefined {
    return this.hosts.get(hostId);
  }

  private emit(e: StatsEvent): void {
    try {
      this.options.emit(e);
    } catch (err) {
      console.error('[virtdeck] stats listener failed:', err);
    }
  }

  private makeService(): StatsService {
    const history = (hostId: string, uuid: string, range: StatsRange): VmHistory | null => {
      const h = this.hosts.get(hostId);
      const vm = h?.vms.get(uuid);
      if (!h || !vm) return null;
      const q = querySeries(h.timeline, vm.ring, range, this.intervalMs);
      const series = Object.fromEntries(VM_METRICS.map((m, i) => [m, q.columns[i]!])) as VmHistory['series'];
      return { hostId, uuid, range, stepMs: q.stepMs, t: q.t, series };
    };
    const hostHistory = (hostId: string, range: StatsRange): HostHistory | null => {
      const h = this.hosts.get(hostId);
      if (!h) return null;
      const q = querySeries(h.timeline, h.hostRing, range, this.intervalMs);
      const series = Object.fromEntries(HOST_METRICS.map((m, i) => [m, q.columns[i]!])) as HostHistory['series'];
      return { hostId, range, stepMs: q.stepMs, t: q.t, series };
    };
    const current = (hostId: string): StatsTickEvent | null => this.hosts.get(hostId)?.latest ?? null;
    return {
      history: async (hostId, uuid, range) => history(hostId, uuid, range),
      hostHistory: async (hostId, range) => hostHistory(hostId, range),
      current: async (hostId) => current(hostId),
      config: async () => this.getConfig(),
      setInterval: async (ms) => this.setIntervalMs(ms),
      setGroups: async (groups) => this.setGroups(groups),
    };
  }
}

function checkInterval(ms: number): number {
  if (!Number.isInteger(ms) || ms < STATS_INTERVAL_MIN_MS || ms > STATS_INTERVAL_MAX_MS) {
    throw new RangeError(`stats interval must be ${STATS_INTERVAL_MIN_MS}–${STATS_INTERVAL_MAX_MS} ms, got ${ms}`);
  }
  return ms;
}

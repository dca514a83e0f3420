// Live statistics: the contract between the stats engine in main (electron/core/stats/) and the
// renderer's charts. Main polls every connected host once per tick and pushes one compact
// `stats-tick` event per host: the VMs are columns of numbers indexed by a per-host key table
// (UUIDs) that is sent only when it changes. History (1 min / 10 min / 1 h) is asked for on demand.
import * as v from 'valibot';

// ---- vocabulary -------------------------------------------------------------------------------

/** History ranges a chart can ask for. '1m' is at tick resolution; the longer ones are downsampled. */
export const STATS_RANGES = ['1m', '10m', '1h'] as const;
export type StatsRange = (typeof STATS_RANGES)[number];

/** libvirt's domain stats groups the engine may request ('state' is always requested). */
export const STATS_GROUPS = ['state', 'cpu-total', 'balloon', 'vcpu', 'interface', 'block'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

/**
 * Per-VM metrics, in column order. Units:
 * - cpu: % of the whole host (100 = every host CPU busy with this VM); cpuVcpu: % of the VM's own
 *   vCPUs (100 = all its vCPUs busy);
 * - memUsed / memTotal: KiB (guest's view when the balloon driver reports it, else host RSS /
 *   balloon size);
 * - diskRd / diskWr / netRx / netTx: bytes per second; diskRdIops / diskWrIops: requests per second.
 * A value is null when libvirt did not report it (driver without that group, first sample after a
 * VM started, a counter that went backwards).
 */
export const VM_METRICS = [
  'cpu',
  'cpuVcpu',
  'memUsed',
  'memTotal',
  'diskRd',
  'diskWr',
  'diskRdIops',
  'diskWrIops',
  'netRx',
  'netTx',
] as const;
export type VmMetric = (typeof VM_METRICS)[number];

/** Per-host metrics: cpu in % of all host CPUs, memory in KiB, running VMs (state 'running'). */
export const HOST_METRICS = ['cpu', 'memUsed', 'memTotal', 'running'] as const;
export type HostMetric = (typeof HOST_METRICS)[number];

// ---- push events ------------------------------------------------------------------------------

export interface HostStatsSample {
  cpu: number | null;
  memUsed: number | null;
  memTotal: number | null;
  running: number;
  /** Active (running or paused …) VMs: the rows of this tick. */
  active: number;
  /** Host CPU threads the cpu percentages are normalised to. */
  cpus: number;
}

/**
 * One column per metric, each as long as the key table; NaN where the metric has no value (the
 * null of VM_METRICS). `state` is libvirt's virDomainState number. Typed arrays, not number
 * arrays: IPC and the context bridge pass each as one structured-clone copy of its bytes (the
 * bridge copies a plain array element by element), and in the renderer the bytes live outside
 * the JavaScript heap, so ticks of thousands of VMs leave no garbage for the collector.
 */
export type VmColumns = { [M in VmMetric]: Float64Array } & { state: Uint8Array };

/** Columns for `rows` VMs: every metric without a value (NaN), every state 0 (no state). */
export function emptyVmColumns(rows: number): VmColumns {
  const columns = { state: new Uint8Array(rows) } as VmColumns;
  for (const m of VM_METRICS) columns[m] = new Float64Array(rows).fill(NaN);
  return columns;
}

/** NaN (no value, in typed arrays) as the contract's null. */
export function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** Row `row` of a metric column as a nullable number (NaN or past the end: null). */
export function columnValue(column: Float64Array, row: number): number | null {
  return nullIfNaN(column[row] ?? NaN);
}

/**
 * One host's sample. Row i of every column belongs to the VM keys[i] of key table `keysVersion`.
 * `keys` is present when the table changed since this host's previous tick (and in the first tick);
 * a listener that holds another version asks `stats.current(hostId)` for the full picture.
 */
export interface StatsTickEvent {
  type: 'stats-tick';
  hostId: string;
  /** Sample time, ms since the epoch. */
  t: number;
  /** Tick counter of this host (gaps mean skipped or failed ticks). */
  seq: number;
  keysVersion: number;
  keys?: string[];
  host: HostStatsSample;
  vms: VmColumns;
}

/** A host's polling failed (sent once when it starts failing, and again when it recovers with `message: null`). */
export interface StatsErrorEvent {
  type: 'stats-error';
  hostId: string;
  message: string | null;
}

export type StatsEvent = StatsTickEvent | StatsErrorEvent;

// ---- history ----------------------------------------------------------------------------------

interface Series {
  range: StatsRange;
  /** Spacing of the points: the tick interval for '1m', bucket length for the longer ranges. */
  stepMs: number;
  /** Point times (bucket start), ms since the epoch, oldest first. */
  t: number[];
}

export interface VmHistory extends Series {
  hostId: string;
  uuid: string;
  /** Bucket means; null where nothing was sampled. */
  series: { [M in VmMetric]: (number | null)[] };
}

export interface HostHistory extends Series {
  hostId: string;
  series: { [M in HostMetric]: (number | null)[] };
}

export interface StatsConfig {
  intervalMs: number;
  groups: StatsGroup[];
}

// ---- service ----------------------------------------------------------------------------------

export interface StatsService {
  /** A VM's history on a host; null when the engine has never sampled it (or forgot it). */
  history(hostId: string, uuid: string, range: StatsRange): Promise<VmHistory | null>;
  hostHistory(hostId: string, range: StatsRange): Promise<HostHistory | null>;
  /** The host's latest tick with its full key table, or null before the first one. */
  current(hostId: string): Promise<StatsTickEvent | null>;
  config(): Promise<StatsConfig>;
  setInterval(ms: number): Promise<void>;
  setGroups(groups: StatsGroup[]): Promise<void>;
}

export const STATS_INTERVAL_MIN_MS = 250;
export const STATS_INTERVAL_MAX_MS = 60_000;

// ---- argument schemas (same style as services.ts; merge as `stats: statsArgSchemas`) ------------

const hostId = v.pipe(v.string(), v.uuid('host id must be a UUID'));
const vmUuid = v.pipe(v.string(), v.uuid('VM id must be a UUID'));
const range = v.picklist(STATS_RANGES, 'range must be 1m, 10m or 1h');
const intervalMs = v.pipe(
  v.number(),
  v.integer('interval must be whole milliseconds'),
  v.minValue(STATS_INTERVAL_MIN_MS, `interval must be at least ${STATS_INTERVAL_MIN_MS} ms`),
  v.maxValue(STATS_INTERVAL_MAX_MS, `interval must be at most ${STATS_INTERVAL_MAX_MS} ms`),
);
const groups = v.pipe(v.array(v.picklist(STATS_GROUPS, 'unknown stats group')), v.maxLength(STATS_GROUPS.length));

type Method = (...args: never[]) => unknown;
type ArgsSchema<F> = F extends Method ? v.GenericSchema<unknown, Parameters<F>> : never;
export type StatsArgSchemas = { [M in keyof StatsService & string]: ArgsSchema<StatsService[M]> };

export const statsArgSchemas = {
  history: v.strictTuple([hostId, vmUuid, range]),
  hostHistory: v.strictTuple([hostId, range]),
  current: v.strictTuple([hostId]),
  config: v.strictTuple([]),
  setInterval: v.strictTuple([intervalMs]),
  setGroups: v.strictTuple([groups]),
} satisfies StatsArgSchemas;

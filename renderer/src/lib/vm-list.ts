// Sorting and filtering of the VM table: pure functions over the store's array.
import type { DomainState, VmSummary } from '../../../preload/contract/model';

export type SortKey = 'name' | 'state' | 'vcpus' | 'memory' | 'host' | 'cpu';
export type SortDir = 'asc' | 'desc';
export interface VmSort {
  key: SortKey;
  dir: SortDir;
}

/** State groups the filter offers: libvirt has more states than a user cares to tell apart. */
export type StateFilter = 'all' | 'running' | 'paused' | 'shutoff' | 'other';

export interface VmFilter {
  text: string;
  state: StateFilter;
  /** '' = every host. */
  hostId: string;
}

export function stateGroup(state: DomainState): Exclude<StateFilter, 'all'> {
  switch (state) {
    case 'running':
    case 'blocked':
      return 'running';
    case 'paused':
    case 'pmsuspended':
      return 'paused';
    case 'shutoff':
      return 'shutoff';
    default:
      return 'other';
  }
}

// Running first, then paused, transitional, off.
const STATE_RANK: Record<DomainState, number> = {
  running: 0,
  blocked: 1,
  paused: 2,
  pmsuspended: 3,
  shutdown: 4,
  crashed: 5,
  nostate: 6,
  shutoff: 7,
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Live CPU % by vmKey (from the stats store), for sorting by CPU; VMs without a value sort as -1. */
export type CpuLookup = ReadonlyMap<string, number>;

export function compareVms(a: VmSummary, b: VmSummary, sort: VmSort, hostName: (id: string) => string, cpu?: CpuLookup): number {
  let c = 0;
  switch (sort.key) {
    case 'name':
      c = collator.compare(a.name, b.name);
      break;
    case 'state':
      c = STATE_RANK[a.state] - STATE_RANK[b.state];
      break;
    case 'vcpus':
      c = a.vcpus - b.vcpus;
      break;
    case 'memory':
      c = a.memoryKiB - b.memoryKiB;
      break;
    case 'host':
      c = collator.compare(hostName(a.hostId), hostName(b.hostId));
      break;
    case 'cpu':
      c = (cpu?.get(vmKey(a)) ?? -1) - (cpu?.get(vmKey(b)) ?? -1);
      break;
  }
  if (sort.dir === 'desc') c = -c;
  // Stable, deterministic tie-break: name, then host, then UUID.
  return c || collator.compare(a.name, b.name) || collator.compare(hostName(a.hostId), hostName(b.hostId)) || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);
}

export function filterVms(vms: readonly VmSummary[], filter: VmFilter): VmSummary[] {
  const text = filter.text.trim().toLowerCase();
  return vms.filter(
    (vm) =>
      (!filter.hostId || vm.hostId === filter.hostId) &&
      (filter.state === 'all' || stateGroup(vm.state) === filter.state) &&
      (!text || vm.name.toLowerCase().includes(text) || vm.uuid.startsWith(text)),
  );
}

export function sortVms(vms: readonly VmSummary[], sort: VmSort, hostName: (id: string) => string, cpu?: CpuLookup): VmSummary[] {
  return [...vms].sort((a, b) => compareVms(a, b, sort, hostName, cpu));
}

/** Clicking a header: same column flips direction, another column starts ascending (CPU: descending). */
export function nextSort(current: VmSort, key: SortKey): VmSort {
  // Busiest first is what one sorts by CPU for.
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'cpu' ? 'desc' : 'asc' };
}

export const vmKey = (vm: { hostId: string; uuid: string }) => `${vm.hostId}/${vm.uuid}`;

/** Keys between two rows (inclusive), for shift-click. */
export function rangeKeys(rows: readonly VmSummary[], from: number, to: number): string[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return rows.slice(Math.max(0, a), b + 1).map(vmKey);
}

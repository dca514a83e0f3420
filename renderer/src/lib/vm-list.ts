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
  /** '' or absent = any group; NO_GROUP = VMs without one; else that group. */
  group?: string;
  /** '' or absent = any; else VMs carrying that tag. */
  tag?: string;
}

/** The group filter's value for "VMs in no group" (cannot be a group name: control character). */
export const NO_GROUP = '\u0000none';

export type GroupBy = 'none' | 'host' | 'group';


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
      (!filter.group || (filter.group === NO_GROUP ? vm.group === null : vm.group === filter.group)) &&
      (!filter.tag || vm.tags.includes(filter.tag)) &&
      (!text || matchesText(vm, text)),
  );
}

/** The search box finds a VM by name, title, UUID prefix, group, tag or guest OS ("debian 12", "windows"). */
function matchesText(vm: VmSummary, text: string): boolean {
  return (
    vm.name.toLowerCase().includes(text) ||
    vm.title.toLowerCase().includes(text) ||
    vm.uuid.startsWith(text) ||
    (vm.group?.toLowerCase().includes(text) ?? false) ||
    vm.tags.some((t) => t.toLowerCase().includes(text)) ||
    (vm.os?.label.toLowerCase().includes(text) ?? false)
  );
}

/** Every group and every tag in use, sorted: what the filters and the labels editor offer. */
export function labelsInUse(vms: readonly VmSummary[]): { groups: string[]; tags: string[] } {
  const groups = new Set<string>();
  const tags = new Set<string>();
  for (const vm of vms) {
    if (vm.group) groups.add(vm.group);
    for (const t of vm.tags) tags.add(t);
  }
  return { groups: [...groups].sort(collator.compare), tags: [...tags].sort(collator.compare) };
}

/** A row of the grouped table: a VM (`index` into the VM rows) or a group's header. */
export type TableItem = { kind: 'vm'; vm: VmSummary; index: number } | { kind: 'group'; key: string; label: string; count: number };

export interface GroupedRows {
  /** The VMs in display order (group by group): what selection ranges and the cursor index. */
  rows: VmSummary[];
  /** Headers and VMs, as the virtual table shows them. */
  items: TableItem[];
  /** For each VM row, its index in `items`. */
  itemOfRow: number[];
}

export const NO_GROUP_LABEL = 'No group';

/**
 * Splits sorted rows into groups (by host name or by the VM's group, "No group" last), keeping the
 * sort inside each group, with a header item before each group.
 */
export function groupRows(sorted: readonly VmSummary[], by: Exclude<GroupBy, 'none'>, hostName: (id: string) => string): GroupedRows {
  const buckets = new Map<string, { label: string; vms: VmSummary[] }>();
  for (const vm of sorted) {
    const key = by === 'host' ? `h:${vm.hostId}` : vm.group === null ? '' : `g:${vm.group}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { label: by === 'host' ? hostName(vm.hostId) : (vm.group ?? NO_GROUP_LABEL), vms: [] }));
    b.vms.push(vm);
  }
  const ordered = [...buckets.entries()].sort(([ka, a], [kb, b]) => (ka === '' ? 1 : kb === '' ? -1 : collator.compare(a.label, b.label) || (ka < kb ? -1 : 1)));
  const rows: VmSummary[] = [];
  const items: TableItem[] = [];
  const itemOfRow: number[] = [];
  for (const [key, b] of ordered) {
    items.push({ kind: 'group', key, label: b.label, count: b.vms.length });
    for (const vm of b.vms) {
      itemOfRow.push(items.length);
      items.push({ kind: 'vm', vm, index: rows.length });
      rows.push(vm);
    }
  }
  return { rows, items, itemOfRow };
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

import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { columnValue } from '../../../preload/contract/stats';
import { filterVms, groupRows, labelsInUse, sortVms, vmKey, type GroupBy, type GroupedRows, type VmFilter, type VmSort } from '../lib/vm-list';
import { useHostsStore } from './hosts';
import { useStatsStore } from './stats';
import { useVmsStore } from './vms';

/** The VM table's view state: filter, sort, selection. Sorted rows are recomputed only on change. */
export const useVmViewStore = defineStore('vm-view', () => {
  const vms = useVmsStore();
  const hosts = useHostsStore();
  const filter = ref<VmFilter>({ text: '', state: 'all', hostId: '', group: '', tag: '' });
  /** Group header rows in the table: none, by host, or by the VM's own group label. */
  const groupBy = ref<GroupBy>('none');
  const sort = ref<VmSort>({ key: 'name', dir: 'asc' });
  const selected = shallowRef(new Set<string>());
  /** Index (in `rows`) of the last plain click: the anchor of shift-click ranges. */
  const anchor = ref<number | null>(null);

  const hostName = (id: string) => hosts.nameOf(id);
  const filtered = computed(() => filterVms(vms.vms, filter.value));
  const stats = useStatsStore();
  /** Latest CPU % per VM over all hosts: only read (and so only re-sorted on each tick) when sorting by CPU. */
  const cpuByKey = () => {
    const m = new Map<string, number>();
    for (const [hostId, table] of stats.tables) {
      const col = table.tick.vms.cpu;
      table.keys.forEach((uuid, i) => {
        const c = columnValue(col, i);
        if (c !== null) m.set(`${hostId}/${uuid}`, c);
      });
    }
    return m;
  };
  const sorted = computed(() => sortVms(filtered.value, sort.value, hostName, sort.value.key === 'cpu' ? cpuByKey() : undefined));
  /** Grouped layout (headers + VMs), null when not grouping. */
  const grouped = computed<GroupedRows | null>(() => (groupBy.value === 'none' ? null : groupRows(sorted.value, groupBy.value, hostName)));
  /** The VMs in display order. */
  const rows = computed(() => grouped.value?.rows ?? sorted.value);
  /** Groups and tags in use on every host (for filters and the labels editor). */
  const labels = computed(() => labelsInUse(vms.vms));
  /** Selected VMs that still exist and are visible. */
  const selectedVms = computed(() => rows.value.filter((vm) => selected.value.has(vmKey(vm))));

  function setSelection(keys: Iterable<string>) {
    selected.value = new Set(keys);
  }
  function toggle(key: string) {
    const next = new Set(selected.value);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    selected.value = next;
  }
  return { filter, groupBy, sort, selected, anchor, rows, grouped, labels, filtered, selectedVms, setSelection, toggle };
});

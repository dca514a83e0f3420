import { defineStore } from 'pinia';
import { computed, shallowRef, triggerRef } from 'vue';
import type { VmSummary } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';

/** VMs keyed by host and UUID: the same UUID may exist on two hosts (e.g. mid-migration). */
export const vmKeyOf = (hostId: string, uuid: string) => `${hostId}/${uuid}`;

/**
 * Every VM of every connected host. Thousands of entries: a shallowRef'd Map, triggered by hand
 * after each change, so Vue never walks or proxies the objects (they are replaced, not mutated).
 */
export const useVmsStore = defineStore('vms', () => {
  const byKey = shallowRef(new Map<string, VmSummary>());
  const vms = computed(() => [...byKey.value.values()]);
  const countByHost = computed(() => {
    const counts = new Map<string, number>();
    for (const vm of byKey.value.values()) counts.set(vm.hostId, (counts.get(vm.hostId) ?? 0) + 1);
    return counts;
  });

  async function load() {
    const list = await api.vms.list();
    byKey.value = new Map(list.map((vm) => [vmKeyOf(vm.hostId, vm.uuid), vm]));
  }

  function upsert(vm: VmSummary) {
    byKey.value.set(vmKeyOf(vm.hostId, vm.uuid), vm);
    triggerRef(byKey);
  }

  function remove(hostId: string, uuid: string) {
    if (byKey.value.delete(vmKeyOf(hostId, uuid))) triggerRef(byKey);
  }

  function removeHost(hostId: string) {
    let changed = false;
    for (const [k, vm] of byKey.value)
      if (vm.hostId === hostId) {
        byKey.value.delete(k);
        changed = true;
      }
    if (changed) triggerRef(byKey);
  }

  const get = (key: string) => byKey.value.get(key);

  return { byKey, vms, countByHost, load, upsert, remove, removeHost, get };
});

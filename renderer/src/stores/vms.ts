import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { VmSummary } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';

/** VMs keyed by host and UUID: the same UUID may exist on two hosts (e.g. mid-migration). */
const key = (hostId: string, uuid: string) => `${hostId}/${uuid}`;

export const useVmsStore = defineStore('vms', () => {
  const byKey = ref(new Map<string, VmSummary>());
  const vms = computed(() => [...byKey.value.values()].sort((a, b) => a.name.localeCompare(b.name)));

  async function load() {
    const list = await api.vms.list();
    byKey.value = new Map(list.map((vm) => [key(vm.hostId, vm.uuid), vm]));
  }

  function upsert(vm: VmSummary) {
    byKey.value.set(key(vm.hostId, vm.uuid), vm);
  }

  function remove(hostId: string, uuid: string) {
    byKey.value.delete(key(hostId, uuid));
  }

  function removeHost(hostId: string) {
    for (const [k, vm] of byKey.value) if (vm.hostId === hostId) byKey.value.delete(k);
  }

  return { byKey, vms, load, upsert, remove, removeHost };
});

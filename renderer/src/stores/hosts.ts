import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { HostStatus, HostSummary } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';

export const useHostsStore = defineStore('hosts', () => {
  const byId = ref(new Map<string, HostSummary>());
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const hosts = computed(() => [...byId.value.values()].sort((a, b) => a.name.localeCompare(b.name)));

  async function load() {
    try {
      const list = await api.hosts.list();
      byId.value = new Map(list.map((h) => [h.id, h]));
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loaded.value = true;
    }
  }

  function upsert(host: HostSummary) {
    byId.value.set(host.id, host);
  }

  function setStatus(hostId: string, status: HostStatus) {
    const host = byId.value.get(hostId);
    if (host) byId.value.set(hostId, { ...host, status });
  }

  function remove(hostId: string) {
    byId.value.delete(hostId);
  }

  return { byId, hosts, loaded, error, load, upsert, setStatus, remove };
});

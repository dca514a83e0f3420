import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { HostStatus, HostSummary } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';

/** Hosts by id. A shallowRef'd Map (replaced or triggered by hand): no deep proxies. */
export const useHostsStore = defineStore('hosts', () => {
  const byId = shallowRef(new Map<string, HostSummary>());
  /** When each host's current status arrived (for the reconnect countdown). */
  const statusSince = shallowRef(new Map<string, number>());
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const hosts = computed(() => [...byId.value.values()].sort((a, b) => a.name.localeCompare(b.name)));

  async function load() {
    try {
      const list = await api.hosts.list();
      byId.value = new Map(list.map((h) => [h.id, h]));
      statusSince.value = new Map(list.map((h) => [h.id, Date.now()]));
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loaded.value = true;
    }
  }

  function upsert(host: HostSummary) {
    byId.value.set(host.id, host);
    statusSince.value.set(host.id, Date.now());
    triggerRef(byId);
    triggerRef(statusSince);
  }

  function setStatus(hostId: string, status: HostStatus) {
    const host = byId.value.get(hostId);
    if (!host) return;
    byId.value.set(hostId, { ...host, status });
    statusSince.value.set(hostId, Date.now());
    triggerRef(byId);
    triggerRef(statusSince);
  }

  function remove(hostId: string) {
    if (byId.value.delete(hostId)) triggerRef(byId);
  }

  const nameOf = (hostId: string) => byId.value.get(hostId)?.name ?? '?';

  return { byId, statusSince, hosts, loaded, error, load, upsert, setStatus, remove, nameOf };
});

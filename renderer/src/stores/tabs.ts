import { defineStore } from 'pinia';
import { ref } from 'vue';

export const DASHBOARD_TAB = 'dashboard';
export const ALL_TAB = 'all';

/** Host details tabs are keyed `host:<hostId>`; VM tabs `<hostId>/<uuid>`. */
export const HOST_TAB_PREFIX = 'host:';
export const hostTabKey = (hostId: string) => `${HOST_TAB_PREFIX}${hostId}`;
export const isHostTab = (key: string) => key.startsWith(HOST_TAB_PREFIX);
export const hostIdOfTab = (key: string) => key.slice(HOST_TAB_PREFIX.length);

export type HostPage = 'overview' | 'networks' | 'storage';

/** The main area's tab strip: Dashboard, "All VMs", then one tab per opened VM or host. */
export const useTabsStore = defineStore('tabs', () => {
  const open = ref<string[]>([]);
  const active = ref<string>(ALL_TAB);
  /** Tabs with unsaved edits, and what to say about them. */
  const dirty = ref(new Map<string, string>());
  /** The page a host tab shows (set when opened for a purpose, e.g. "create network"). */
  const hostPage = ref(new Map<string, HostPage>());
  /** A one-shot request for a host tab (open the create-network wizard, …), consumed by the tab. */
  const hostRequest = ref<{ key: string; what: 'create-network' | 'create-volume' | 'create-pool' } | null>(null);

  function openVm(key: string) {
    if (!open.value.includes(key)) open.value.push(key);
    active.value = key;
  }
  function openHost(hostId: string, page?: HostPage) {
    const key = hostTabKey(hostId);
    if (!open.value.includes(key)) open.value.push(key);
    if (page || !hostPage.value.has(key)) hostPage.value.set(key, page ?? 'overview');
    active.value = key;
  }
  function activate(key: string) {
    active.value = key;
  }
  function close(key: string) {
    const i = open.value.indexOf(key);
    if (i < 0) return;
    open.value.splice(i, 1);
    dirty.value.delete(key);
    hostPage.value.delete(key);
    if (active.value === key) active.value = open.value[Math.min(i, open.value.length - 1)] ?? ALL_TAB;
  }
  /** Closes the tabs of a host and of its VMs (host removed). */
  function closeHost(hostId: string) {
    for (const key of [...open.value]) if (key === hostTabKey(hostId) || key.startsWith(`${hostId}/`)) close(key);
  }
  function setDirty(key: string, what: string | null) {
    if (what) dirty.value.set(key, what);
    else dirty.value.delete(key);
  }
  return { open, active, dirty, hostPage, hostRequest, openVm, openHost, activate, close, closeHost, setDirty };
});

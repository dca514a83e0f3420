import { defineStore } from 'pinia';
import { ref } from 'vue';

export const ALL_TAB = 'all';

/** The main area's tab strip: "All VMs" plus one tab per opened VM (keyed host/UUID). */
export const useTabsStore = defineStore('tabs', () => {
  const open = ref<string[]>([]);
  const active = ref<string>(ALL_TAB);
  /** Tabs with unsaved edits, and what to say about them. */
  const dirty = ref(new Map<string, string>());

  function openVm(key: string) {
    if (!open.value.includes(key)) open.value.push(key);
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
    if (active.value === key) active.value = open.value[Math.min(i, open.value.length - 1)] ?? ALL_TAB;
  }
  function setDirty(key: string, what: string | null) {
    if (what) dirty.value.set(key, what);
    else dirty.value.delete(key);
  }
  return { open, active, dirty, openVm, activate, close, setDirty };
});

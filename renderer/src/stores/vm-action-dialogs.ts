// Which VM action dialog (delete, clone, backup, restore) is open, and for what. One at a time;
// VmActionDialogs.vue renders it. Opened from the VM tab, the context menu and the palette.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { VmSummary } from '../../../preload/contract/model';

export type VmActionDialog =
  | { kind: 'delete'; vm: VmSummary }
  | { kind: 'clone'; vm: VmSummary }
  | { kind: 'backup'; vm: VmSummary }
  /** `vm`: the VM the user started from (its backups are suggested, overwrite targets it). */
  | { kind: 'restore'; hostId: string; vm: VmSummary | null };

export const useVmActionDialogsStore = defineStore('vm-action-dialogs', () => {
  const current = shallowRef<VmActionDialog | null>(null);
  const isOpen = computed(() => current.value !== null);

  const openDelete = (vm: VmSummary) => void (current.value = { kind: 'delete', vm });
  const openClone = (vm: VmSummary) => void (current.value = { kind: 'clone', vm });
  const openBackup = (vm: VmSummary) => void (current.value = { kind: 'backup', vm });
  const openRestore = (hostId: string, vm: VmSummary | null = null) => void (current.value = { kind: 'restore', hostId, vm });
  function close() {
    current.value = null;
  }
  return { current, isOpen, openDelete, openClone, openBackup, openRestore, close };
});

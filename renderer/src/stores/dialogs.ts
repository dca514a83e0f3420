import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

export interface ConfirmRequest {
  title: string;
  /** What happens, in a sentence. */
  message: string;
  /** Exactly what is affected (VM names, host names), listed under the message. */
  items?: string[];
  confirmLabel: string;
  danger?: boolean;
}

/** The one confirmation dialog: `await confirm({...})` resolves true on confirm. */
export const useDialogsStore = defineStore('dialogs', () => {
  const pending = shallowRef<(ConfirmRequest & { resolve: (ok: boolean) => void }) | null>(null);

  function confirm(req: ConfirmRequest): Promise<boolean> {
    pending.value?.resolve(false);
    return new Promise((resolve) => {
      pending.value = { ...req, resolve };
    });
  }
  function settle(ok: boolean) {
    const p = pending.value;
    pending.value = null;
    p?.resolve(ok);
  }
  /** Which app-level dialog is open (add connection, palette). */
  const addConnectionOpen = shallowRef(false);
  const paletteOpen = shallowRef(false);
  return { pending, confirm, settle, addConnectionOpen, paletteOpen };
});

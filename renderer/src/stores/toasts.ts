import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiCallError } from '../api/virtdeck';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  message?: string;
  /** libvirt's (or our) error code, e.g. VIR_ERR_OPERATION_INVALID. */
  code?: string;
}

let nextId = 1;

export const useToastsStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function push(t: Omit<Toast, 'id'>, ms = t.kind === 'error' ? 10_000 : 4_000): number {
    const id = nextId++;
    toasts.value.push({ ...t, id });
    if (toasts.value.length > 5) dismiss(toasts.value[0]!.id);
    timers.set(id, setTimeout(() => dismiss(id), ms));
    return id;
  }
  function dismiss(id: number) {
    clearTimeout(timers.get(id));
    timers.delete(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }
  const success = (title: string, message?: string) => push({ kind: 'success', title, message });
  function error(title: string, err: unknown) {
    const code = err instanceof ApiCallError ? err.code : undefined;
    return push({ kind: 'error', title, message: (err as Error)?.message ?? String(err), code });
  }
  return { toasts, push, dismiss, success, error };
});

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
  const durations = new Map<number, number>();
  /** Why a toast is held open: the pointer is on it, the focus is in it. */
  const holds = new Map<number, Set<'pointer' | 'focus'>>();

  function push(t: Omit<Toast, 'id'>, ms = t.kind === 'error' ? 10_000 : 4_000): number {
    const id = nextId++;
    toasts.value.push({ ...t, id });
    if (toasts.value.length > 5) dismiss(toasts.value[0]!.id);
    durations.set(id, ms);
    timers.set(id, setTimeout(() => dismiss(id), ms));
    return id;
  }
  function dismiss(id: number) {
    clearTimeout(timers.get(id));
    timers.delete(id);
    durations.delete(id);
    holds.delete(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }
  /** Keeps a toast while the pointer or the focus is on it (time to read it, WCAG 2.2.1)… */
  function hold(id: number, why: 'pointer' | 'focus') {
    if (!durations.has(id)) return;
    clearTimeout(timers.get(id));
    timers.delete(id);
    const set = holds.get(id) ?? new Set();
    set.add(why);
    holds.set(id, set);
  }
  /** …and gives it its full time again once both have left. */
  function release(id: number, why: 'pointer' | 'focus') {
    const set = holds.get(id);
    set?.delete(why);
    const ms = durations.get(id);
    if (ms === undefined || set?.size || timers.has(id)) return;
    timers.set(id, setTimeout(() => dismiss(id), ms));
  }
  const success = (title: string, message?: string) => push({ kind: 'success', title, message });
  function error(title: string, err: unknown) {
    const code = err instanceof ApiCallError ? err.code : undefined;
    return push({ kind: 'error', title, message: (err as Error)?.message ?? String(err), code });
  }
  return { toasts, push, dismiss, hold, release, success, error };
});

// Keeps Tab inside a dialog while it is open and gives focus back to whatever had it before.
import { nextTick, onBeforeUnmount, onMounted, onUnmounted, type Ref } from 'vue';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

/** `initial` is a selector inside the dialog for the element to focus first (else the first focusable). */
export function useFocusTrap(root: Ref<HTMLElement | null>, initial?: string) {
  let previous: HTMLElement | null = null;

  const onKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || !root.value) return;
    const items = focusableIn(root.value);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement as HTMLElement | null;
    if (e.shiftKey && (active === first || !root.value.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !root.value.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  onMounted(async () => {
    previous = document.activeElement as HTMLElement | null;
    document.addEventListener('keydown', onKeydown, true);
    await nextTick();
    const el = root.value;
    if (!el) return;
    const target = (initial && el.querySelector<HTMLElement>(initial)) || focusableIn(el)[0] || el;
    target.focus();
  });
  onBeforeUnmount(() => document.removeEventListener('keydown', onKeydown, true));
  // Once the dialog is gone from the DOM, and at once: whatever the closing action does next (a
  // palette command opening another dialog, a page switch moving the focus) starts from there.
  onUnmounted(() => {
    if (previous && document.contains(previous)) previous.focus();
  });
}

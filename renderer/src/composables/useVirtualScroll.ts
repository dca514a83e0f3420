// Fixed-row-height virtual scrolling: the caller renders rows[start, end) inside a block
// translated by `offset`, in a spacer `total` px tall. Only scrollTop and the viewport height are
// reactive; the row array is never watched deeply. The window is snapped to `chunk` rows and only
// changes identity when its rows change, so scrolling inside the rendered rows re-renders nothing.
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { sameWindow, scrollToReveal, virtualWindow, type VirtualWindow } from '../lib/virtual-window';

export function useVirtualScroll(container: Ref<HTMLElement | null>, count: Ref<number>, rowHeight: number, overscan = 8, chunk = 1) {
  const scrollTop = ref(0);
  const viewport = ref(0);
  let frame = 0;
  let observer: ResizeObserver | null = null;

  const onScroll = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (container.value) scrollTop.value = container.value.scrollTop;
    });
  };
  onMounted(() => {
    const el = container.value;
    if (!el) return;
    el.addEventListener('scroll', onScroll, { passive: true });
    observer = new ResizeObserver(() => (viewport.value = el.clientHeight));
    observer.observe(el);
    viewport.value = el.clientHeight;
  });
  onBeforeUnmount(() => {
    container.value?.removeEventListener('scroll', onScroll);
    observer?.disconnect();
    if (frame) cancelAnimationFrame(frame);
  });

  const win = computed<VirtualWindow>((previous) => {
    const next = virtualWindow(count.value, rowHeight, scrollTop.value, viewport.value, overscan, chunk);
    return previous && sameWindow(previous, next) ? previous : next;
  });

  /** Scrolls so row `index` is visible; `headerPx` is covered by a sticky header. */
  function reveal(index: number, headerPx = 0) {
    const el = container.value;
    if (!el) return;
    const top = scrollToReveal(index, rowHeight, el.scrollTop, el.clientHeight - headerPx);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      scrollTop.value = top;
    }
  }
  return { window: win, reveal, viewport };
}

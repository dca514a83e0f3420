import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useToastsStore } from './toasts';

describe('toasts', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('go away after their time, but not while the pointer or the focus is on them', () => {
    const toasts = useToastsStore();
    const a = toasts.success('a');
    const b = toasts.success('b');
    toasts.hold(b, 'pointer');
    toasts.hold(b, 'focus');
    vi.advanceTimersByTime(5_000);
    expect(toasts.toasts.map((t) => t.title)).toEqual(['b']);
    toasts.release(b, 'pointer');
    vi.advanceTimersByTime(5_000);
    expect(toasts.toasts.map((t) => t.title)).toEqual(['b']); // the focus is still in it
    toasts.release(b, 'focus');
    vi.advanceTimersByTime(3_900);
    expect(toasts.toasts).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(toasts.toasts).toHaveLength(0);
    toasts.release(a, 'pointer'); // gone already: nothing to do
    expect(vi.getTimerCount()).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { ApiCallError } from '../api/virtdeck';
import { useSpecCheck } from './useSpecCheck';

const invalid = (msg: string) => new ApiCallError({ code: 'INVALID_ARGUMENT', message: msg } as never);

describe('useSpecCheck', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks 250 ms after the last change, lists problems, and keeps only the latest answer', async () => {
    const name = ref('a');
    const answers = new Map<string, () => Promise<unknown>>();
    const check = vi.fn((s: { name: string }) => answers.get(s.name)!());
    let release!: () => void;
    answers.set('slow', () => new Promise((_r, reject) => (release = () => reject(invalid('network: stale problem')))));
    answers.set('bad', () => Promise.reject(invalid('network: name is taken; address overlaps default')));
    answers.set('good', () => Promise.resolve());
    const scope = effectScope();
    const c = scope.run(() => useSpecCheck(() => ({ name: name.value }), check))!;
    expect(c.checking.value).toBe(true);

    name.value = 'slow';
    await nextTick();
    await vi.advanceTimersByTimeAsync(250);
    expect(check).toHaveBeenCalledTimes(1); // the first value never got checked: it changed in time
    name.value = 'bad';
    await nextTick();
    await vi.advanceTimersByTimeAsync(250);
    expect(c.problems.value).toEqual(['name is taken', 'address overlaps default']);
    expect(c.checking.value).toBe(false);
    release(); // the older check answers late: ignored
    await vi.advanceTimersByTimeAsync(0);
    expect(c.problems.value).toEqual(['name is taken', 'address overlaps default']);

    name.value = 'good';
    await nextTick();
    expect(c.checking.value).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(c.problems.value).toEqual([]);
    expect(c.otherError.value).toBeNull();
    scope.stop();
  });

  it('reports a failure that is not a list of problems as such', async () => {
    const scope = effectScope();
    const c = scope.run(() => useSpecCheck(() => ({}), () => Promise.reject(new Error('host disconnected'))))!;
    await vi.advanceTimersByTimeAsync(250);
    expect(c.problems.value).toEqual([]);
    expect(c.otherError.value).toBe('host disconnected');
    scope.stop();
  });
});

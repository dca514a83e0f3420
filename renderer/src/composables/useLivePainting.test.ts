import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, shallowRef } from 'vue';
import type { VmSummary } from '../../../preload/contract/model';
import { emptyVmColumns, type StatsTickEvent } from '../../../preload/contract/stats';
import type { LivePaintBatch } from '../lib/live-canvas-set';
import { rowsOf, unpackLiveRow } from '../lib/live-rows-pack';
import type { LiveSlot } from '../lib/live-slots';
import { useStatsStore } from '../stores/stats';
import { useLivePainting } from './useLivePainting';

const painted: LivePaintBatch[] = [];
vi.mock('../lib/live-painter', () => ({ livePainter: () => ({ paint: (p: LivePaintBatch) => painted.push(structuredClone(p)) }) }));

const vm = (uuid: string) => ({ hostId: 'h', uuid }) as VmSummary;
const VMS = ['a', 'b', 'c', 'd'].map(vm);
function tick(seq: number, cpu: number[]): StatsTickEvent {
  const vms = emptyVmColumns(cpu.length);
  vms.cpu.set(cpu);
  vms.state.fill(1);
  vms.memUsed.fill(512);
  vms.memTotal.fill(1024);
  for (const m of ['diskRd', 'diskWr', 'diskRdIops', 'diskWrIops', 'netRx', 'netTx'] as const) vms[m].fill(0);
  return {
    type: 'stats-tick', hostId: 'h', t: seq * 1000, seq, keysVersion: 1, keys: VMS.map((v) => v.uuid),
    host: { cpu: 1, memUsed: 1, memTotal: 2, running: 4, active: 4, cpus: 4 },
    vms,
  };
}
/** Each painted canvas's rows' CPU text, by canvas id. */
const cpuTexts = (p: LivePaintBatch) => Object.fromEntries(p.canvases.map(({ id, range }) => {
  const rows = rowsOf(p.rows, range);
  return [id, Array.from({ length: rows.count }, (_, i) => unpackLiveRow(rows, i)?.live?.cpu ?? null)];
}));
const slot = (start: number, rows: (VmSummary | null)[], shown = true): LiveSlot<VmSummary | null> => ({ start, rows, shown });

describe('useLivePainting', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    painted.length = 0;
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('repaints every shown canvas on a tick in one message, only moved canvases on a window move, and posts after the frame', async () => {
    const stats = useStatsStore();
    const slots = shallowRef([slot(0, [VMS[0]!, VMS[1]!]), slot(2, [null, VMS[2]!]), slot(4, [VMS[3]!], false)]);
    const scope = effectScope();
    const live = scope.run(() => useLivePainting(slots, 36))!;
    [11, 12, 13].forEach((id, i) => live.attached(i, id));
    await nextTick();
    await vi.runOnlyPendingTimersAsync();
    // Before any tick: the shown canvases, unsampled (no CPU text); the hidden one not at all.
    expect(painted.map(cpuTexts)).toEqual([{ 11: [null, null], 12: [null, null] }]);

    stats.apply(tick(1, [1, 2, 3, 4]));
    await vi.advanceTimersByTimeAsync(16); // the store tells views once per frame…
    expect(painted).toHaveLength(1); // …and the message waits for a task after it
    await vi.runOnlyPendingTimersAsync();
    expect(painted.map(cpuTexts)[1]).toEqual({ 11: ['1.0 %', '2.0 %'], 12: [null, '3.0 %'] });
    expect(painted[1]!.moved).toBe(false); // same rows, new values: the painter may take its time
    expect(painted[1]!.rows.values.length).toBeGreaterThan(0);

    // The window moves: the hidden canvas takes a chunk, the others keep theirs and are not repainted.
    slots.value = [slots.value[0]!, slots.value[1]!, slot(4, [VMS[3]!, VMS[0]!])];
    await nextTick();
    await vi.runOnlyPendingTimersAsync();
    expect(painted.map(cpuTexts)[2]).toEqual({ 13: ['4.0 %', '1.0 %'] });
    expect(painted[2]!.moved).toBe(true);

    // A tick and a move before the message leaves: one message, each canvas once, with the latest rows.
    stats.apply(tick(2, [5, 6, 7, 8]));
    await vi.advanceTimersByTimeAsync(16);
    slots.value = [slots.value[0]!, slots.value[1]!, slot(4, [VMS[0]!, VMS[3]!])];
    await nextTick();
    await vi.runOnlyPendingTimersAsync();
    expect(painted).toHaveLength(4);
    expect(cpuTexts(painted[3]!)).toEqual({ 11: ['5.0 %', '6.0 %'], 12: [null, '7.0 %'], 13: ['5.0 %', '8.0 %'] });
    expect(painted[3]!.moved).toBe(true);
    scope.stop();
  });
});

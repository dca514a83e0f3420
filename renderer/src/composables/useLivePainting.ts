// Paints the VM table's live canvases (VmLiveCanvas, one per chunk of rendered rows, from the pool
// of lib/live-slots). One effect for all of them: on a stats tick every shown canvas is repainted
// in one pass — all rows packed into one batch of reused buffers, one message to the painter —
// and when the window moves only the canvases whose chunk changed are.
// The message leaves in a task after the page's frame, not inside it: posting wakes the painter
// worker, which then paints for several milliseconds, and on a two-core machine a worker woken in
// the middle of the frame takes the core from the page (traces showed frames of 0.6 ms of script
// stretched to 4 ms). Packed rows wait for that task in the packer's buffers; runs before it add
// to the batch instead of starting a new one.
import { onScopeDispose, shallowRef, watchEffect, type Ref } from 'vue';
import type { VmSummary } from '../../../preload/contract/model';
import { livePainter } from '../lib/live-painter';
import { LiveRowsPacker, type LiveRowSource, type LiveRowsRange } from '../lib/live-rows-pack';
import type { LiveSlot } from '../lib/live-slots';
import { LIVE_FIELDS } from '../lib/vm-row-live';
import { SPARK_LEN, useStatsStore } from '../stores/stats';

export function useLivePainting(slots: Ref<readonly LiveSlot<VmSummary | null>[]>, rowHeight: number) {
  const { live } = useStatsStore();
  const painter = livePainter();
  const source: LiveRowSource<VmSummary> = {
    latest: (vm, values, at) => live.writeLatest(vm.hostId, vm.uuid, LIVE_FIELDS, values, at),
    samples: (vm, spark, at, room) => live.writeSparkline(vm.hostId, vm.uuid, spark, at, room),
  };
  const packer = new LiveRowsPacker(SPARK_LEN);
  /** The painter's id of slot i's canvas, once it has one. */
  const canvases = shallowRef<readonly (number | undefined)[]>([]);
  /** What each canvas (by id) last got: its slot and the stats revision. */
  const painted = new Map<number, { slot: LiveSlot<VmSummary | null>; revision: number }>();

  /** Canvases packed but not posted yet, and where their rows are (a later packing of the same canvas wins). */
  const pending = new Map<number, LiveRowsRange>();
  /** Whether a pending canvas shows other rows than last painted (see LivePaintBatch.moved). */
  let moved = false;
  let posting: ReturnType<typeof setTimeout> | null = null;
  const post = () => {
    posting = null;
    painter.paint({ rowHeight, rows: packer.batch(), canvases: [...pending].map(([id, range]) => ({ id, range })), moved });
    pending.clear();
    moved = false;
  };

  watchEffect(() => {
    const revision = live.revision(); // reactive on ticks
    const ids = canvases.value;
    if (pending.size === 0) packer.restart();
    slots.value.forEach((slot, i) => {
      const id = ids[i];
      if (id === undefined || !slot.shown) return;
      const last = painted.get(id);
      if (last?.slot === slot && last.revision === revision) return;
      if (last?.slot !== slot) moved = true;
      painted.set(id, { slot, revision });
      pending.set(id, packer.pack(slot.rows, source));
    });
    if (pending.size && !posting) posting = setTimeout(post, 0);
  });
  onScopeDispose(() => {
    if (posting) clearTimeout(posting);
  });

  return {
    /** Slot i's canvas was handed to the painter as `id`. */
    attached(i: number, id: number): void {
      const old = canvases.value[i];
      if (old !== undefined) painted.delete(old);
      const next = [...canvases.value];
      next[i] = id;
      canvases.value = next;
    },
  };
}

// Paints the VM table's live canvases (VmLiveCanvas, one per chunk of rendered rows, from the pool
// of lib/live-slots). One effect for all of them: on a stats tick every shown canvas is repainted
// in one pass — all rows packed into one pair of reused buffers, one message to the painter —
// and when the window moves only the canvases whose chunk changed are.
import { shallowRef, watchEffect, type Ref } from 'vue';
import type { VmSummary } from '../../../preload/contract/model';
import type { LivePaint } from '../lib/live-canvas-set';
import { livePainter } from '../lib/live-painter';
import { LiveRowsPacker, type LiveRowSource } from '../lib/live-rows-pack';
import type { LiveSlot } from '../lib/live-slots';
import { LIVE_FIELDS } from '../lib/vm-row-live';
import { SPARK_LEN, useStatsStore } from '../stores/stats';

export function useLivePainting(slots: Ref<readonly LiveSlot<VmSummary | null>[]>, rowHeight: number) {
  const { live } = useStatsStore();
  const painter = livePainter();
  const source: LiveRowSource<VmSummary> = {
    latest: (vm, values, at) => live.writeLatest(vm.hostId, vm.uuid, LIVE_FIELDS, values, at),
    samples: (vm, spark) => live.writeSparkline(vm.hostId, vm.uuid, spark),
  };
  const packer = new LiveRowsPacker(SPARK_LEN);
  /** The painter's id of slot i's canvas, once it has one. */
  const canvases = shallowRef<readonly (number | undefined)[]>([]);
  /** What each canvas (by id) last got: its slot and the stats revision. */
  const painted = new Map<number, { slot: LiveSlot<VmSummary | null>; revision: number }>();

  watchEffect(() => {
    const revision = live.revision(); // reactive on ticks
    const ids = canvases.value;
    const frames: LivePaint[] = [];
    packer.restart();
    slots.value.forEach((slot, i) => {
      const id = ids[i];
      if (id === undefined || !slot.shown) return;
      const last = painted.get(id);
      if (last?.slot === slot && last.revision === revision) return;
      painted.set(id, { slot, revision });
      frames.push({ id, frame: { rowHeight, rows: packer.pack(slot.rows, source) } });
    });
    if (frames.length) painter.paint(frames);
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

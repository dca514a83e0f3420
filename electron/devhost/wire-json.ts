// The dev host's WebSocket carries the API as JSON text. JSON has no typed arrays (the stats
// ticks' columns, see preload/contract/stats.ts) and no NaN, so a typed array travels as
// `{ "$typed": "Float64Array", "values": [1.5, null, …] }` (NaN as null) and bridge.js rebuilds
// it: the page sees the values Electron's structured-clone IPC would give it.
import { nullIfNaN } from '../../preload/contract/stats';

export function toWireJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!ArrayBuffer.isView(v) || v instanceof DataView) return v;
    const values = Array.from(v as unknown as ArrayLike<number>, nullIfNaN);
    return { $typed: v.constructor.name, values };
  });
}

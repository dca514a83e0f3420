import { describe, expect, it } from 'vitest';
import { emptyVmColumns } from '../../preload/contract/stats';
import { toWireJson } from './wire-json';

describe('toWireJson', () => {
  it('tags typed arrays with their kind and carries NaN as null', () => {
    const vms = emptyVmColumns(2);
    vms.cpu[0] = 12.5;
    vms.state[1] = 3;
    const decoded = JSON.parse(toWireJson({ event: { type: 'stats-tick', vms } })) as { event: { vms: Record<string, unknown> } };
    expect(decoded.event.vms.cpu).toEqual({ $typed: 'Float64Array', values: [12.5, null] });
    expect(decoded.event.vms.state).toEqual({ $typed: 'Uint8Array', values: [0, 3] });
  });

  it('leaves everything else as JSON.stringify writes it', () => {
    const value = { id: 7, result: { ok: true, value: [1, null, 'x', { nested: [2] }] } };
    expect(toWireJson(value)).toBe(JSON.stringify(value));
  });
});

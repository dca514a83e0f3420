import { describe, expect, it } from 'vitest';
import { LIVE_COLUMNS, LIVE_GRID_COLUMN, LIVE_WIDTH, VM_GRID_TEMPLATE } from './vm-columns';

describe('VM table columns', () => {
  it('gives the grid template and places the live block from CPU to network', () => {
    expect(VM_GRID_TEMPLATE).toBe('36px 26px minmax(150px, 3fr) 108px 128px 56px 92px 88px 88px minmax(90px, 1.2fr)');
    // Grid lines are 1-based: CPU is the 5th column, network the 9th.
    expect(LIVE_GRID_COLUMN).toBe('5 / 10');
    expect(LIVE_COLUMNS.cpu).toEqual({ x: 0, width: 128 });
    expect(LIVE_COLUMNS.memory).toEqual({ x: 128 + 56, width: 92 });
    expect(LIVE_COLUMNS.net.x + LIVE_COLUMNS.net.width).toBe(LIVE_WIDTH);
    expect(LIVE_WIDTH).toBe(128 + 56 + 92 + 88 + 88);
  });
});

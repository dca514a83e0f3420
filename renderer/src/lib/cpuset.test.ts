import { describe, expect, it } from 'vitest';
import { formatCpuset, gridFromPins, parseCpuset, pinChanges, sameCpuset, toggleCells } from './cpuset';

describe('cpuset', () => {
  it('parses ranges, lists and exclusions', () => {
    expect([...parseCpuset('0-3,^2,8')]).toEqual([0, 1, 3, 8]);
    expect([...parseCpuset(' 5 ')]).toEqual([5]);
    expect(parseCpuset('').size).toBe(0);
    expect(() => parseCpuset('3-1')).toThrow(/backwards/);
    expect(() => parseCpuset('a')).toThrow();
  });
  it('formats compactly', () => {
    expect(formatCpuset([3, 0, 1, 2, 5, 7, 8, 9])).toBe('0-3,5,7-9');
    expect(formatCpuset([4, 6])).toBe('4,6');
    expect(formatCpuset([1, 2])).toBe('1,2');
    expect(formatCpuset([])).toBe('');
  });
  it('round trips and compares by meaning', () => {
    expect(formatCpuset(parseCpuset('0-3,^2'))).toBe('0,1,3');
    expect(sameCpuset('0-2', '0,1,2')).toBe(true);
    expect(sameCpuset('0-2', null)).toBe(false);
  });
});

describe('pinning grid', () => {
  const cols = [0, 2, 4, 6, 1, 3, 5, 7]; // grouped by NUMA node
  it('toggles one cell', () => {
    const g = toggleCells(new Map(), 1, 4, cols);
    expect(formatCpuset(g.get(1)!)).toBe('4');
    expect(toggleCells(g, 1, 4, cols).has(1)).toBe(false);
  });
  it('shift selects the rectangle in display order', () => {
    const g = toggleCells(new Map(), 0, 2, cols, { vcpu: 1, cpu: 6, on: true });
    expect(formatCpuset(g.get(0)!)).toBe('2,4,6');
    expect(formatCpuset(g.get(1)!)).toBe('2,4,6');
    const h = toggleCells(g, 1, 4, cols, { vcpu: 1, cpu: 6, on: false });
    expect(formatCpuset(h.get(1)!)).toBe('2');
  });
  it('yields pin changes per vCPU (null unpins)', () => {
    const before = gridFromPins([{ vcpu: 0, cpuset: '0-1' }, { vcpu: 3, cpuset: '4,6' }]);
    const after = toggleCells(toggleCells(before, 3, 4, cols), 3, 6, cols);
    const added = toggleCells(after, 1, 7, cols);
    expect(pinChanges(before, added, 4)).toEqual([
      { vcpu: 1, cpuset: '7' },
      { vcpu: 3, cpuset: null },
    ]);
  });
});

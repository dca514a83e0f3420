import { describe, expect, it } from 'vitest';
import { hasChanges, lineDiff, withContext } from './line-diff';

describe('lineDiff', () => {
  it('finds a changed line between equal context', () => {
    const d = lineDiff('a\nb\nc', 'a\nB\nc');
    expect(d.map((l) => `${l.kind}:${l.text}`)).toEqual(['same:a', 'del:b', 'add:B', 'same:c']);
    expect(hasChanges(d)).toBe(true);
  });
  it('handles inserts and deletes with line numbers', () => {
    const d = lineDiff('1\n2\n3\n4', '1\n3\n4\n5');
    expect(d.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'del', text: '2', oldNo: 2 },
      { kind: 'add', text: '5', newNo: 4 },
    ]);
  });
  it('reports no change for equal texts', () => {
    expect(hasChanges(lineDiff('x\ny', 'x\ny'))).toBe(false);
  });
  it('collapses far unchanged lines', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'L10');
    const shown = withContext(lineDiff(before, after), 2);
    expect(shown[0]).toBeNull();
    expect(shown.filter(Boolean)).toHaveLength(6);
    expect(shown.at(-1)).toBeNull();
  });
});

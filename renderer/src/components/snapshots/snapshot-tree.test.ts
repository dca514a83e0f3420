import { describe, expect, it } from 'vitest';
import type { SnapshotNode } from '../../../../preload/contract/snapshots';
import { deleteLossSentence, descendants, findSnapshot, flattenTree, revertLossSentence, suggestSnapshotName } from './snapshot-tree';

const node = (name: string, children: SnapshotNode[] = [], extra: Partial<SnapshotNode> = {}): SnapshotNode => ({
  name,
  description: '',
  createdAt: Date.UTC(2024, 0, 1),
  state: 'shutoff',
  kind: 'internal',
  withMemory: false,
  current: false,
  parent: null,
  disks: [],
  children,
  ...extra,
});

describe('snapshot tree rows', () => {
  //  a
  //  ├ b
  //  │ └ d
  //  └ c
  //    └ e
  const tree = [node('a', [node('b', [node('d')]), node('c', [node('e')])])];

  it('flattens depth-first with connector guides', () => {
    const rows = flattenTree(tree).map((r) => [r.node.name, r.depth, r.guides, r.last]);
    expect(rows).toEqual([
      ['a', 0, [], true],
      ['b', 1, [], false],
      ['d', 2, [true], true],
      ['c', 1, [], true],
      ['e', 2, [false], true],
    ]);
  });

  it('finds nodes and descendants', () => {
    expect(findSnapshot(tree, 'e')?.name).toBe('e');
    expect(findSnapshot(tree, 'x')).toBeNull();
    expect(descendants(tree[0]!).map((n) => n.name)).toEqual(['b', 'd', 'c', 'e']);
  });

  it('suggests the first free name', () => {
    expect(suggestSnapshotName([])).toBe('snapshot1');
    expect(suggestSnapshotName(['snapshot1', 'snapshot3'])).toBe('snapshot2');
  });

  it('names what is lost', () => {
    const [a] = tree;
    const c = findSnapshot(tree, 'c')!;
    expect(revertLossSentence('vm1', a!, c, false)).toMatch(/^Reverting discards all changes since “c” was taken/);
    expect(revertLossSentence('vm1', a!, null, true)).toContain('since “a”');
    expect(revertLossSentence('vm1', a!, null, true)).toContain('memory');
    expect(deleteLossSentence('vm1', a!, true)).toContain('4 descendant snapshots (“b”, “d”, “c”, “e”)');
    expect(deleteLossSentence('vm1', a!, false)).toContain('Its children “b”, “c” are kept.');
  });
});

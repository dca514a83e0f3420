// Pure helpers for the snapshots page: the tree flattened into rows with what each row needs to
// draw its connectors, lookups, and the wording of what an action loses.
import type { SnapshotNode } from '../../../../preload/contract/snapshots';

export interface SnapshotRow {
  node: SnapshotNode;
  /** 0 for roots. */
  depth: number;
  /**
   * One entry per ancestor level 1..depth-1: true when that ancestor has a later sibling, so a
   * vertical guide line runs through this row at that level.
   */
  guides: boolean[];
  /** Last child of its parent (draws └ instead of ├). */
  last: boolean;
}

/** Depth-first rows in display order (children right under their parent). */
export function flattenTree(roots: readonly SnapshotNode[]): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  const walk = (nodes: readonly SnapshotNode[], depth: number, guides: boolean[]) => {
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      rows.push({ node, depth, guides, last });
      // Roots draw no connectors, so the guides start with the first level of children.
      walk(node.children, depth + 1, depth === 0 ? [] : [...guides, !last]);
    });
  };
  walk(roots, 0, []);
  return rows;
}

export function findSnapshot(roots: readonly SnapshotNode[], name: string): SnapshotNode | null {
  for (const n of roots) {
    if (n.name === name) return n;
    const hit = findSnapshot(n.children, name);
    if (hit) return hit;
  }
  return null;
}

export function descendants(node: SnapshotNode): SnapshotNode[] {
  return node.children.flatMap((c) => [c, ...descendants(c)]);
}

export function allNames(roots: readonly SnapshotNode[]): string[] {
  return flattenTree(roots).map((r) => r.node.name);
}

/** "snapshot1", "snapshot2", … the first one not taken. */
export function suggestSnapshotName(taken: readonly string[]): string {
  const set = new Set(taken);
  for (let i = 1; ; i++) if (!set.has(`snapshot${i}`)) return `snapshot${i}`;
}

export function kindLabel(s: Pick<SnapshotNode, 'kind' | 'withMemory'>): string {
  if (s.kind === 'external') return s.withMemory ? 'External, with memory' : 'External, disk only';
  return s.withMemory ? 'Internal, with memory' : 'Internal, disks only';
}

const STATE_LABELS: Record<string, string> = {
  running: 'Running',
  paused: 'Paused',
  shutoff: 'Shut off',
  'disk-snapshot': 'Running (disk only)',
  blocked: 'Running',
  pmsuspended: 'Suspended',
  crashed: 'Crashed',
  shutdown: 'Shutting down',
  nostate: 'Unknown',
};
/** The VM's state when the snapshot was taken, for people. */
export const snapshotStateLabel = (state: string) => STATE_LABELS[state] ?? state;

export function formatWhen(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * What reverting to `target` throws away: everything since the current snapshot (the newest saved
 * state the VM's disks descend from), or since `target` itself when there is no current one.
 */
export function revertLossSentence(vmName: string, target: SnapshotNode, current: SnapshotNode | null, vmRunning: boolean): string {
  const since = current ?? target;
  const memory = vmRunning ? ' and the running guest’s memory (it is stopped, unsaved work in it is lost)' : '';
  return (
    `Reverting discards all changes since “${since.name}” was taken (${formatWhen(since.createdAt)}): everything written to ` +
    `${vmName}’s disks since then${memory} is lost unless another snapshot holds it.`
  );
}

/** What the VM looks like right after reverting to `s`. */
export function revertOutcome(s: SnapshotNode): string {
  if (s.withMemory) return `The VM resumes ${s.state === 'paused' ? 'paused' : 'running'} exactly where it was when “${s.name}” was taken.`;
  if (s.state === 'shutoff') return `The VM will be shut off, with its disks as they were when “${s.name}” was taken.`;
  return `The VM’s disks go back to how they were when “${s.name}” was taken; no memory was saved, so the VM is not resumed where it was.`;
}

export function deleteLossSentence(vmName: string, s: SnapshotNode, withChildren: boolean): string {
  const gone = withChildren ? descendants(s) : [];
  const what = s.withMemory ? 'saved disk state and memory' : 'saved disk state';
  const kids =
    gone.length > 0
      ? ` and its ${gone.length === 1 ? 'child snapshot' : `${gone.length} descendant snapshots`} (${gone.map((c) => `“${c.name}”`).join(', ')})`
      : '';
  const keptKids = !withChildren && s.children.length > 0 ? ` Its ${s.children.length === 1 ? 'child' : 'children'} ${s.children.map((c) => `“${c.name}”`).join(', ')} ${s.children.length === 1 ? 'is' : 'are'} kept.` : '';
  return (
    `You can no longer revert ${vmName} to “${s.name}” (taken ${formatWhen(s.createdAt)})${kids}: the ${what} ${gone.length ? 'they hold is' : 'it holds is'} discarded. ` +
    `The VM’s current state is not changed.${keptKids}`
  );
}

// The rules that keep snapshot operations from destroying data another snapshot, the VM itself or
// another VM still needs. Pure: it judges a model of the VM's disks, snapshots and backing chains.
//
// What can go wrong (each observed with libvirt 9.0 / QEMU 7.2 on Debian 12):
// - Deleting an external snapshot E block-commits its overlay O into O's backing image B and removes
//   O. B is written: any other overlay or VM based on B is corrupted; an internal snapshot stored in
//   O is lost while libvirt keeps its record (it did exactly that in our test).
// - Reverting to an internal snapshot I runs `qemu-img snapshot -a` / loadvm on the file holding I.
//   When that file is by now the backing image of an external overlay, the overlay (and the
//   external snapshot built on it) is silently corrupted.
// - Deleting an internal snapshot stored in a file that is now a backing image cannot be done by
//   libvirt (it only touches the active layer) and leaves the records and the files disagreeing.
// - External revert needs libvirt ≥ 9.7, external delete ≥ 9.0; older hosts fail half-way or not at all.
import type { SnapshotCheck } from '../../../preload/contract/snapshots';
import type { BackingMap, DomainDisk } from './host-disks';
import { formatVersion } from './host-disks';
import { snapshotWorthy, type ParsedSnapshot } from './snapshot-xml';

export const EXTERNAL_DELETE_SINCE = 9_000_000;
export const EXTERNAL_REVERT_SINCE = 9_007_000;

export interface SnapshotSupportCaps {
  version: number;
  externalDelete: boolean;
  externalRevert: boolean;
}

export function supportFor(version: number): SnapshotSupportCaps {
  return { version, externalDelete: version >= EXTERNAL_DELETE_SINCE, externalRevert: version >= EXTERNAL_REVERT_SINCE };
}

export interface ChainModel {
  snapshots: ParsedSnapshot[];
  /** The VM's disks now (persistent definition, plus the live one when running). */
  disks: DomainDisk[];
  backing: BackingMap;
  /** Other VMs on the host that need `file`. */
  usersOf(file: string): string[];
  support: SnapshotSupportCaps;
}

const verdict = (reasons: string[], notes: string[] = []): SnapshotCheck => ({ allowed: reasons.length === 0, reasons, notes });

/** Files holding an internal snapshot's data. */
export function internalHolders(s: ParsedSnapshot): string[] {
  if (s.kind !== 'internal') return [];
  return s.disks.filter((d) => d.snapshot === 'internal' && d.source).map((d) => d.source as string);
}

/** Overlays whose backing image is `file`, described for a message. */
function dependentsOf(m: ChainModel, file: string, except: Set<string> = new Set()): string[] {
  const out: string[] = [];
  for (const [overlay, base] of m.backing) {
    if (base !== file || except.has(overlay)) continue;
    const snap = m.snapshots.find((s) => s.disks.some((d) => d.overlay === overlay));
    const disk = m.disks.find((d) => d.source === overlay);
    out.push(snap ? `the overlay ${overlay} of external snapshot "${snap.name}"` : disk ? `the VM's disk ${disk.target} (${overlay})` : `${overlay}`);
  }
  return out;
}

function descendants(m: ChainModel, name: string): ParsedSnapshot[] {
  const out: ParsedSnapshot[] = [];
  const walk = (parent: string) => {
    for (const s of m.snapshots) {
      if (s.parent === parent) {
        out.push(s);
        walk(s.name);
      }
    }
  };
  walk(name);
  return out;
}

function currentTops(m: ChainModel): Set<string> {
  return new Set(m.disks.map((d) => d.source).filter((s): s is string => s !== null));
}

export function checkCreate(m: ChainModel, kind: 'internal' | 'external'): SnapshotCheck {
  const reasons: string[] = [];
  const worthy = m.disks.filter(snapshotWorthy);
  if (worthy.length === 0) reasons.push('the VM has no writable disk to snapshot');
  const externals = m.snapshots.filter((s) => s.kind === 'external');
  const tops = currentTops(m);
  if (kind === 'internal') {
    const notQcow2 = worthy.filter((d) => d.format !== 'qcow2');
    if (notQcow2.length) {
      reasons.push(`internal snapshots need qcow2 disks; ${notQcow2.map((d) => `${d.target} is ${d.format ?? 'of unknown format'}`).join(', ')} (use an external snapshot)`);
    }
    if (externals.length) {
      reasons.push(
        `the VM has external snapshots (${externals.map((s) => `"${s.name}"`).join(', ')}); an internal snapshot would be stored inside their overlay, ` +
          'and libvirt could then no longer delete or revert them without losing it (take an external snapshot instead)',
      );
    }
  } else {
    const notFile = worthy.filter((d) => d.type !== 'file' && d.type !== 'volume');
    if (notFile.length) reasons.push(`external snapshots are made for file disks only; ${notFile.map((d) => `${d.target} is a ${d.type} disk`).join(', ')}`);
    const stuck = m.snapshots.filter((s) => internalHolders(s).some((h) => tops.has(h)));
    if (stuck.length) {
      reasons.push(
        `internal snapshots (${stuck.map((s) => `"${s.name}"`).join(', ')}) are stored in the current disk files; an external snapshot would freeze them ` +
          'into a backing image where they could no longer be reverted to or deleted safely (delete them first, or take an internal snapshot)',
      );
    }
  }
  return verdict(reasons);
}

export function checkRevert(m: ChainModel, name: string): SnapshotCheck {
  const s = m.snapshots.find((x) => x.name === name);
  if (!s) return verdict([`there is no snapshot "${name}"`]);
  const reasons: string[] = [];
  if (s.kind === 'external') {
    if (!m.support.externalRevert) {
      reasons.push(`this host runs libvirt ${formatVersion(m.support.version)}, which cannot revert to external snapshots (added in libvirt 9.7); nothing was changed`);
    }
    return verdict(reasons);
  }
  for (const h of internalHolders(s)) {
    const deps = dependentsOf(m, h);
    if (deps.length) {
      reasons.push(`reverting to "${name}" would write its state back into ${h}, but ${deps.join(' and ')} is based on that file and would be corrupted`);
    }
    const users = m.usersOf(h);
    if (users.length) reasons.push(`${h} is also used by ${users.map((u) => `"${u}"`).join(', ')}`);
  }
  return verdict(reasons);
}

export function checkDelete(m: ChainModel, name: string, opts: { children?: boolean; metadataOnly?: boolean } = {}): SnapshotCheck {
  const s = m.snapshots.find((x) => x.name === name);
  if (!s) return verdict([`there is no snapshot "${name}"`]);
  const set = opts.children ? [s, ...descendants(m, name)] : [s];
  if (opts.metadataOnly) {
    const files = set.flatMap((x) => x.disks.map((d) => d.overlay).filter(Boolean));
    return verdict([], [files.length ? `libvirt forgets the snapshot records only; ${files.join(', ')} stay in the disk chain` : 'libvirt forgets the snapshot records only']);
  }
  const reasons: string[] = [];
  const notes: string[] = [];
  const tops = currentTops(m);
  const internals = m.snapshots.filter((x) => x.kind === 'internal');
  for (const x of set) {
    if (x.kind === 'external') {
      if (!m.support.externalDelete) {
        reasons.push(
          `this host runs libvirt ${formatVersion(m.support.version)}, which cannot delete external snapshots (added in libvirt 9.0); ` +
            `deleting "${x.name}" would leave its overlay files in the chain of a snapshot that no longer exists`,
        );
        continue;
      }
      for (const d of x.disks) {
        if (d.snapshot !== 'external' || !d.overlay || !d.source) continue;
        const lost = internals.filter((i) => internalHolders(i).some((h) => h === d.overlay || h === d.source));
        if (lost.length) {
          reasons.push(
            `internal snapshots ${lost.map((i) => `"${i.name}"`).join(', ')} are stored in ${d.overlay === d.source ? d.overlay : `${d.overlay} or ${d.source}`}, ` +
              `which deleting external snapshot "${x.name}" merges away (a chain mixing internal and external snapshots: libvirt would lose them)`,
          );
        }
        const users = m.usersOf(d.source);
        if (users.length) {
          reasons.push(`deleting "${x.name}" merges ${d.overlay} into ${d.source}, which ${users.map((u) => `"${u}"`).join(', ')} also use${users.length === 1 ? 's' : ''}`);
        }
        const others = dependentsOf(m, d.source, new Set([d.overlay]));
        if (others.length) reasons.push(`deleting "${x.name}" writes into ${d.source}, which ${others.join(' and ')} is also based on`);
        notes.push(`${d.target}: ${d.overlay} is merged into ${d.source} and removed`);
      }
    } else {
      for (const h of internalHolders(x)) {
        if (tops.has(h)) continue;
        const deps = dependentsOf(m, h);
        if (deps.length) {
          reasons.push(
            `internal snapshot "${x.name}" is stored in ${h}, which is now the read-only backing image of ${deps.join(' and ')}; ` +
              'libvirt cannot delete it there without touching that chain',
          );
        }
      }
    }
  }
  return verdict(reasons, notes);
}

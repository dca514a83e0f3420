// Snapshots on real TCG guests on qemu:///system with qcow2 disks: internal (with memory, running)
// create/tree/revert/delete-with-children, external disk-only create, and the refusals that keep a
// chain intact, each checked with virsh and qemu-img.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type LibvirtClient } from '../../libvirt';
import { cleanupTestGuests, defineTinyGuest, IMAGE_DIR, makeImage, QEMU_URI, qemuVirsh } from '../testing/tiny-guest';
import { SnapshotOperations } from './snapshot-service';

const HOST = randomUUID();
const virsh = qemuVirsh;
const qemuImg = (...a: string[]) => execFileSync('qemu-img', a, { encoding: 'utf8' });

let client: LibvirtClient;
let ops: SnapshotOperations;

const define = (name: string, disks: { path: string; format: 'qcow2' | 'raw' }[]): string => defineTinyGuest({ name, disks, graphics: 'none' });

beforeAll(async () => {
  cleanupTestGuests();
  client = await connect(QEMU_URI);
  ops = new SnapshotOperations(() => client, () => undefined);
});
afterEach(() => cleanupTestGuests());
afterAll(async () => {
  cleanupTestGuests();
  await client.close();
});

describe('internal snapshots', () => {
  it('creates with memory while running, lists a tree, reverts and deletes with children', async () => {
    const img = makeImage('vdtest-snap-int');
    const uuid = define('vdtest-snap-int', [{ path: img, format: 'qcow2' }]);
    virsh('start', 'vdtest-snap-int');

    const s1 = await ops.create(HOST, uuid, { name: 's1', description: 'first', kind: 'internal' });
    expect(s1).toMatchObject({ name: 's1', kind: 'internal', withMemory: true, state: 'running', current: true, parent: null, description: 'first' });
    await ops.create(HOST, uuid, { name: 's2', kind: 'internal' });
    await ops.revert(HOST, uuid, 's1');
    expect(virsh('domstate', 'vdtest-snap-int')).toBe('running');
    await ops.create(HOST, uuid, { name: 's3', kind: 'internal' });

    const tree = await ops.list(HOST, uuid);
    expect(tree.current).toBe('s3');
    expect(tree.roots.map((r) => r.name)).toEqual(['s1']);
    expect(tree.roots[0]!.children.map((c) => [c.name, c.current])).toEqual([
      ['s2', false],
      ['s3', true],
    ]);
    expect(tree.roots[0]!.createdAt).toBeGreaterThan(Date.now() - 10 * 60_000);
    const virshTree = virsh('snapshot-list', 'vdtest-snap-int', '--tree');
    expect(virshTree).toMatch(/s1\n\s+\|\n\s+\+- s2\n\s+\+- s3/);
    expect(qemuImg('snapshot', '-U', '-l', img)).toMatch(/s1[\s\S]*s2[\s\S]*s3/);

    await expect(ops.check(HOST, uuid, 's1', { op: 'delete', children: true })).resolves.toMatchObject({ allowed: true });
    await ops.delete(HOST, uuid, 's1', { children: true });
    expect(virsh('snapshot-list', 'vdtest-snap-int', '--name')).toBe('');
    expect(qemuImg('snapshot', '-U', '-l', img)).not.toMatch(/s1|s2|s3/);
  });

  it('refuses an internal snapshot of a raw disk, with the reason', async () => {
    const img = makeImage('vdtest-snap-raw', '16M', 'raw');
    const uuid = define('vdtest-snap-raw', [{ path: img, format: 'raw' }]);
    await expect(ops.create(HOST, uuid, { name: 'x', kind: 'internal' })).rejects.toMatchObject({
      code: 'SNAPSHOT_UNSAFE',
      message: expect.stringContaining('vda is raw'),
    });
    expect(virsh('snapshot-list', 'vdtest-snap-raw', '--name')).toBe('');
  });
});

describe('external disk-only snapshots', () => {
  it('creates the overlay next to the disk; refuses mixing and reverting on this libvirt; deletes safely', async () => {
    const img = makeImage('vdtest-snap-ext');
    const uuid = define('vdtest-snap-ext', [{ path: img, format: 'qcow2' }]);
    const e1 = await ops.create(HOST, uuid, { name: 'e1', kind: 'external' });
    const overlay = `${IMAGE_DIR}/vdtest-snap-ext.e1.qcow2`;
    expect(e1).toMatchObject({ kind: 'external', state: 'shutoff', disks: [{ target: 'vda', snapshot: 'external', overlay, source: img }] });
    expect(existsSync(overlay)).toBe(true);
    expect(qemuImg('info', '--backing-chain', overlay)).toContain(`backing file: ${img}`);

    // An internal snapshot on top would be lost when e1 is deleted: refused.
    await expect(ops.create(HOST, uuid, { name: 'i1', kind: 'internal' })).rejects.toMatchObject({
      code: 'SNAPSHOT_UNSAFE',
      message: expect.stringContaining('external snapshots ("e1")'),
    });
    const { support } = await ops.list(HOST, uuid);
    if (!support.externalRevert) {
      await expect(ops.revert(HOST, uuid, 'e1')).rejects.toMatchObject({ code: 'SNAPSHOT_UNSAFE', message: expect.stringContaining('cannot revert to external') });
    }

    // Safe delete: libvirt merges the overlay into the base and the VM points at the base again.
    const check = await ops.check(HOST, uuid, 'e1', { op: 'delete' });
    expect(check).toMatchObject({ allowed: support.externalDelete });
    if (support.externalDelete) {
      expect(check.notes.join()).toContain(`${overlay} is merged into ${img}`);
      await ops.delete(HOST, uuid, 'e1');
      expect(virsh('snapshot-list', 'vdtest-snap-ext', '--name')).toBe('');
      expect(virsh('domblklist', 'vdtest-snap-ext')).toContain(img);
      expect(existsSync(overlay)).toBe(false);
    }
  });

  it('refuses to delete an external snapshot of a mixed chain (made by another tool) and leaves every file as it was', async () => {
    const img = makeImage('vdtest-snap-mix');
    const uuid = define('vdtest-snap-mix', [{ path: img, format: 'qcow2' }]);
    await ops.create(HOST, uuid, { name: 'e1', kind: 'external' });
    const overlay = `${IMAGE_DIR}/vdtest-snap-mix.e1.qcow2`;
    // virsh lets a user put an internal snapshot into the overlay.
    virsh('snapshot-create-as', 'vdtest-snap-mix', 'i1');
    expect(qemuImg('snapshot', '-l', overlay)).toContain('i1');

    await expect(ops.delete(HOST, uuid, 'e1')).rejects.toMatchObject({
      code: 'SNAPSHOT_UNSAFE',
      message: expect.stringContaining('internal snapshots "i1" are stored in'),
    });
    await expect(ops.delete(HOST, uuid, 'e1', { children: true })).rejects.toMatchObject({ code: 'SNAPSHOT_UNSAFE' });
    expect(virsh('snapshot-list', 'vdtest-snap-mix', '--name').split('\n').sort()).toEqual(['e1', 'i1']);
    expect(existsSync(overlay)).toBe(true);
    expect(qemuImg('snapshot', '-l', overlay)).toContain('i1');
    expect(qemuImg('info', '--backing-chain', overlay)).toContain(`backing file: ${img}`);
  });

  it('refuses a delete that would merge into a base image another VM uses', async () => {
    const img = makeImage('vdtest-snap-shared');
    const uuid = define('vdtest-snap-shared', [{ path: img, format: 'qcow2' }]);
    await ops.create(HOST, uuid, { name: 'e1', kind: 'external' });
    // A second VM built on the same base image (an overlay of its own).
    const other = `${IMAGE_DIR}/vdtest-snap-other.qcow2`;
    qemuImg('create', '-q', '-f', 'qcow2', '-b', img, '-F', 'qcow2', other);
    define('vdtest-snap-other', [{ path: other, format: 'qcow2' }]);
    // Inactive domains show no chain in their XML: the base is only known from a pool's volume XML.
    const pool = `vdtest-pool-${randomUUID().slice(0, 6)}`;
    virsh('pool-create-as', pool, 'dir', '--target', IMAGE_DIR);
    try {
      const check = await ops.check(HOST, uuid, 'e1', { op: 'delete' });
      expect(check.allowed).toBe(false);
      expect(check.reasons.join()).toContain('"vdtest-snap-other" also uses');
      await expect(ops.delete(HOST, uuid, 'e1')).rejects.toMatchObject({ code: 'SNAPSHOT_UNSAFE' });
      expect(existsSync(`${IMAGE_DIR}/vdtest-snap-shared.e1.qcow2`)).toBe(true);
    } finally {
      virsh('pool-destroy', pool);
    }
  });
});

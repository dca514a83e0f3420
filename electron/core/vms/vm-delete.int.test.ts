// Deleting VMs on qemu:///system: the plan names every file and who else uses it; a disk shared
// with another VM is never deleted; a picked unshared disk (and external snapshot files) is removed
// through its pool; files in no pool are refused; a running VM needs forceOff.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type LibvirtClient } from '../../libvirt';
import { cleanupTestGuests, defineTinyGuest, IMAGE_DIR, makeImage, QEMU_URI, qemuVirsh, startScratchPool, stopScratchPool } from '../testing/tiny-guest';
import { VmDelete } from './vm-delete';

const HOST = randomUUID();
const virsh = qemuVirsh;
const domains = () => virsh('list', '--all', '--name').split('\n').filter(Boolean);

let client: LibvirtClient;
let del: VmDelete;
let pool: string;

const define = (name: string, disks: { path: string; format: 'qcow2' | 'raw' }[]): string => defineTinyGuest({ name, disks, graphics: 'none' });

beforeAll(async () => {
  cleanupTestGuests();
  client = await connect(QEMU_URI);
  del = new VmDelete(() => client, () => undefined);
});
beforeEach(() => {
  pool = startScratchPool();
});
afterEach(() => {
  stopScratchPool(pool);
  cleanupTestGuests();
});
afterAll(async () => {
  cleanupTestGuests();
  await client.close();
});

describe('VM delete', () => {
  it('never deletes a disk another VM uses, even when picked', async () => {
    const img = makeImage('vdtest-del-shared');
    const uuid = define('vdtest-del-a', [{ path: img, format: 'qcow2' }]);
    define('vdtest-del-b', [{ path: img, format: 'qcow2' }]);
    const plan = await del.deletePlan(HOST, uuid);
    expect(plan.files).toEqual([expect.objectContaining({ path: img, roles: ['disk'], pool, volume: 'vdtest-del-shared.qcow2', usedBy: ['vdtest-del-b'], deletable: false, suggested: false })]);
    await expect(del.delete(HOST, uuid, { removeDisks: [img] })).rejects.toMatchObject({
      code: 'DISK_IN_USE',
      message: expect.stringContaining('"vdtest-del-b"'),
    });
    expect(domains()).toContain('vdtest-del-a');
    expect(existsSync(img)).toBe(true);
  });

  it('removes a picked unshared disk and the external snapshot files through the pool', async () => {
    const img = makeImage('vdtest-del-own');
    const keep = makeImage('vdtest-del-keep');
    const uuid = define('vdtest-del-c', [
      { path: img, format: 'qcow2' },
      { path: keep, format: 'qcow2' },
    ]);
    virsh('snapshot-create-as', 'vdtest-del-c', 'e1', '--disk-only', '--atomic', '--diskspec', 'vdb,snapshot=no');
    const overlay = `${IMAGE_DIR}/vdtest-del-own.e1`;
    const plan = await del.deletePlan(HOST, uuid);
    expect(plan.snapshotCount).toBe(1);
    const byPath = Object.fromEntries(plan.files.map((f) => [f.path, f]));
    expect(byPath[overlay]).toMatchObject({ roles: expect.arrayContaining(['disk', 'snapshot-overlay']), deletable: true, suggested: true, target: 'vda' });
    expect(byPath[img]).toMatchObject({ roles: expect.arrayContaining(['snapshot-base']), deletable: true, suggested: true });
    expect(byPath[keep]).toMatchObject({ deletable: true });

    const res = await del.delete(HOST, uuid, { removeDisks: [overlay, img] });
    expect(res).toEqual({ removed: [overlay, img], failed: [] });
    expect(domains()).not.toContain('vdtest-del-c');
    const vols = virsh('vol-list', pool);
    expect(vols).not.toContain('vdtest-del-own');
    expect(vols).toContain('vdtest-del-keep.qcow2');
    expect(existsSync(img) || existsSync(overlay)).toBe(false);
    expect(existsSync(keep)).toBe(true);
  });

  it('refuses files in no pool and running VMs unless forced off', async () => {
    const outside = mkdtempSync('/var/lib/libvirt/images/vdtest-nopool-');
    chmodSync(outside, 0o755); // QEMU (another user) must reach the image
    try {
      const loose = path.join(outside, 'loose.qcow2');
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', loose, '16M']);
      const uuid = define('vdtest-del-d', [{ path: loose, format: 'qcow2' }]);
      const plan = await del.deletePlan(HOST, uuid);
      expect(plan.files[0]).toMatchObject({ path: loose, pool: null, deletable: false, reason: expect.stringContaining('not in any storage pool') });
      await expect(del.delete(HOST, uuid, { removeDisks: [loose] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(domains()).toContain('vdtest-del-d');

      virsh('start', 'vdtest-del-d');
      await expect(del.delete(HOST, uuid, { removeDisks: [] })).rejects.toMatchObject({ code: 'VM_RUNNING' });
      expect(virsh('domstate', 'vdtest-del-d')).toBe('running');
      await expect(del.delete(HOST, uuid, { removeDisks: [], forceOff: true })).resolves.toEqual({ removed: [], failed: [] });
      expect(domains()).not.toContain('vdtest-del-d');
      expect(existsSync(loose)).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

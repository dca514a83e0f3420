// Cloning on qemu:///system: a shut-off guest with a qcow2 disk (marker written with qemu-io), a NIC
// and a CD-ROM is cloned through a job; the clone boots with its own UUID, MAC and disk copy while
// the CD-ROM stays shared. Cancelling mid-copy leaves no volume and no domain.
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../preload/contract/jobs';
import { connect, type LibvirtClient } from '../../libvirt';
import { JobRegistry } from '../jobs/job-registry';
import { cleanupTestGuests, IMAGE_DIR, makeImage, QEMU_URI, qemuVirsh, startScratchPool, stopScratchPool, tinyGuestXml } from '../testing/tiny-guest';
import { VmClone } from './vm-clone';

const HOST = randomUUID();
const virsh = qemuVirsh;
const domains = () => virsh('list', '--all', '--name').split('\n').filter(Boolean);
const qemuIo = (file: string, cmd: string) => execFileSync('qemu-io', ['-f', 'qcow2', '-c', cmd, file], { encoding: 'utf8' });

let client: LibvirtClient;
let events: JobEvent[];
let jobs: JobRegistry;
let cloner: VmClone;
let pool: string;

beforeAll(async () => {
  cleanupTestGuests();
  client = await connect(QEMU_URI);
});
beforeEach(() => {
  events = [];
  jobs = new JobRegistry((e) => events.push(e));
  cloner = new VmClone(() => client, jobs, { pollMs: 50, log: () => undefined });
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

function define(name: string, disks: { path: string; format: 'qcow2' | 'raw' }[], extraDevices = ''): string {
  const file = `/tmp/${name}.xml`;
  writeFileSync(file, tinyGuestXml({ name, disks, graphics: 'none', extraDevices }));
  virsh('define', file);
  return virsh('domuuid', name);
}

describe('VM clone', () => {
  it('copies writable disks, shares the CD-ROM, gives a new UUID and MAC, and the clone boots', async () => {
    const img = makeImage('vdtest-cl-src');
    qemuIo(img, 'write -P 0x5a 1M 256k');
    const iso = `${IMAGE_DIR}/vdtest-cl.iso`;
    writeFileSync(iso, Buffer.alloc(2048 * 16));
    const nic = "<interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>";
    const cd = `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${iso}'/><target dev='hdc' bus='ide'/><readonly/></disk>`;
    const uuid = define('vdtest-cl-src', [{ path: img, format: 'qcow2' }], nic + cd);

    // Running sources are refused with the reason.
    virsh('start', 'vdtest-cl-src');
    await expect(cloner.clone(HOST, uuid, { name: 'vdtest-cl-new' })).rejects.toMatchObject({ code: 'VM_RUNNING' });
    virsh('destroy', 'vdtest-cl-src');
    await expect(cloner.clone(HOST, uuid, { name: 'vdtest-cl-src' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });

    expect(await cloner.plan(HOST, uuid, { name: 'vdtest-cl-new' })).toEqual([
      { target: 'vda', source: img, action: 'copy', pool, newVolume: 'vdtest-cl-src-clone.qcow2' },
      { target: 'hdc', source: iso, action: 'share', pool: null, newVolume: null },
    ]);
    const { job, result } = await cloner.start(HOST, uuid, { name: 'vdtest-cl-new' });
    expect(job.kind).toBe('clone');
    const made = await result;
    expect(made.name).toBe('vdtest-cl-new');
    expect(made.uuid).not.toBe(uuid);
    expect(events.at(-1)?.job).toMatchObject({ state: 'done' });

    const copy = `${IMAGE_DIR}/vdtest-cl-src-clone.qcow2`;
    const xml = virsh('dumpxml', 'vdtest-cl-new');
    expect(xml).toContain(`<source file='${copy}'`);
    expect(xml).toContain(`<source file='${iso}'`);
    expect(xml).not.toContain('52:54:00:12:34:56');
    expect(xml).toMatch(/<mac address='52:54:00:[0-9a-f:]{8}'\/>/);
    expect(virsh('domuuid', 'vdtest-cl-new')).toBe(made.uuid);
    expect(execFileSync('qemu-img', ['compare', img, copy], { encoding: 'utf8' })).toContain('identical');
    expect(qemuIo(copy, 'read -P 0x5a 1M 256k')).not.toContain('Pattern verification failed');
    expect(virsh('vol-list', pool)).toContain('vdtest-cl-src-clone.qcow2');

    virsh('start', 'vdtest-cl-new');
    expect(virsh('domstate', 'vdtest-cl-new')).toBe('running');
  });

  it('cancelled mid-copy: deletes what was copied and defines nothing', async () => {
    const big = makeImage('vdtest-cl-big', '3G');
    // Real data (not zeros, which qemu-img skips) so the copy takes measurable time. Written
    // asynchronously: a blocked event loop would miss libvirtd's keepalive pings and lose the connection.
    await promisify(execFile)('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x11 0 1536M', big]);
    const small = makeImage('vdtest-cl-small');
    const uuid = define('vdtest-cl-big', [
      { path: big, format: 'qcow2' },
      { path: small, format: 'qcow2' },
    ]);
    const { job, result } = await cloner.start(HOST, uuid, { name: 'vdtest-cl-cancel' });
    result.catch(() => undefined);
    // Cancel as soon as the first copy shows progress.
    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const tick = setInterval(() => {
        if (events.some((e) => e.job.id === job.id && e.job.done > 0)) {
          clearInterval(tick);
          resolve();
        } else if (Date.now() - t0 > 30_000) {
          clearInterval(tick);
          reject(new Error('no progress seen'));
        }
      }, 20);
    });
    await jobs.service.cancel(job.id);
    await expect(result).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await jobs.service.list()).find((j) => j.id === job.id)).toMatchObject({ state: 'cancelled' });
    expect(domains()).not.toContain('vdtest-cl-cancel');
    virsh('pool-refresh', pool);
    expect(virsh('vol-list', pool)).not.toContain('-clone');
    expect(existsSync(`${IMAGE_DIR}/vdtest-cl-big-clone.qcow2`)).toBe(false);
    expect(existsSync(`${IMAGE_DIR}/vdtest-cl-small-clone.qcow2`)).toBe(false);
  });
});

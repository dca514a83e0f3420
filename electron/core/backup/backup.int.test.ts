// Backup and restore on qemu:///system: a shut-off guest is saved through volume downloads (manifest
// checksums verified independently), restored as a new VM whose disk matches, restored over the
// original only when confirmed, and a tampered backup is refused before anything is created. A
// running guest on this (local) host is saved by libvirt's backup job.
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type LibvirtClient } from '../../libvirt';
import { JobRegistry } from '../jobs/job-registry';
import { IMAGE_DIR, QEMU_URI, cleanupTestGuests, makeImage, tinyGuestXml } from '../testing/tiny-guest';
import { VmBackup } from './backup';
import { VmRestore } from './restore';

const HOST = randomUUID();
const virsh = (...a: string[]) => execFileSync('virsh', ['-c', QEMU_URI, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const domains = () => virsh('list', '--all', '--name').split('\n').filter(Boolean);
const sha256 = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

let client: LibvirtClient;
let jobs: JobRegistry;
let backup: VmBackup;
let restore: VmRestore;
let pool: string;
let out: string;

function define(name: string, disks: { path: string; format: 'qcow2' | 'raw' }[], extraDevices = ''): string {
  const file = `/tmp/${name}.xml`;
  writeFileSync(file, tinyGuestXml({ name, disks, graphics: 'none', extraDevices }));
  virsh('define', file);
  return virsh('domuuid', name);
}

beforeAll(async () => {
  cleanupTestGuests();
  client = await connect(QEMU_URI);
});
beforeEach(() => {
  jobs = new JobRegistry(() => undefined);
  backup = new VmBackup(() => client, jobs, () => QEMU_URI, { pollMs: 100, log: () => undefined });
  restore = new VmRestore(() => client, jobs, () => undefined);
  mkdirSync(IMAGE_DIR, { recursive: true });
  pool = `vdtest-pool-${randomUUID().slice(0, 6)}`;
  virsh('pool-create-as', pool, 'dir', '--target', IMAGE_DIR);
  out = mkdtempSync(path.join(tmpdir(), 'vdtest-backup-'));
});
afterEach(() => {
  try {
    virsh('pool-destroy', pool);
  } catch {
    /* gone */
  }
  cleanupTestGuests();
  rmSync(out, { recursive: true, force: true });
});
afterAll(async () => {
  cleanupTestGuests();
  await client.close();
});

async function shutOffGuest(): Promise<{ uuid: string; img: string }> {
  const img = makeImage('vdtest-bk-src');
  await promisify(execFile)('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x42 2M 512k', img]);
  const iso = `${IMAGE_DIR}/vdtest-bk.iso`;
  writeFileSync(iso, Buffer.alloc(2048 * 16));
  const cd = `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='${iso}'/><target dev='hdc' bus='ide'/><readonly/></disk>`;
  const nic = "<interface type='user'><mac address='52:54:00:65:43:21'/><model type='virtio'/></interface>";
  return { uuid: define('vdtest-bk-src', [{ path: img, format: 'qcow2' }], cd + nic), img };
}

describe('backup and restore', () => {
  it('refuses folders that are not existing absolute directories', async () => {
    const { uuid } = await shutOffGuest();
    await expect(backup.backup(HOST, uuid, 'relative/dir')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(backup.backup(HOST, uuid, path.join(out, 'missing'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('does not exist') });
    writeFileSync(path.join(out, 'file'), 'x');
    await expect(backup.backup(HOST, uuid, path.join(out, 'file'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('not a folder') });
  });

  it('backs up a shut-off guest, restores it as a new VM, and refuses a tampered copy before creating anything', async () => {
    const { uuid, img } = await shutOffGuest();
    const started = await backup.start(HOST, uuid, out);
    expect(path.dirname(started.folder)).toBe(out);
    const manifest = await started.result;
    expect(manifest).toMatchObject({ method: 'download', vm: { name: 'vdtest-bk-src', uuid } });
    expect(manifest.skipped).toEqual([expect.objectContaining({ target: 'hdc', reason: expect.stringContaining('cdrom') })]);
    expect(manifest.files.map((f) => [f.file, f.kind])).toEqual([
      ['domain.xml', 'domain-xml'],
      ['vda.qcow2', 'disk'],
    ]);
    for (const f of manifest.files) expect(sha256(path.join(started.folder, f.file))).toBe(f.sha256);
    expect(JSON.parse(readFileSync(path.join(started.folder, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(readdirSync(started.folder).sort()).toEqual(['domain.xml', 'manifest.json', 'vda.qcow2']);
    expect(execFileSync('qemu-img', ['compare', img, path.join(started.folder, 'vda.qcow2')], { encoding: 'utf8' })).toContain('identical');

    // Restore as new.
    const r = await restore.start(HOST, started.folder, { mode: 'new', newName: 'vdtest-bk-new' });
    const made = await r.result;
    expect(made.uuid).not.toBe(uuid);
    expect(virsh('domuuid', 'vdtest-bk-new')).toBe(made.uuid);
    const restoredDisk = `${IMAGE_DIR}/vdtest-bk-new-vda.qcow2`;
    const xml = virsh('dumpxml', 'vdtest-bk-new');
    expect(xml).toContain(`<source file='${restoredDisk}'`);
    expect(xml).not.toContain('52:54:00:65:43:21');
    expect(execFileSync('qemu-img', ['compare', img, restoredDisk], { encoding: 'utf8' })).toContain('identical');

    // Tampered: one byte changed in the disk copy.
    const copyFile = path.join(started.folder, 'vda.qcow2');
    const at = Math.floor(statSync(copyFile).size / 2);
    const fd = openSync(copyFile, 'r+');
    writeSync(fd, Buffer.from([readFileSync(copyFile)[at]! ^ 0xff]), 0, 1, at);
    closeSync(fd);
    const bad = await restore.start(HOST, started.folder, { mode: 'new', newName: 'vdtest-bk-bad' });
    await expect(bad.result).rejects.toMatchObject({ code: 'BACKUP_CORRUPT', message: expect.stringContaining('vda.qcow2 does not match') });
    expect(domains()).not.toContain('vdtest-bk-bad');
    virsh('pool-refresh', pool);
    expect(virsh('vol-list', pool)).not.toContain('vdtest-bk-bad');
  });

  it('restores over the original only when confirmed, keeping the old disk file', async () => {
    const { uuid, img } = await shutOffGuest();
    const started = await backup.start(HOST, uuid, out);
    await started.result;
    await expect(restore.start(HOST, started.folder, { mode: 'overwrite' })).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' });
    const r = await restore.start(HOST, started.folder, { mode: 'overwrite', confirmOverwrite: true });
    const res = await r.result;
    expect(res).toMatchObject({ uuid, name: 'vdtest-bk-src', previousDisks: [img] });
    expect(virsh('domblklist', 'vdtest-bk-src')).toContain(`${IMAGE_DIR}/vdtest-bk-src-vda.qcow2`);
    expect(existsSync(img)).toBe(true);
  });

  it('backs up a running guest on this host with libvirt\'s backup job', async () => {
    const { uuid } = await shutOffGuest();
    virsh('start', 'vdtest-bk-src');
    // The backup job writes on the host as QEMU: a folder QEMU can reach.
    const hostDir = path.join(IMAGE_DIR, 'backups');
    mkdirSync(hostDir, { mode: 0o755 });
    const started = await backup.start(HOST, uuid, hostDir);
    const manifest = await started.result;
    expect(manifest.method).toBe('backup-job');
    const disk = manifest.files.find((f) => f.kind === 'disk');
    expect(disk).toMatchObject({ file: 'vda.qcow2', format: 'qcow2' });
    expect(sha256(path.join(started.folder, 'vda.qcow2'))).toBe(disk?.sha256);
    expect(execFileSync('qemu-img', ['info', '-U', path.join(started.folder, 'vda.qcow2')], { encoding: 'utf8' })).toContain('file format: qcow2');
  });
});

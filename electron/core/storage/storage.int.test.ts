// Storage service against the real daemon's test driver: pool and volume CRUD, errors, and that bad
// input changes nothing.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../preload/contract/jobs';
import { connect, LibvirtError, type LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { JobRegistry } from '../jobs/job-registry';
import { StorageServiceImpl } from './storage-service';

const URI = 'test+unix:///default';
const HOST = randomUUID();
const virsh = (...args: string[]) => execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const poolList = () => virsh('pool-list', '--all', '--name').split('\n').map((l) => l.trim()).filter(Boolean).sort();

let client: LibvirtClient;
let svc: StorageServiceImpl;
const jobEvents: JobEvent[] = [];
const made: string[] = [];
const name = () => {
  const n = `vdtest-${randomUUID().slice(0, 8)}`;
  made.push(n);
  return n;
};

beforeAll(async () => {
  client = await connect(URI);
  svc = new StorageServiceImpl((id) => {
    if (id !== HOST) throw new ApiError('NO_HOST', 'no such host');
    return client;
  }, { jobs: new JobRegistry((e) => jobEvents.push(e)) });
});
afterAll(async () => {
  await client.close();
});
afterEach(() => {
  for (const n of made.splice(0)) {
    try {
      virsh('pool-destroy', n);
    } catch {
      /* not running */
    }
    try {
      virsh('pool-undefine', n);
    } catch {
      /* not defined */
    }
  }
});

describe('storage pools (test driver)', () => {
  it('lists the default pool like virsh does', async () => {
    const pools = await svc.listPools(HOST);
    expect(pools.map((p) => p.name).sort()).toEqual(poolList());
    const def = pools.find((p) => p.name === 'default-pool')!;
    expect(def).toMatchObject({ hostId: HOST, type: 'dir', state: 'running', active: true, persistent: true });
    expect(def.uuid).toBe(virsh('pool-uuid', 'default-pool').trim());
    expect(def.capacity).toBeGreaterThan(0);
    expect(def.targetPath).toBe('/default-pool');
  });

  it('defines, builds, starts, autostarts, refreshes, stops and undefines a dir pool', async () => {
    const n = name();
    const res = await svc.definePool(HOST, { type: 'dir', name: n, targetPath: `/${n}` }, { build: true, start: true, autostart: true });
    expect(res.problems).toEqual([]);
    expect(res.pool).toMatchObject({ name: n, type: 'dir', active: true, persistent: true, autostart: true, targetPath: `/${n}` });
    expect(virsh('pool-info', n)).toMatch(/State:\s+running/);
    expect(await svc.poolXml(HOST, n)).toContain(`<path>/${n}</path>`);
    await svc.refreshPool(HOST, n);
    await svc.setPoolAutostart(HOST, n, false);
    expect((await svc.getPool(HOST, n)).autostart).toBe(false);
    await svc.stopPool(HOST, n);
    expect((await svc.getPool(HOST, n)).state).toBe('inactive');
    await svc.startPool(HOST, n);
    await svc.stopPool(HOST, n);
    await svc.undefinePool(HOST, n);
    expect(poolList()).not.toContain(n);
  });

  it('refuses bad input listing every problem, and changes nothing', async () => {
    const before = poolList();
    const err = await svc
      .definePool(HOST, { type: 'netfs', name: 'default-pool', host: 'bad host', sourceDir: 'rel', targetPath: '/x/../y' }, { overwrite: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('INVALID_ARGUMENT');
    const msg = (err as ApiError).message;
    for (const m of [/server "bad host"/, /exported directory "rel"/, /mount point "\/x\/..\/y"/, /overwrite only applies/, /"default-pool" already exists/]) {
      expect(msg).toMatch(m);
    }
    const err2 = await svc.definePool(HOST, { type: 'dir', name: name(), targetPath: '/default-pool' }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/pool "default-pool" already uses \/default-pool/);
    const err3 = await svc
      .definePool(HOST, { type: 'rbd', name: name(), hosts: [{ name: 'mon' }], sourceName: 'p', auth: { username: 'admin', secretUuid: 'my-password' } }, { build: true })
      .catch((e: unknown) => e);
    expect((err3 as Error).message).toMatch(/rbd pools cannot be built.*cephx secret "my-password" is not a UUID|cephx secret "my-password" is not a UUID.*rbd pools cannot be built/);
    expect(poolList()).toEqual(before);
  });

  it('reports libvirt errors with their code', async () => {
    await expect(svc.getPool(HOST, 'vdtest-no-such-pool')).rejects.toMatchObject({ codeName: 'VIR_ERR_NO_STORAGE_POOL' });
    await expect(svc.getPool(HOST, 'vdtest-no-such-pool')).rejects.toBeInstanceOf(LibvirtError);
  });

  it('refuses building pool types that cannot be built, and overwrite without build', async () => {
    const before = poolList();
    await expect(svc.buildPool(HOST, 'default-pool', { overwrite: true })).rejects.toThrow(/overwrite does not apply to dir pools/);
    expect(poolList()).toEqual(before);
  });
});

describe('storage volumes (test driver)', () => {
  it('creates, lists, clones and deletes volumes', async () => {
    const n = name();
    await svc.definePool(HOST, { type: 'dir', name: n, targetPath: `/${n}` }, { start: true });
    const vol = await svc.createVolume(HOST, n, { name: 'disk1.qcow2', format: 'qcow2', capacity: '1 GiB' });
    expect(vol).toMatchObject({ pool: n, name: 'disk1.qcow2', capacity: 2 ** 30, path: `/${n}/disk1.qcow2` });
    const listed = await svc.listVolumes(HOST, n);
    expect(listed.map((v) => v.name)).toEqual(['disk1.qcow2']);
    expect(virsh('vol-list', n)).toContain('disk1.qcow2');

    const err = await svc.createVolume(HOST, n, { name: 'disk1.qcow2', format: 'qcow2', capacity: '5 parsecs' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/unknown unit "parsecs".*already exists/);

    // (the test driver cannot resize; the qemu test does)
    await expect(svc.resizeVolume(HOST, n, 'disk1.qcow2', { capacity: '512M' })).rejects.toThrow(/smaller than its 1 GiB.*explicitly/);
    await expect(svc.resizeVolume(HOST, n, 'disk1.qcow2', { capacity: '2 lightyears' })).rejects.toThrow(/unknown unit "lightyears"/);

    jobEvents.length = 0;
    const clone = await svc.cloneVolume(HOST, n, 'disk1.qcow2', { name: 'disk2.qcow2' });
    expect(clone).toMatchObject({ name: 'disk2.qcow2', capacity: 2 ** 30 });
    const job = jobEvents[0]!.job;
    expect(job).toMatchObject({ hostId: HOST, kind: 'volume-clone', title: `Clone ${n}/disk1.qcow2 to ${n}/disk2.qcow2`, cancellable: false });
    const last = jobEvents.filter((e) => e.job.id === job.id).at(-1)!.job;
    expect(last).toMatchObject({ state: 'done', error: null });
    expect(last.done).toBe(last.total);

    await svc.deleteVolume(HOST, n, 'disk2.qcow2');
    await svc.deleteVolume(HOST, n, 'disk1.qcow2');
    expect(await svc.listVolumes(HOST, n)).toEqual([]);
    await expect(svc.getVolume(HOST, n, 'disk1.qcow2')).rejects.toMatchObject({ codeName: 'VIR_ERR_NO_STORAGE_VOL' });
  });
});

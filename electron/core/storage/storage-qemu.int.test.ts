// Storage service against the real QEMU driver: a dir pool in a temp folder, real qcow2/raw volumes
// made by libvirt (qemu-img), upload/download byte round trips, and failures that leave nothing behind.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobEvent, JobInfo, JobKind } from '../../../preload/contract/jobs';
import { connect, type LibvirtClient } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { JobRegistry } from '../jobs/job-registry';
import { StorageServiceImpl } from './storage-service';

const URI = 'qemu:///system';
const HOST = randomUUID();
const virsh = (...args: string[]) => execFileSync('virsh', ['-c', URI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const quiet = (...args: string[]) => {
  try {
    virsh(...args);
  } catch {
    /* already gone */
  }
};
const poolList = () => virsh('pool-list', '--all', '--name').split('\n').map((l) => l.trim()).filter(Boolean).sort();
/** `virsh vol-info --bytes` as a record. */
const volInfo = (pool: string, vol: string) =>
  Object.fromEntries(
    virsh('vol-info', '--pool', pool, vol, '--bytes')
      .split('\n')
      .map((l) => l.split(/:\s+/))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k!.trim(), v!.trim().replace(/ bytes$/, '')]),
  );

let client: LibvirtClient;
let svc: StorageServiceImpl;
let jobs: JobRegistry;
const jobEvents: JobEvent[] = [];
/** The first job-updated event of this kind (published as the job starts) names the job. */
const firstJob = (kind: JobKind): JobInfo => {
  const e = jobEvents.find((j) => j.job.kind === kind);
  if (!e) throw new Error(`no ${kind} job started`);
  return e.job;
};
/** The job as its last job-updated event left it. */
const lastState = (id: string): JobInfo => jobEvents.filter((e) => e.job.id === id).at(-1)!.job;
let dir: string;
let pool: string;
const extraPools: string[] = [];

beforeAll(async () => {
  client = await connect(URI);
  jobs = new JobRegistry((e) => jobEvents.push(e));
  svc = new StorageServiceImpl((id) => {
    if (id !== HOST) throw new ApiError('NO_HOST', 'no such host');
    return client;
  }, { jobs, clonePollMs: 50 });
});
afterAll(async () => {
  await client.close();
});
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vdtest-storage-'));
  pool = `vdtest-${randomUUID().slice(0, 8)}`;
  jobEvents.length = 0;
});
afterEach(() => {
  for (const p of [pool, ...extraPools.splice(0)]) {
    quiet('pool-destroy', p);
    quiet('pool-undefine', p);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('dir pool on qemu:///system', () => {
  it('builds a pool in a new folder, manages qcow2 volumes and round-trips bytes', async () => {
    const target = path.join(dir, 'images');
    const res = await svc.definePool(HOST, { type: 'dir', name: pool, targetPath: target }, { build: true, start: true });
    expect(res.problems).toEqual([]);
    expect(existsSync(target)).toBe(true);
    expect(res.pool).toMatchObject({ state: 'running', targetPath: target });
    expect(res.pool.available).toBeGreaterThan(0);

    // qcow2: create, resize (grow only unless allowed), clone with progress
    const q = await svc.createVolume(HOST, pool, { name: 'disk.qcow2', format: 'qcow2', capacity: '64M' });
    expect(q).toMatchObject({ format: 'qcow2', capacity: 64 * 2 ** 20, path: path.join(target, 'disk.qcow2'), type: 'file' });
    expect(execFileSync('qemu-img', ['info', '--output=json', q.path], { encoding: 'utf8' })).toContain('"format": "qcow2"');
    expect(volInfo(pool, 'disk.qcow2')).toMatchObject({ Capacity: String(64 * 2 ** 20) });

    await expect(svc.resizeVolume(HOST, pool, 'disk.qcow2', { capacity: '32M' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const grown = await svc.resizeVolume(HOST, pool, 'disk.qcow2', { capacity: '0.125 GiB' });
    expect(grown.capacity).toBe(128 * 2 ** 20);
    expect(volInfo(pool, 'disk.qcow2')).toMatchObject({ Capacity: String(128 * 2 ** 20) });

    const clone = await svc.cloneVolume(HOST, pool, 'disk.qcow2', { name: 'clone.qcow2' });
    expect(clone).toMatchObject({ format: 'qcow2', capacity: 128 * 2 ** 20 });
    expect(volInfo(pool, 'clone.qcow2')).toMatchObject({ Capacity: String(128 * 2 ** 20) });
    const cloneJob = firstJob('volume-clone');
    expect(cloneJob).toMatchObject({ hostId: HOST, title: `Clone ${pool}/disk.qcow2 to ${pool}/clone.qcow2`, cancellable: false, state: 'running', done: 0 });
    const cloned = lastState(cloneJob.id);
    expect(cloned).toMatchObject({ state: 'done', error: null });
    expect(cloned.total).not.toBeNull();
    expect(cloned.done).toBe(cloned.total);

    // raw: upload a file, download it, compare bytes
    await svc.createVolume(HOST, pool, { name: 'data.raw', format: 'raw', capacity: '3 MiB' });
    const content = randomBytes(3 * 2 ** 20);
    const src = path.join(dir, 'upload.bin');
    writeFileSync(src, content);
    const progress: [number, number][] = [];
    const up = await svc.uploadVolume(HOST, { pool, volume: 'data.raw', file: src }, { onProgress: (d, t) => progress.push([d, t]) });
    expect(up.bytes).toBe(content.length);
    expect(progress.at(-1)).toEqual([content.length, content.length]);
    const upJob = firstJob('upload');
    expect(upJob).toMatchObject({ hostId: HOST, title: `Upload upload.bin to ${pool}/data.raw`, cancellable: true });
    expect(lastState(upJob.id)).toMatchObject({ state: 'done', done: content.length, total: content.length });
    expect(readFileSync(path.join(target, 'data.raw')).equals(content)).toBe(true);

    const dst = path.join(dir, 'download.bin');
    const down = await svc.downloadVolume(HOST, { pool, volume: 'data.raw', file: dst });
    expect(down.bytes).toBe(content.length);
    expect(readFileSync(dst).equals(content)).toBe(true);
    const downJob = firstJob('download');
    expect(downJob).toMatchObject({ title: `Download ${pool}/data.raw to download.bin` });
    expect(lastState(downJob.id)).toMatchObject({ state: 'done', done: content.length, total: content.length });

    // the qcow2 image downloads as the same bytes qemu-img wrote
    const qdst = path.join(dir, 'disk-copy.qcow2');
    await svc.downloadVolume(HOST, { pool, volume: 'disk.qcow2', file: qdst });
    expect(readFileSync(qdst).equals(readFileSync(q.path))).toBe(true);

    // never overwrite unless asked; refuse relative/odd paths; refuse files that do not fit
    await expect(svc.downloadVolume(HOST, { pool, volume: 'data.raw', file: dst })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await svc.downloadVolume(HOST, { pool, volume: 'data.raw', file: dst, overwrite: true });
    await expect(svc.downloadVolume(HOST, { pool, volume: 'data.raw', file: 'rel/x.bin' })).rejects.toThrow(/not an absolute path/);
    await expect(svc.downloadVolume(HOST, { pool, volume: 'data.raw', file: `${dir}/a/../x.bin` })).rejects.toThrow(/not a normalised path/);
    await expect(svc.downloadVolume(HOST, { pool, volume: 'data.raw', file: `${dir}/nope/x.bin` })).rejects.toThrow(/does not exist/);
    const big = path.join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(4 * 2 ** 20));
    await expect(svc.uploadVolume(HOST, { pool, volume: 'data.raw', file: big })).rejects.toThrow(/is 4 MiB but volume data.raw holds only 3 MiB/);
    expect(readFileSync(path.join(target, 'data.raw')).equals(content)).toBe(true);

    // wipe zeroes the volume
    await svc.wipeVolume(HOST, pool, 'data.raw');
    expect(readFileSync(path.join(target, 'data.raw')).equals(Buffer.alloc(content.length))).toBe(true);

    for (const v of ['data.raw', 'clone.qcow2', 'disk.qcow2']) await svc.deleteVolume(HOST, pool, v);
    expect(await svc.listVolumes(HOST, pool)).toEqual([]);
    await svc.stopPool(HOST, pool);
    await svc.deletePool(HOST, pool);
    expect(existsSync(target)).toBe(false);
    await svc.undefinePool(HOST, pool);
    expect(poolList()).not.toContain(pool);
  });

  it('cancels a download (no file left) and an upload (says the volume is partly written)', async () => {
    const target = path.join(dir, 'images');
    await svc.definePool(HOST, { type: 'dir', name: pool, targetPath: target }, { build: true, start: true });
    await svc.createVolume(HOST, pool, { name: 'big.raw', format: 'raw', capacity: '64M', preallocation: 'full' });
    const dst = path.join(dir, 'out.bin');

    // through the caller's signal (callers inside main)
    const ac = new AbortController();
    const p = svc.downloadVolume(HOST, { pool, volume: 'big.raw', file: dst }, { signal: ac.signal, onProgress: (d) => d > 0 && ac.abort(), progressIntervalMs: 0 });
    const err = await p.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED' });
    expect((err as Error).message).toMatch(/download cancelled after .* of 64 MiB; nothing was saved/);
    expect(existsSync(dst)).toBe(false);
    expect(readdir(dir)).toEqual(['images']);
    expect(lastState(firstJob('download').id)).toMatchObject({ state: 'cancelled', error: null });

    // through the job, as the renderer does
    jobEvents.length = 0;
    const p2 = svc.downloadVolume(HOST, { pool, volume: 'big.raw', file: dst }, {
      progressIntervalMs: 0,
      onProgress: (d) => {
        if (d > 0) void jobs.service.cancel(firstJob('download').id);
      },
    });
    const err2 = await p2.catch((e: unknown) => e);
    expect(err2).toMatchObject({ code: 'CANCELLED' });
    expect((err2 as Error).message).toMatch(/download cancelled after .* of 64 MiB; nothing was saved/);
    expect(existsSync(dst)).toBe(false);
    expect(readdir(dir)).toEqual(['images']);
    const downJob = firstJob('download');
    expect(lastState(downJob.id)).toMatchObject({ state: 'cancelled', error: null });
    expect((await jobs.service.list()).find((j) => j.id === downJob.id)).toMatchObject({ state: 'cancelled' });

    const src = path.join(dir, 'in.bin');
    writeFileSync(src, Buffer.alloc(48 * 2 ** 20, 1));
    const up = svc.uploadVolume(HOST, { pool, volume: 'big.raw', file: src }, {
      progressIntervalMs: 0,
      onProgress: (d) => {
        if (d > 0) void jobs.service.cancel(firstJob('upload').id);
      },
    });
    const upErr = await up.catch((e: unknown) => e);
    expect(upErr).toMatchObject({ code: 'CANCELLED' });
    expect((upErr as Error).message).toMatch(/upload cancelled after .*; volume big.raw now holds partly written data/);
    expect(lastState(firstJob('upload').id)).toMatchObject({ state: 'cancelled', error: null });

    jobEvents.length = 0;
    const upAc = new AbortController();
    const up2 = svc.uploadVolume(HOST, { pool, volume: 'big.raw', file: src }, { signal: upAc.signal, onProgress: (d) => d > 0 && upAc.abort(), progressIntervalMs: 0 });
    const upErr2 = await up2.catch((e: unknown) => e);
    expect(upErr2).toMatchObject({ code: 'CANCELLED' });
    expect((upErr2 as Error).message).toMatch(/upload cancelled after .*; volume big.raw now holds partly written data/);
    expect(lastState(firstJob('upload').id)).toMatchObject({ state: 'cancelled', error: null });

    // the connection is still fine afterwards
    expect((await svc.getVolume(HOST, pool, 'big.raw')).capacity).toBe(64 * 2 ** 20);
  });

  it('removes what it defined when building fails, and keeps the definition when only starting fails', async () => {
    const before = poolList();
    writeFileSync(path.join(dir, 'afile'), 'x');
    const err = await svc.definePool(HOST, { type: 'dir', name: pool, targetPath: path.join(dir, 'afile', 'sub') }, { build: true, start: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toMatch(/^VIR_ERR_/);
    expect((err as ApiError).message).toMatch(/building pool "vdtest-.*" failed, so its definition was removed again/);
    expect(poolList()).toEqual(before);

    const missing = path.join(dir, 'not-made');
    const res = await svc.definePool(HOST, { type: 'dir', name: pool, targetPath: missing }, { start: true, autostart: true });
    expect(res.pool).toMatchObject({ name: pool, active: false, persistent: true, autostart: true });
    expect(res.problems).toHaveLength(1);
    expect(res.problems[0]).toMatchObject({ step: 'start' });
    expect(res.problems[0]!.code).toMatch(/^VIR_ERR_/);
    expect(res.problems[0]!.message).toMatch(/was defined but could not be started/);
    expect(poolList()).toContain(pool);
    mkdirSync(missing);
    await svc.startPool(HOST, pool);
    expect((await svc.getPool(HOST, pool)).state).toBe('running');
  });

  it('bad volume input changes nothing', async () => {
    const target = path.join(dir, 'images');
    await svc.definePool(HOST, { type: 'dir', name: pool, targetPath: target }, { build: true, start: true });
    const before = virsh('vol-list', pool);
    const err = await svc.createVolume(HOST, pool, { name: '../escape', format: 'qcow2', capacity: '-1G' }).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('INVALID_ARGUMENT');
    expect((err as Error).message).toMatch(/volume name "..\/escape".*capacity cannot be negative/);
    expect(virsh('vol-list', pool)).toBe(before);
    expect(readdir(target)).toEqual([]);
  });
});

function readdir(d: string): string[] {
  return execFileSync('ls', ['-A', d], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

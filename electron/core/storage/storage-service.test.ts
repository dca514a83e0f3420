// definePool's clean-up rules with a scripted stand-in for LibvirtClient.
import { describe, expect, it } from 'vitest';
import { localError, type LibvirtClient } from '../../libvirt';
import type { JobEvent } from '../../../preload/contract/jobs';
import { toErrorInfo } from '../api/api-error';
import { JobRegistry } from '../jobs/job-registry';
import { StorageServiceImpl } from './storage-service';

const HOST = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';
const pool = { name: 'vdtest-p', uuid: Buffer.alloc(16, 2) };

function fakeClient(over: Record<string, (args: unknown) => unknown>): LibvirtClient & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const base: Record<string, (args: unknown) => unknown> = {
    CONNECT_LIST_ALL_STORAGE_POOLS: () => ({ pools: [], ret: 0 }),
    STORAGE_POOL_DEFINE_XML: () => ({ pool }),
    STORAGE_POOL_UNDEFINE: () => undefined,
    STORAGE_POOL_BUILD: () => undefined,
    STORAGE_POOL_CREATE: () => undefined,
    STORAGE_POOL_SET_AUTOSTART: () => undefined,
    STORAGE_POOL_GET_INFO: () => ({ state: 0, capacity: 0n, allocation: 0n, available: 0n }),
    STORAGE_POOL_IS_ACTIVE: () => ({ active: 0 }),
    STORAGE_POOL_IS_PERSISTENT: () => ({ persistent: 1 }),
    STORAGE_POOL_GET_AUTOSTART: () => ({ autostart: 0 }),
    STORAGE_POOL_GET_XML_DESC: () => ({ xml: "<pool type='logical'><name>vdtest-p</name><target><path>/dev/vg</path></target></pool>" }),
    ...over,
  };
  return {
    calls,
    call: async (name: string, args: unknown) => {
      calls.push([name, args]);
      const h = base[name];
      if (!h) throw new Error(`unexpected call ${name}`);
      return h(args);
    },
  } as unknown as LibvirtClient & { calls: [string, unknown][] };
}

const service = (client: LibvirtClient) => new StorageServiceImpl(() => client, { jobs: new JobRegistry(() => undefined) });

const spec = { type: 'logical' as const, name: 'vdtest-p', sourceName: 'vg', sourceDevices: ['/dev/vdz'] };

describe('StorageServiceImpl.definePool', () => {
  it('builds without overwriting unless asked', async () => {
    const client = fakeClient({});
    await service(client).definePool(HOST, spec, { build: true });
    expect(client.calls.find(([n]) => n === 'STORAGE_POOL_BUILD')?.[1]).toMatchObject({ flags: 4 /* NO_OVERWRITE */ });
    const c2 = fakeClient({});
    await service(c2).definePool(HOST, spec, { build: true, overwrite: true });
    expect(c2.calls.find(([n]) => n === 'STORAGE_POOL_BUILD')?.[1]).toMatchObject({ flags: 8 /* OVERWRITE */ });
  });

  it('undefines what it defined when building fails, keeping libvirt’s code', async () => {
    const client = fakeClient({
      STORAGE_POOL_BUILD: () => {
        throw localError('VIR_ERR_OPERATION_INVALID', 'Device /dev/vdz already formatted using lvm2');
      },
    });
    const err = await service(client).definePool(HOST, spec, { build: true, start: true }).catch((e: unknown) => e);
    expect(toErrorInfo(err)).toEqual({
      code: 'VIR_ERR_OPERATION_INVALID',
      message: 'building pool "vdtest-p" failed, so its definition was removed again: Device /dev/vdz already formatted using lvm2',
    });
    expect(client.calls.map(([n]) => n)).toEqual(['CONNECT_LIST_ALL_STORAGE_POOLS', 'STORAGE_POOL_DEFINE_XML', 'STORAGE_POOL_BUILD', 'STORAGE_POOL_UNDEFINE']);
  });

  it('says so when even the undefine fails', async () => {
    const client = fakeClient({
      STORAGE_POOL_BUILD: () => {
        throw localError('VIR_ERR_OPERATION_FAILED', 'pvcreate failed');
      },
      STORAGE_POOL_UNDEFINE: () => {
        throw localError('VIR_ERR_INTERNAL_ERROR', 'daemon went away');
      },
    });
    const err = await service(client).definePool(HOST, spec, { build: true }).catch((e: unknown) => e);
    expect(toErrorInfo(err).message).toBe(
      'building pool "vdtest-p" failed, so removing its definition failed too (daemon went away); undefine it by hand: pvcreate failed',
    );
  });

  it('keeps the definition and reports start and autostart failures', async () => {
    const client = fakeClient({
      STORAGE_POOL_CREATE: () => {
        throw localError('VIR_ERR_OPERATION_FAILED', 'cannot open volume group');
      },
      STORAGE_POOL_SET_AUTOSTART: () => {
        throw localError('VIR_ERR_OPERATION_FAILED', 'read-only /etc');
      },
    });
    const res = await service(client).definePool(HOST, spec, { start: true, autostart: true });
    expect(res.pool).toMatchObject({ name: 'vdtest-p', type: 'logical', persistent: true, active: false });
    expect(res.problems).toEqual([
      { step: 'autostart', code: 'VIR_ERR_OPERATION_FAILED', message: 'pool "vdtest-p" was defined but autostart could not be set: read-only /etc' },
      { step: 'start', code: 'VIR_ERR_OPERATION_FAILED', message: 'pool "vdtest-p" was defined but could not be started: cannot open volume group' },
    ]);
    expect(client.calls.map(([n]) => n)).not.toContain('STORAGE_POOL_UNDEFINE');
  });
});

describe('StorageServiceImpl.cloneVolume', () => {
  const src = { pool: 'vdtest-p', name: 'a.qcow2', key: '/p/a.qcow2' };
  const made = { pool: 'vdtest-p', name: 'b.qcow2', key: '/p/b.qcow2' };

  it('runs as an uncancellable volume-clone job whose progress follows the new volume’s allocation', async () => {
    let allocation = 0n;
    let finish: () => void = () => undefined;
    const client = fakeClient({
      STORAGE_POOL_LOOKUP_BY_NAME: () => ({ pool }),
      STORAGE_POOL_GET_XML_DESC: () => ({ xml: "<pool type='dir'><name>vdtest-p</name><target><path>/p</path></target></pool>" }),
      STORAGE_VOL_LOOKUP_BY_NAME: (args) => {
        const { name } = args as { name: string };
        if (name === src.name) return { vol: src };
        if (name === made.name && allocation > 0n) return { vol: made };
        throw localError('VIR_ERR_NO_STORAGE_VOL', `no volume ${name}`);
      },
      STORAGE_VOL_GET_INFO: (args) =>
        (args as { vol: { name: string } }).vol.name === src.name
          ? { type: 0, capacity: 4096n, allocation: 1000n }
          : { type: 0, capacity: 4096n, allocation },
      STORAGE_VOL_GET_XML_DESC: () => ({ xml: "<volume><name>a.qcow2</name><target><format type='qcow2'/></target></volume>" }),
      STORAGE_VOL_GET_PATH: (args) => ({ name: (args as { vol: { key: string } }).vol.key }),
      STORAGE_VOL_CREATE_XML_FROM: async () => {
        allocation = 400n;
        await new Promise<void>((r) => (finish = r));
        allocation = 1000n;
        return { vol: made };
      },
    });
    const events: JobEvent[] = [];
    const jobs = new JobRegistry((e) => events.push(e));
    const svc = new StorageServiceImpl(() => client, { jobs, clonePollMs: 5 });
    const cloning = svc.cloneVolume(HOST, 'vdtest-p', 'a.qcow2', { name: 'b.qcow2' });
    for (let i = 0; i < 200 && !events.some((e) => e.job.done === 400); i++) await new Promise((r) => setTimeout(r, 10));
    const job = events[0]!.job;
    expect(job).toMatchObject({ hostId: HOST, kind: 'volume-clone', title: 'Clone vdtest-p/a.qcow2 to vdtest-p/b.qcow2', cancellable: false, state: 'running' });
    expect(events.some((e) => e.job.done === 400 && e.job.total === 1000)).toBe(true);
    await expect(jobs.service.cancel(job.id)).rejects.toMatchObject({ code: 'NOT_CANCELLABLE' });
    finish();
    expect(await cloning).toMatchObject({ name: 'b.qcow2', path: '/p/b.qcow2', format: 'qcow2', capacity: 4096 });
    expect(events.at(-1)!.job).toMatchObject({ id: job.id, state: 'done', done: 1000, total: 1000 });
  });

  it('refuses bad input before any job starts', async () => {
    const events: JobEvent[] = [];
    const client = fakeClient({
      STORAGE_POOL_LOOKUP_BY_NAME: () => ({ pool }),
      STORAGE_VOL_LOOKUP_BY_NAME: () => ({ vol: src }),
      STORAGE_VOL_GET_INFO: () => ({ type: 0, capacity: 4096n, allocation: 1000n }),
      STORAGE_VOL_GET_XML_DESC: () => ({ xml: '<volume><name>a.qcow2</name></volume>' }),
    });
    const svc = new StorageServiceImpl(() => client, { jobs: new JobRegistry((e) => events.push(e)) });
    await expect(svc.cloneVolume(HOST, 'vdtest-p', 'a.qcow2', { name: 'a.qcow2' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(events).toEqual([]);
    expect(client.calls.map(([n]) => n)).not.toContain('STORAGE_VOL_CREATE_XML_FROM');
  });
});

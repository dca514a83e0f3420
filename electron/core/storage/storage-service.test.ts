// definePool's clean-up rules with a scripted stand-in for LibvirtClient.
import { describe, expect, it } from 'vitest';
import { localError, type LibvirtClient } from '../../libvirt';
import { toErrorInfo } from '../api/api-error';
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

const spec = { type: 'logical' as const, name: 'vdtest-p', sourceName: 'vg', sourceDevices: ['/dev/vdz'] };

describe('StorageServiceImpl.definePool', () => {
  it('builds without overwriting unless asked', async () => {
    const client = fakeClient({});
    await new StorageServiceImpl(() => client).definePool(HOST, spec, { build: true });
    expect(client.calls.find(([n]) => n === 'STORAGE_POOL_BUILD')?.[1]).toMatchObject({ flags: 4 /* NO_OVERWRITE */ });
    const c2 = fakeClient({});
    await new StorageServiceImpl(() => c2).definePool(HOST, spec, { build: true, overwrite: true });
    expect(c2.calls.find(([n]) => n === 'STORAGE_POOL_BUILD')?.[1]).toMatchObject({ flags: 8 /* OVERWRITE */ });
  });

  it('undefines what it defined when building fails, keeping libvirt’s code', async () => {
    const client = fakeClient({
      STORAGE_POOL_BUILD: () => {
        throw localError('VIR_ERR_OPERATION_INVALID', 'Device /dev/vdz already formatted using lvm2');
      },
    });
    const err = await new StorageServiceImpl(() => client).definePool(HOST, spec, { build: true, start: true }).catch((e: unknown) => e);
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
    const err = await new StorageServiceImpl(() => client).definePool(HOST, spec, { build: true }).catch((e: unknown) => e);
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
    const res = await new StorageServiceImpl(() => client).definePool(HOST, spec, { start: true, autostart: true });
    expect(res.pool).toMatchObject({ name: 'vdtest-p', type: 'logical', persistent: true, active: false });
    expect(res.problems).toEqual([
      { step: 'autostart', code: 'VIR_ERR_OPERATION_FAILED', message: 'pool "vdtest-p" was defined but autostart could not be set: read-only /etc' },
      { step: 'start', code: 'VIR_ERR_OPERATION_FAILED', message: 'pool "vdtest-p" was defined but could not be started: cannot open volume group' },
    ]);
    expect(client.calls.map(([n]) => n)).not.toContain('STORAGE_POOL_UNDEFINE');
  });
});

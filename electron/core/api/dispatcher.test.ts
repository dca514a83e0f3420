import { describe, expect, it } from 'vitest';
import type { VirtdeckServices } from '../../../preload/contract/services';
import { ApiError } from './api-error';
import { createDispatcher } from './dispatcher';

const HOST = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';

/** Only the services these tests call; the dispatcher never touches the others. */
function fakeServices(calls: unknown[][]): VirtdeckServices {
  const partial: Pick<VirtdeckServices, 'hosts' | 'vms' | 'jobs'> = {
    hosts: {
      list: async () => [],
      add: async (input) => (calls.push(['add', input]), { id: HOST, ...input, status: { state: 'disconnected' } }),
      update: async () => {
        throw new ApiError('NO_HOST', 'no such host');
      },
      remove: async () => {
        throw new ApiError('NO_HOST', 'no such host');
      },
      connect: async (id) => void calls.push(['connect', id]),
      disconnect: async () => undefined,
      answerPrompt: async () => undefined,
    },
    vms: { list: async (hostId?: string) => (calls.push(['vms', hostId]), []) } as unknown as VirtdeckServices['vms'],
    jobs: { list: async () => [], cancel: async () => undefined, clearFinished: async () => undefined },
  };
  return partial as VirtdeckServices;
}

describe('dispatcher', () => {
  it('calls the implementation with validated arguments', async () => {
    const calls: unknown[][] = [];
    const dispatch = createDispatcher(fakeServices(calls));
    const r = await dispatch('hosts', 'add', [{ name: '  lab ', uri: 'qemu+ssh://root@10.0.0.2/system', autoconnect: true }]);
    expect(r.ok).toBe(true);
    expect(calls).toEqual([['add', { name: 'lab', uri: 'qemu+ssh://root@10.0.0.2/system', autoconnect: true }]]);
    expect(await dispatch('hosts', 'connect', [HOST])).toEqual({ ok: true, value: null });
  });

  it('rejects unknown services and methods, including prototype names', async () => {
    const dispatch = createDispatcher(fakeServices([]));
    for (const [s, m] of [
      ['nope', 'list'],
      ['hosts', 'nope'],
      ['__proto__', 'toString'],
      ['hosts', 'constructor'],
      ['hosts', '__proto__'],
      [1, 'list'],
    ]) {
      const r = await dispatch(s, m, []);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('rejects bad arguments with a clear message and never calls the implementation', async () => {
    const calls: unknown[][] = [];
    const dispatch = createDispatcher(fakeServices(calls));
    const bad: [string, string, unknown][] = [
      ['hosts', 'connect', ['not-a-uuid']],
      ['hosts', 'connect', [HOST, 'extra']],
      ['hosts', 'connect', 'not an array'],
      ['hosts', 'add', [{ name: '', uri: 'qemu:///system', autoconnect: true }]],
      ['hosts', 'add', [{ name: 'x', uri: 'qemu:///sys tem', autoconnect: true }]],
      ['hosts', 'add', [{ name: 'x', uri: 'qemu:///system\u0000', autoconnect: true }]],
      ['hosts', 'add', [{ name: 'x', uri: 'qemu:///system', autoconnect: true, extra: 1 }]],
      ['vms', 'list', [42]],
    ];
    for (const [s, m, args] of bad) {
      const r = await dispatch(s, m, args);
      expect(r, `${s}.${m}(${JSON.stringify(args)})`).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    const r = await dispatch('hosts', 'add', [{ name: 'x', uri: 'qemu:///sys tem', autoconnect: true }]);
    expect(!r.ok && r.error.message).toMatch(/hosts\.add: argument 0\.uri: not a libvirt URI/);
    expect(calls).toEqual([]);
  });

  it('passes the service error code through', async () => {
    const dispatch = createDispatcher(fakeServices([]));
    expect(await dispatch('hosts', 'remove', [HOST])).toEqual({ ok: false, error: { code: 'NO_HOST', message: 'no such host' } });
  });
});

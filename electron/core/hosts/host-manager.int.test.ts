// The core against the real daemon: hosts connect through our RPC client and list what libvirt holds.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtdeckEvent } from '../../../preload/contract/model';
import { memoryHostConfig } from './host-config';
import { HostManager } from './host-manager';

const virsh = (...args: string[]) => execFileSync('virsh', ['-c', 'test+unix:///default', ...args], { encoding: 'utf8' });

let manager: HostManager | undefined;
afterEach(async () => {
  await manager?.dispose();
  manager = undefined;
});

describe('HostManager (test driver through libvirtd)', () => {
  it('connects a saved host and lists exactly the domains virsh lists, with their states', async () => {
    manager = await HostManager.load(memoryHostConfig());
    const events: VirtdeckEvent[] = [];
    manager.events.on((e) => events.push(e));
    const host = await manager.hosts.add({ name: 'Test', uri: 'test+unix:///default', autoconnect: true });
    const [summary] = await manager.hosts.list();
    expect(summary).toMatchObject({ id: host.id, status: { state: 'connected' }, hypervisor: 'TEST' });
    expect(events.map((e) => e.type)).toContain('host-added');
    expect(events).toContainEqual({ type: 'host-status', hostId: host.id, status: { state: 'connected' } });

    const vms = await manager.vms.list(host.id);
    const names = virsh('list', '--all', '--name').split('\n').filter(Boolean).sort();
    expect(vms.map((v) => v.name).sort()).toEqual(names);
    for (const vm of vms) {
      expect(vm.state).toBe(virsh('domstate', vm.name).trim());
      expect(vm.uuid).toBe(virsh('domuuid', vm.name).trim());
    }
  });

  it('reports a host it cannot reach as failed, with the reason', async () => {
    manager = await HostManager.load(memoryHostConfig());
    const host = await manager.hosts.add({ name: 'Nowhere', uri: 'qemu+unix:///system?socket=/nonexistent/sock', autoconnect: false });
    await expect(manager.hosts.connect(host.id)).rejects.toThrow(/nonexistent/);
    const [summary] = await manager.hosts.list();
    expect(summary!.status.state).toBe('failed');
  });

  it('refuses ids of hosts it does not have', async () => {
    manager = await HostManager.load(memoryHostConfig());
    await expect(manager.hosts.connect('0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10')).rejects.toMatchObject({ code: 'NO_HOST' });
  });
});

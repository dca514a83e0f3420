// The core against the real daemon: hosts connect through our RPC client and list what libvirt holds.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { VirtdeckEvent } from '../../../preload/contract/model';
import { memoryHostConfig } from './host-config';
import { HostManager } from './host-manager';
import { startPrivateDaemon, type PrivateDaemon } from '../testing/private-daemon';

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
    await manager.hosts.connect(host.id); // joins the attempt add() started
    const [summary] = await manager.hosts.list();
    expect(summary).toMatchObject({ id: host.id, status: { state: 'connected' }, hypervisor: 'TEST' });
    expect(events.map((e) => e.type)).toContain('host-added');
    expect(events).toContainEqual({ type: 'host-status', hostId: host.id, status: { state: 'connected' } });

    const vms = manager.listVms(host.id);
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

describe('HostManager: reconnect and live inventory (private libvirtd)', () => {
  let daemon: PrivateDaemon | undefined;
  afterEach(async () => {
    await daemon?.dispose();
    daemon = undefined;
  });

  const waitForStatus = (m: HostManager, hostId: string, state: string, ms = 20_000) =>
    new Promise<VirtdeckEvent[]>((resolve, reject) => {
      const seen: VirtdeckEvent[] = [];
      const timer = setTimeout(() => reject(new Error(`no ${state} within ${ms} ms; saw ${JSON.stringify(seen)}`)), ms);
      const off = m.events.on((e) => {
        seen.push(e);
        if (e.type === 'host-status' && e.hostId === hostId && e.status.state === state) {
          clearTimeout(timer);
          off();
          resolve(seen);
        }
      });
    });

  it('goes reconnecting then connected after a daemon restart, and its inventory matches virsh', async () => {
    daemon = await startPrivateDaemon();
    manager = await HostManager.load(memoryHostConfig(), { backoff: () => 200 });
    const statuses: string[] = [];
    manager.events.on((e) => e.type === 'host-status' && statuses.push(e.status.state));
    const host = await manager.hosts.add({ name: 'Private', uri: daemon.uri, autoconnect: true });
    await manager.hosts.connect(host.id);
    expect((await manager.hosts.list())[0]!.status.state).toBe('connected');

    const reconnecting = waitForStatus(manager, host.id, 'reconnecting');
    await daemon.stop();
    await reconnecting;
    const connected = waitForStatus(manager, host.id, 'connected');
    await daemon.start();
    await connected;
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting', ...statuses.slice(3, -1), 'connected']);
    expect(statuses.slice(3, -1).every((s) => s === 'reconnecting')).toBe(true);

    const virshNames = execFileSync('virsh', ['-c', daemon.uri, 'list', '--all', '--name'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect((manager.listVms(host.id)).map((v) => v.name).sort()).toEqual(virshNames.sort());
  });

  it('follows lifecycle events without re-listing', async () => {
    daemon = await startPrivateDaemon();
    manager = await HostManager.load(memoryHostConfig());
    const host = await manager.hosts.add({ name: 'Private', uri: daemon.uri, autoconnect: true });
    await manager.hosts.connect(host.id);
    const events: VirtdeckEvent[] = [];
    manager.events.on((e) => events.push(e));
    const vsh = (...a: string[]) => execFileSync('virsh', ['-c', daemon!.uri, ...a], { encoding: 'utf8' });

    vsh('suspend', 'test');
    await expect.poll(() => manager!.listVms(host.id).find((v) => v.name === 'test')?.state).toBe('paused');
    vsh('resume', 'test');
    await expect.poll(() => manager!.listVms(host.id).find((v) => v.name === 'test')?.state).toBe('running');
    vsh('destroy', 'test');
    await expect.poll(() => manager!.listVms(host.id).find((v) => v.name === 'test')?.state).toBe('shutoff');
    vsh('undefine', 'test');
    await expect.poll(() => manager!.listVms(host.id).some((v) => v.name === 'test')).toBe(false);
    expect(events.filter((e) => e.type === 'vm-updated').length).toBeGreaterThanOrEqual(3);
    expect(events).toContainEqual(expect.objectContaining({ type: 'vm-removed', hostId: host.id }));
  });

  it('adds the local system host on first start only', async () => {
    const config = memoryHostConfig(null);
    manager = await HostManager.load(config, { local: { systemSocket: true, daemonInstalled: true } });
    expect((await manager.hosts.list()).map((h) => h.uri)).toContain('qemu:///system');
    const saved = await config.load();
    expect(saved?.map((h) => h.uri)).toContain('qemu:///system');
    await manager.dispose();
    // A user who removed every host is not given them back.
    manager = await HostManager.load(memoryHostConfig([]), { local: { systemSocket: true, daemonInstalled: true } });
    expect(await manager.hosts.list()).toEqual([]);
  });
});

describe('HostManager: networks and pools changed outside Virtdeck', () => {
  let daemon: PrivateDaemon | undefined;
  afterEach(async () => {
    await daemon?.dispose();
    daemon = undefined;
  });

  it('announces network and pool lifecycle changes made with virsh', async () => {
    daemon = await startPrivateDaemon();
    manager = await HostManager.load(memoryHostConfig());
    const host = await manager.hosts.add({ name: 'Private', uri: daemon.uri, autoconnect: true });
    await manager.hosts.connect(host.id);
    const events: VirtdeckEvent[] = [];
    manager.events.on((e) => events.push(e));
    const vsh = (...a: string[]) => execFileSync('virsh', ['-c', daemon!.uri, ...a], { encoding: 'utf8' });
    vsh('net-destroy', 'default');
    vsh('pool-refresh', 'default-pool');
    await expect
      .poll(() => events.filter((e) => e.type === 'host-objects-changed').map((e) => `${(e as { kind: string }).kind}:${(e as { name: string }).name}`))
      .toEqual(expect.arrayContaining(['network:default', 'pool:default-pool']));
    expect(events.find((e) => e.type === 'host-objects-changed')).toMatchObject({ hostId: host.id });
  });
});

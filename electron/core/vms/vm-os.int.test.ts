// The guest OS from libosinfo's <metadata>, against a private libvirtd's test driver: what the live
// inventory reports for a domain defined with it, and how it follows changes made outside
// Virtdeck (virsh metadata, a redefine) through libvirt's events alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VmSummary } from '../../../preload/contract/model';
import { memoryHostConfig } from '../hosts/host-config';
import { HostManager } from '../hosts/host-manager';
import type { PrivateDaemon } from '../testing/private-daemon';
import { startPrivateHost, type PrivateHost } from '../testing/private-host';
import { LIBOSINFO_NS } from './os-info';

let daemon: PrivateDaemon;
let manager: HostManager;
let hostId: string;
let lab: PrivateHost;
let dir: string;
const vsh = (...a: string[]) => execFileSync('virsh', ['-q', '-c', daemon.uri, ...a], { encoding: 'utf8', stdio: 'pipe' }).trim();

const domainXml = (name: string, osId: string | null, uuid?: string) => `<domain type='test'>
  <name>${name}</name>${uuid ? `\n  <uuid>${uuid}</uuid>` : ''}${
    osId
      ? `
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="${LIBOSINFO_NS}">
      <libosinfo:os id="${osId}"/>
    </libosinfo:libosinfo>
  </metadata>`
      : ''
  }
  <memory unit='KiB'>524288</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
`;

function define(name: string, osId: string | null, uuid?: string): void {
  const file = path.join(dir, `${name}.xml`);
  writeFileSync(file, domainXml(name, osId, uuid));
  vsh('define', file);
}

/** Waits until the inventory (kept by events only: nothing here asks it to refresh) shows `want`. */
async function inventoryShows(name: string, want: (vm: VmSummary) => boolean, what: string): Promise<VmSummary> {
  const end = Date.now() + 15_000;
  for (;;) {
    const vm = manager.listVms(hostId).find((v) => v.name === name);
    if (vm && want(vm)) return vm;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; inventory has ${JSON.stringify(vm?.os)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-vmos-'));
  lab = await startPrivateHost();
  ({ daemon, manager, hostId } = lab);
});
afterEach(async () => {
  await lab?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('guest OS from libosinfo metadata in the inventory', () => {
  it('is null for a domain without the metadata', () => {
    expect(manager.listVms(hostId).find((v) => v.name === 'test')).toMatchObject({ os: null });
  });

  it('reports the OS of a domain defined with it, and follows metadata changes and redefines', async () => {
    define('os-deb', 'http://debian.org/debian/12');
    const vm = await inventoryShows('os-deb', (v) => v.os !== null, 'os-deb with an OS');
    expect(vm.os).toEqual({ id: 'http://debian.org/debian/12', family: 'linux', distro: 'debian', label: 'Debian 12' });

    // What virt-manager does when you change the OS: replace the element (metadata-change event).
    vsh('metadata', 'os-deb', '--uri', LIBOSINFO_NS, '--key', 'libosinfo', '--config', '--set', '<libosinfo><os id="http://microsoft.com/win/11"/></libosinfo>');
    expect(vsh('metadata', 'os-deb', '--uri', LIBOSINFO_NS, '--config')).toContain('http://microsoft.com/win/11');
    await inventoryShows('os-deb', (v) => v.os?.distro === 'win', 'Windows after virsh metadata --set');
    expect(manager.listVms(hostId).find((v) => v.name === 'os-deb')?.os).toEqual({ id: 'http://microsoft.com/win/11', family: 'windows', distro: 'win', label: 'Windows 11' });

    // Removing it: no OS.
    vsh('metadata', 'os-deb', '--uri', LIBOSINFO_NS, '--config', '--remove');
    await inventoryShows('os-deb', (v) => v.os === null, 'no OS after virsh metadata --remove');

    // A redefine with the metadata back (lifecycle "defined" event).
    define('os-deb', 'http://freebsd.org/freebsd/14.0', vm.uuid);
    const bsd = await inventoryShows('os-deb', (v) => v.os?.family === 'bsd', 'FreeBSD after a redefine');
    expect(bsd.os).toMatchObject({ distro: 'freebsd', label: 'FreeBSD 14.0' });
  });

  it('lists the OS of domains that exist before connecting; odd ids become "other"', async () => {
    define('os-rhel', 'http://redhat.com/rhel/9.4');
    define('os-odd', 'urn:not-a-libosinfo-id');
    // A second connection lists them (the first keeps test:///default, and what we defined, alive).
    const second = await HostManager.load(memoryHostConfig());
    const host = await second.hosts.add({ name: 'Again', uri: daemon.uri, autoconnect: false });
    await second.hosts.connect(host.id);
    const vms = second.listVms(host.id);
    await second.dispose();
    expect(vms.find((v) => v.name === 'os-rhel')?.os).toEqual({ id: 'http://redhat.com/rhel/9.4', family: 'linux', distro: 'rhel', label: 'Red Hat Enterprise Linux 9.4' });
    expect(vms.find((v) => v.name === 'os-odd')?.os).toEqual({ id: 'urn:not-a-libosinfo-id', family: 'other', distro: null, label: 'Unknown OS' });
  });
});

// Groups and tags in the domain's own <metadata>, against a private libvirtd's test driver: what
// virsh sees, what the live inventory says, survival across a redefine, clearing, bad input.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VirtdeckServices } from '../../../preload/contract/services';
import { createDispatcher } from '../api/dispatcher';
import type { HostManager } from '../hosts/host-manager';
import type { PrivateDaemon } from '../testing/private-daemon';
import { startPrivateHost, type PrivateHost } from '../testing/private-host';
import { labelsXml, parseLabels, VIRTDECK_NS } from './vm-labels';
import { createVmsService } from './vms-service';

let daemon: PrivateDaemon;
let manager: HostManager;
let hostId: string;
let lab: PrivateHost;
const vsh = (...a: string[]) => execFileSync('virsh', ['-c', daemon.uri, ...a], { encoding: 'utf8' }).trim();
const metadata = (vm: string, ...extra: string[]) => {
  try {
    return execFileSync('virsh', ['-c', daemon.uri, 'metadata', vm, '--uri', VIRTDECK_NS, ...extra], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return '';
  }
};

beforeEach(async () => {
  lab = await startPrivateHost();
  ({ daemon, manager, hostId } = lab);
});
afterEach(async () => {
  await lab?.dispose();
});

describe('VM labels (group + tags in <metadata>)', () => {
  it('builds escaped XML and reads it back', () => {
    const xml = labelsXml({ group: 'R&D <lab> "x"', tags: ['b', 'a', 'b'] });
    expect(xml).toContain('<group>R&amp;D &lt;lab&gt; &quot;x&quot;</group>');
    expect(parseLabels(xml)).toEqual({ group: 'R&D <lab> "x"', tags: ['a', 'b'] });
    expect(parseLabels(`<virtdeck:vm xmlns:virtdeck="${VIRTDECK_NS}"><virtdeck:group>W</virtdeck:group><virtdeck:tag>t</virtdeck:tag><other/></virtdeck:vm>`)).toEqual({ group: 'W', tags: ['t'] });
  });

  it('sets labels on a running VM: virsh, the inventory and a redefine all keep them; clearing removes them', async () => {
    const vms = createVmsService(manager);
    const uuid = vsh('domuuid', 'test');
    expect(manager.listVms(hostId).find((v) => v.uuid === uuid)).toMatchObject({ group: null, tags: [] });

    await vms.setLabels(hostId, uuid, { group: 'Web & <Co>', tags: ['prod', 'db', 'prod'] });
    const config = metadata('test', '--config');
    expect(config).toContain('<group>Web &amp; &lt;Co&gt;</group>');
    expect(config).toContain('<tag>db</tag>');
    expect(config).toContain('<tag>prod</tag>');
    expect(config.match(/<tag>prod<\/tag>/g)).toHaveLength(1);
    expect(metadata('test', '--live')).toContain('<tag>prod</tag>');
    expect(manager.listVms(hostId).find((v) => v.uuid === uuid)).toMatchObject({ group: 'Web & <Co>', tags: ['db', 'prod'] });

    // The labels are part of the definition: redefining the XML keeps them.
    const xml = (await vms.getXml(hostId, uuid)).replace('</name>', '</name>\n  <title>Redefined</title>');
    expect(xml).toContain(VIRTDECK_NS);
    await vms.defineXml(hostId, uuid, xml);
    expect(metadata('test', '--config')).toContain('<tag>db</tag>');
    // Stopped, the VM is its (redefined) persistent definition: title and labels both from there.
    vsh('destroy', 'test');
    await manager.refreshVm(hostId, uuid);
    expect(manager.listVms(hostId).find((v) => v.uuid === uuid)).toMatchObject({ state: 'shutoff', title: 'Redefined', group: 'Web & <Co>', tags: ['db', 'prod'] });

    await vms.setLabels(hostId, uuid, { group: null, tags: [] });
    expect(metadata('test', '--config')).toBe('');
    expect(manager.listVms(hostId).find((v) => v.uuid === uuid)).toMatchObject({ group: null, tags: [] });
  });

  it('writes only the persistent definition of a stopped VM', async () => {
    const vms = createVmsService(manager);
    const uuid = vsh('domuuid', 'test');
    vsh('destroy', 'test');
    await vms.setLabels(hostId, uuid, { group: 'Off', tags: ['cold'] });
    expect(metadata('test', '--config')).toContain('<group>Off</group>');
    expect(manager.listVms(hostId).find((v) => v.uuid === uuid)).toMatchObject({ group: 'Off', tags: ['cold'] });
  });

  it('rejects invalid labels through the dispatcher and changes nothing', async () => {
    const vms = createVmsService(manager);
    const dispatch = createDispatcher({ vms } as unknown as VirtdeckServices);
    const uuid = vsh('domuuid', 'test');
    await vms.setLabels(hostId, uuid, { group: 'Keep', tags: ['kept'] });
    const before = metadata('test', '--config');
    const bad: unknown[] = [
      { group: 'x'.repeat(65), tags: [] },
      { group: null, tags: ['has space'] },
      { group: null, tags: [''] },
      { group: null, tags: ['<b>'] },
      { group: null, tags: ['t'.repeat(33)] },
      { group: null, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) },
      { group: 'a\u0001b', tags: [] },
      { group: null },
      { group: null, tags: [], extra: 1 },
    ];
    for (const labels of bad) {
      const res = await dispatch('vms', 'setLabels', [hostId, uuid, labels]);
      expect(res, JSON.stringify(labels)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(metadata('test', '--config')).toBe(before);
    // Through the dispatcher, duplicates go and the group is trimmed.
    const ok = await dispatch('vms', 'setLabels', [hostId, uuid, { group: '  Web ', tags: ['b', 'a', 'b', 'ns:x-1_2.3'] }]);
    expect(ok).toMatchObject({ ok: true });
    expect(manager.listVms(hostId).find((v) => v.uuid === uuid)).toMatchObject({ group: 'Web', tags: ['a', 'b', 'ns:x-1_2.3'] });
  });
});

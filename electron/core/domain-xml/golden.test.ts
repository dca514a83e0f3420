import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainXml } from './domain';
import { domainDiff } from './diff';
import { FIXTURES, fixture } from './testing';
import { validateDomain } from './validate/validate';

/**
 * Golden edits: `golden/NAME-in.xml` + the edit list below must give `golden/NAME-out.xml`
 * exactly. Regenerate with UPDATE_GOLDEN=1 and review the diff before committing.
 */
const EDITS: Record<string, (dom: DomainXml) => void> = {
  'win11-media': (dom) => {
    const disks = dom.devices.disks;
    disks.find('sdc')!.insertMedia('/var/lib/libvirt/isos/virtio-win-0.1.262.iso');
    disks.find('sdb')!.eject();
    dom.devices.redirdevs.remove({ alias: 'redir1' });
    dom.devices.hostdevs.add({ type: 'usb', usbVendor: 0x0781, usbProduct: 0x5581 });
    dom.devices.graphics.find('spice')!.passwd = 'rotated-pw';
    dom.memory.setRam(12 * 1024 * 1024);
    dom.devices.sounds.remove('ich9');
  },
  'server-tuning': (dom) => {
    const vda = dom.devices.disks.find('vda')!;
    vda.totalBytesSec = undefined;
    vda.totalIopsSec = undefined;
    vda.readBytesSec = 104857600;
    vda.writeBytesSec = 52428800;
    dom.devices.disks.find('vdb')!.cache = 'directsync';
    dom.cputune.pin(7, '9,11');
    dom.cputune.pin(6, undefined);
    dom.devices.interfaces.add({ type: 'network', mac: '52:54:00:a1:b2:c5', sourceNetwork: 'mgmt', model: 'virtio' });
    dom.devices.interfaces.find('52:54:00:a1:b2:c4')!.linkState = 'down';
    dom.devices.filesystems.remove('backups');
    dom.memory.accessMode = undefined;
    dom.memory.sourceType = undefined;
    dom.numatune.memoryMode = 'preferred';
  },
  'uefi-convert': (dom) => {
    const os = dom.os;
    os.firmware = 'efi';
    os.secureBoot = true;
    os.enrolledKeys = true;
    dom.features.smm = true;
    const disks = dom.devices.disks;
    dom.setBootOrder([disks.find('vda')!, disks.find('sda')!]);
    dom.devices.tpms.add({ model: 'tpm-crb', backendType: 'emulator', backendVersion: '2.0' });
    dom.cpu.topology = { sockets: 1, cores: 2, threads: 1 };
    dom.vcpu.count = 2;
  },
  'quirky-edit': (dom) => {
    dom.name = 'quirky-2';
    dom.title = 'Renamed & "re-titled"';
    dom.devices.disks.find('hdc')!.insertMedia('/isos/dos-utils.iso');
    dom.devices.interfaces.find(0)!.model = 'e1000';
    dom.devices.sounds.remove(0);
    dom.devices.graphics.find('vnc')!.setListen({ type: 'address', address: '127.0.0.1' });
    dom.os.bootDevices = ['hd'];
    dom.features.pae = true;
  },
};

const GOLDEN = join(FIXTURES, 'golden');

describe('golden edits', () => {
  it('every input has an edit list and an expected output', () => {
    const inputs = readdirSync(GOLDEN).filter((f) => f.endsWith('-in.xml')).map((f) => f.slice(0, -7));
    expect(inputs.sort()).toEqual(Object.keys(EDITS).sort());
  });

  it.each(Object.keys(EDITS))('%s', (name) => {
    const input = fixture(`golden/${name}-in.xml`);
    const dom = DomainXml.parse(input);
    EDITS[name]?.(dom);
    const out = dom.serialize();
    const expectedPath = join(GOLDEN, `${name}-out.xml`);
    if (process.env.UPDATE_GOLDEN || !existsSync(expectedPath)) writeFileSync(expectedPath, out);
    expect(out).toBe(fixture(`golden/${name}-out.xml`));
    expect(validateDomain(dom)).toEqual([]);
    // The edited document is itself stable under round trip.
    expect(DomainXml.parse(out).serialize()).toBe(out);
    expect(domainDiff(input, out)).not.toContain('rotated-pw');
  });
});

import { describe, expect, it } from 'vitest';
import { checkAbsolutePath, checkCount, checkCpuset, checkMac, checkName, checkPort, checkTargetDev, checkUuid, parseCpuset } from './rules';

describe('field rules', () => {
  it('names: not empty, no slash', () => {
    expect(checkName('web-01')).toBeUndefined();
    expect(checkName('')).toMatch(/empty/);
    expect(checkName('   ')).toMatch(/empty/);
    expect(checkName(undefined)).toMatch(/empty/);
    expect(checkName('a/b')).toMatch(/'\/'/);
  });

  it('UUIDs', () => {
    expect(checkUuid('3b8c9f0e-2d4a-4c1b-9e7f-6a5d4c3b2a19')).toBeUndefined();
    expect(checkUuid('3b8c9f0e2d4a4c1b9e7f6a5d4c3b2a19')).toBeUndefined();
    expect(checkUuid('not-a-uuid')).toMatch(/32 hex/);
  });

  it('MACs: format and unicast', () => {
    expect(checkMac('52:54:00:ab:CD:ef')).toBeUndefined();
    expect(checkMac(undefined)).toMatch(/required/);
    expect(checkMac('52-54-00-ab-cd-ef')).toMatch(/not a MAC/);
    expect(checkMac('52:54:00:ab:cd')).toMatch(/not a MAC/);
    expect(checkMac('01:00:5e:00:00:01')).toMatch(/multicast/);
    expect(checkMac('ff:ff:ff:ff:ff:ff')).toMatch(/multicast/);
    expect(checkMac('00:00:00:00:00:00')).toMatch(/zeros/);
  });

  it.each([
    ['virtio', 'vda', true],
    ['virtio', 'vdaa', true],
    ['virtio', 'sda', false],
    ['sata', 'sdb', true],
    ['scsi', 'sdc', true],
    ['usb', 'sdd', true],
    ['sata', 'vda', false],
    ['ide', 'hdc', true],
    ['ide', 'sda', false],
    ['fdc', 'fda', true],
    ['xen', 'xvda', true],
    ['sd', 'mmcblk0', true],
    ['virtio', 'vd1', false],
  ])('target dev %s/%s ok=%s', (bus, dev, ok) => {
    expect(checkTargetDev(bus, dev) === undefined).toBe(ok);
  });

  it('target dev: missing name, unknown bus, no bus', () => {
    expect(checkTargetDev('virtio', undefined)).toMatch(/required/);
    expect(checkTargetDev('nvme0', 'x')).toMatch(/unknown disk bus/);
    expect(checkTargetDev(undefined, 'vda')).toBeUndefined();
    expect(checkTargetDev('virtio', 'sda')).toMatch(/e\.g\. vda/);
  });

  it('cpusets: ranges, exclusions, errors', () => {
    expect(parseCpuset('0-3,^2,8')).toEqual([0, 1, 3, 8]);
    expect(parseCpuset('5')).toEqual([5]);
    expect(parseCpuset('1, 3')).toEqual([1, 3]);
    expect(checkCpuset(undefined)).toBeUndefined();
    expect(checkCpuset('0-3,^2,8')).toBeUndefined();
    expect(checkCpuset('')).toMatch(/empty/);
    expect(checkCpuset('3-1')).toMatch(/reversed/);
    expect(checkCpuset('a')).toMatch(/not a CPU number/);
    expect(checkCpuset('0,,1')).toMatch(/not a CPU number/);
    expect(checkCpuset('^1-2,4')).toMatch(/single CPU/);
    expect(checkCpuset('^1')).toMatch(/selects no CPU/);
    expect(checkCpuset('0-3,^0-3')).toMatch(/single CPU/);
    expect(checkCpuset('9999')).toMatch(/beyond/);
  });

  it('ports', () => {
    expect(checkPort(5900, 5900)).toBeUndefined();
    expect(checkPort(5899, 5900)).toMatch(/5900-65535/);
    expect(checkPort(65536)).toMatch(/outside/);
    expect(checkPort(0)).toMatch(/outside/);
    expect(checkPort('4555')).toBeUndefined();
    expect(checkPort('http')).toMatch(/outside/);
    expect(checkPort(undefined)).toBeUndefined();
  });

  it('absolute paths', () => {
    expect(checkAbsolutePath('/var/lib/x.img')).toBeUndefined();
    expect(checkAbsolutePath(undefined)).toBeUndefined();
    expect(checkAbsolutePath('images/x.img')).toMatch(/absolute/);
    expect(checkAbsolutePath('')).toMatch(/absolute/);
    expect(checkAbsolutePath('/a\0b')).toMatch(/NUL/);
  });

  it('counts', () => {
    expect(checkCount(1, 'x')).toBeUndefined();
    expect(checkCount(0, 'vCPUs')).toMatch(/at least 1/);
    expect(checkCount(1.5, 'x')).toMatch(/whole/);
    expect(checkCount(undefined, 'x')).toMatch(/whole/);
  });
});

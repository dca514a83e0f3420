import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { networksArgSchemas } from '../../../preload/contract/networks';
import { storageArgSchemas } from '../../../preload/contract/storage';
import { checkLocalPath } from './transfer';
import { checkAbsolutePath, checkHost, checkIqn, checkObjectName, checkUuid } from './validate';

describe('validators', () => {
  it('absolute, normalised paths', () => {
    expect(checkAbsolutePath('/var/lib/libvirt/images', 'p')).toBeNull();
    expect(checkAbsolutePath('var/lib', 'p')).toMatch(/not an absolute path/);
    expect(checkAbsolutePath('/var//lib', 'p')).toMatch(/not normalised.*"\/var\/lib"/);
    expect(checkAbsolutePath('/var/lib/', 'p')).toMatch(/not normalised.*"\/var\/lib"/);
    expect(checkAbsolutePath('/var/./lib', 'p')).toMatch(/not normalised/);
    expect(checkAbsolutePath('/var/lib\n', 'p')).toMatch(/control characters/);
    expect(checkAbsolutePath('/', 'p')).toMatch(/cannot be \//);
    expect(checkAbsolutePath('/', 'p', { allowRoot: true })).toBeNull();
  });

  it('host names and addresses', () => {
    for (const ok of ['nas', 'nas.example.com', '192.0.2.1', '2001:db8::1', 'ceph-mon-1.lan']) expect(checkHost(ok, 'h')).toBeNull();
    for (const bad of ['', 'a b', '-x.com', '999.1.1.1', 'x_y.com', '[::1]']) expect(checkHost(bad, 'h')).not.toBeNull();
  });

  it('object names, IQNs and secret UUIDs', () => {
    expect(checkObjectName('vdtest-pool_1.img', 'n')).toBeNull();
    expect(checkObjectName('../x', 'n')).toMatch(/may only contain/);
    expect(checkObjectName('a b', 'n')).toMatch(/may only contain/);
    expect(checkIqn('iqn.2013-06.com.example:storage.lun1', 'i')).toBeNull();
    expect(checkIqn('eui.02004567A425678D', 'i')).toBeNull();
    expect(checkIqn('iqn.13-06.com.example', 'i')).toMatch(/not an iSCSI name/);
    expect(checkUuid('2ec115d7-3a88-3ceb-bc12-0ac909a6fd87', 's')).toBeNull();
    expect(checkUuid('AQBj3LRfAAAAABAAuHvP2Ds5S6sX4bPJY4mZ4g==', 's')).toMatch(/not its value/);
  });

  it('local transfer paths', () => {
    expect(checkLocalPath('/home/me/disk.img')).toBeNull();
    expect(checkLocalPath('')).toMatch(/no file chosen/);
    expect(checkLocalPath('disk.img')).toMatch(/not an absolute path/);
    expect(checkLocalPath('/home/me/../me/disk.img')).toMatch(/not a normalised path.*"\/home\/me\/disk.img"/);
    expect(checkLocalPath('/home/me/')).toMatch(/not a normalised path/);
  });
});

describe('contract argument schemas', () => {
  const host = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';
  const ok = (schema: v.GenericSchema, args: unknown[]) => expect(v.safeParse(schema, args).success).toBe(true);
  const bad = (schema: v.GenericSchema, args: unknown[]) => expect(v.safeParse(schema, args).success).toBe(false);

  it('storage', () => {
    ok(storageArgSchemas.definePool, [host, { type: 'dir', name: 'p', targetPath: '/x' }]);
    ok(storageArgSchemas.definePool, [host, { type: 'rbd', name: 'p', hosts: [{ name: 'm' }], sourceName: 'r' }, { start: true }]);
    bad(storageArgSchemas.definePool, [host, { type: 'dir', name: 'p', targetPath: '/x', secret: 'pw' }]);
    bad(storageArgSchemas.definePool, [host, { type: 'zfs', name: 'p' }]);
    bad(storageArgSchemas.listPools, ['not-a-uuid']);
    ok(storageArgSchemas.createVolume, [host, 'p', { name: 'v', format: 'qcow2', capacity: '10G' }]);
    ok(storageArgSchemas.createVolume, [host, 'p', { name: 'v', format: 'raw', capacity: 1024 }]);
    bad(storageArgSchemas.createVolume, [host, 'p', { name: 'v', format: 'vmdk', capacity: '10G' }]);
    ok(storageArgSchemas.downloadVolume, [host, { pool: 'p', volume: 'v', file: '/tmp/x', overwrite: true }]);
    // transfers and clones run as jobs (JobsService); storage no longer takes job ids
    bad(storageArgSchemas.downloadVolume, [host, { pool: 'p', volume: 'v', file: '/tmp/x', jobId: host }]);
    bad(storageArgSchemas.cloneVolume, [host, 'p', 'v', { name: 'w', jobId: host }]);
    ok(storageArgSchemas.cloneVolume, [host, 'p', 'v', { name: 'w', format: 'raw' }]);
    bad(storageArgSchemas.uploadVolume, [host, { pool: 'p', volume: 'v', file: '/tmp/x', overwrite: true }]);
    ok(storageArgSchemas.wipeVolume, [host, 'p', 'v', 'dod']);
    expect(Object.keys(storageArgSchemas)).not.toContain('cancelJob');
  });

  it('networks', () => {
    ok(networksArgSchemas.define, [host, { name: 'n', mode: 'isolated' }, { start: true }]);
    ok(networksArgSchemas.define, [host, { name: 'n', mode: 'nat', ipv4: { address: '10.0.0.1', prefix: 24, hosts: [{ mac: 'm', ip: 'i' }] } }]);
    bad(networksArgSchemas.define, [host, { name: 'n', mode: 'vepa' }]);
    bad(networksArgSchemas.define, [host, { name: 'n', mode: 'nat', ipv4: { address: '10.0.0.1', prefix: 24.5 } }]);
    ok(networksArgSchemas.xml, [host, 'n', true]);
    bad(networksArgSchemas.hostInterfaces, [host, 'extra']);
  });
});

// VM operations against a private libvirtd's test driver; every outcome checked with virsh.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type LibvirtClient } from '../../libvirt';
import { startPrivateDaemon, type PrivateDaemon } from '../testing/private-daemon';
import { VmOperations } from './vm-operations';

let daemon: PrivateDaemon;
let client: LibvirtClient;
let ops: VmOperations;
let logged: string[];
const HOST = '11111111-2222-4333-8444-555555555555';
const vsh = (...a: string[]) => execFileSync('virsh', ['-c', daemon.uri, ...a], { encoding: 'utf8' }).trim();

beforeEach(async () => {
  daemon = await startPrivateDaemon();
  client = await connect(daemon.uri);
  logged = [];
  ops = new VmOperations(() => client, (l) => logged.push(l));
});
afterEach(async () => {
  await client?.close().catch(() => undefined);
  await daemon?.dispose();
});

describe('VmOperations', () => {
  it('runs every lifecycle action and libvirt reflects it', async () => {
    const uuid = vsh('domuuid', 'test');
    await ops.act(HOST, uuid, 'pause');
    expect(vsh('domstate', 'test')).toBe('paused');
    await ops.act(HOST, uuid, 'resume');
    expect(vsh('domstate', 'test')).toBe('running');
    await ops.act(HOST, uuid, 'reboot');
    await ops.act(HOST, uuid, 'reset');
    expect(vsh('domstate', 'test')).toBe('running');
    await ops.act(HOST, uuid, 'force-off');
    expect(vsh('domstate', 'test')).toBe('shut off');
    await ops.act(HOST, uuid, 'start');
    expect(vsh('domstate', 'test')).toBe('running');
    await ops.act(HOST, uuid, 'shutdown');
    expect(vsh('domstate', 'test')).toBe('shut off');
    await ops.act(HOST, uuid, 'start');
    await ops.act(HOST, uuid, 'managed-save');
    expect(vsh('domstate', 'test')).toBe('shut off');
    expect(vsh('dominfo', 'test')).toMatch(/Managed save:\s+yes/);
    await ops.act(HOST, uuid, 'managed-save-remove');
    expect(vsh('dominfo', 'test')).toMatch(/Managed save:\s+no/);
  });

  it('passes libvirt refusals through as LibvirtError', async () => {
    const uuid = vsh('domuuid', 'test');
    await expect(ops.act(HOST, uuid, 'resume')).rejects.toMatchObject({ name: 'LibvirtError', message: expect.stringMatching(/not paused/) });
    await expect(ops.act(HOST, '00000000-0000-4000-8000-000000000000', 'start')).rejects.toMatchObject({ codeName: 'VIR_ERR_NO_DOMAIN' });
  });

  it('sets autostart and renames', async () => {
    const uuid = vsh('domuuid', 'test');
    await ops.setAutostart(HOST, uuid, true);
    expect(await ops.getAutostart(HOST, uuid)).toBe(true);
    expect(vsh('dominfo', 'test')).toMatch(/Autostart:\s+enable/);
    await ops.act(HOST, uuid, 'force-off');
    await ops.rename(HOST, uuid, 'vdtest-renamed');
    expect(vsh('domname', uuid)).toBe('vdtest-renamed');
  });

  it('applies a valid XML edit, logs and returns the diff', async () => {
    const uuid = vsh('domuuid', 'test');
    const xml = await ops.getXml(HOST, uuid);
    const edited = xml.replace('</name>', '</name>\n  <title>Edited by Virtdeck</title>');
    const result = await ops.defineXml(HOST, uuid, edited);
    expect(result.diff).toContain('+  <title>Edited by Virtdeck</title>');
    expect(result.needsRestart).toBe(true);
    expect(vsh('dumpxml', '--inactive', 'test')).toContain('<title>Edited by Virtdeck</title>');
    expect(logged.join('\n')).toContain('<title>Edited by Virtdeck</title>');
  });

  it('rejects bad XML with a clear error and leaves the definition unchanged', async () => {
    const uuid = vsh('domuuid', 'test');
    const before = vsh('dumpxml', '--inactive', 'test');
    const xml = await ops.getXml(HOST, uuid);
    // not XML at all
    await expect(ops.defineXml(HOST, uuid, xml.replace('</domain>', '</domian>'))).rejects.toMatchObject({ code: 'INVALID_XML' });
    // another VM's identity: would overwrite that VM
    await expect(ops.defineXml(HOST, uuid, xml.replace(uuid, '00000000-0000-4000-8000-000000000001'))).rejects.toMatchObject({
      code: 'INVALID_XML',
      message: expect.stringContaining(uuid),
    });
    // well-formed, but invalid for libvirt's schema
    await expect(ops.defineXml(HOST, uuid, xml.replace('</devices>', '<bogus-device/></devices>'))).rejects.toMatchObject({
      name: 'LibvirtError',
    });
    expect(vsh('dumpxml', '--inactive', 'test')).toBe(before);
  });
});

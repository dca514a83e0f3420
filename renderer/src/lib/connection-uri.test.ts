import { describe, expect, it } from 'vitest';
import { buildConnectionUri, suggestName } from './connection-uri';

describe('buildConnectionUri', () => {
  it('passes local URIs through', () => {
    expect(buildConnectionUri({ kind: 'local', uri: 'qemu:///session' })).toEqual({ ok: true, uri: 'qemu:///session' });
  });
  it('builds SSH URIs with optional user and port', () => {
    expect(buildConnectionUri({ kind: 'ssh', user: 'root', host: 'kvm1.example.com', port: '2222', path: 'system' })).toEqual({
      ok: true,
      uri: 'qemu+ssh://root@kvm1.example.com:2222/system',
    });
    expect(buildConnectionUri({ kind: 'ssh', user: '', host: '10.0.0.5', port: '', path: 'session' })).toEqual({ ok: true, uri: 'qemu+ssh://10.0.0.5/session' });
    expect(buildConnectionUri({ kind: 'ssh', user: 'me', host: 'fe80::1', port: '', path: 'system' })).toEqual({ ok: true, uri: 'qemu+ssh://me@[fe80::1]/system' });
  });
  it('reports each wrong SSH field', () => {
    const r = buildConnectionUri({ kind: 'ssh', user: 'bad user', host: '', port: '70000', path: 'system' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['host', 'port', 'user']);
    expect(buildConnectionUri({ kind: 'ssh', user: '', host: 'a_b', port: '', path: 'system' }).ok).toBe(false);
    expect(buildConnectionUri({ kind: 'ssh', user: '', host: '300.1.1.1', port: '', path: 'system' }).ok).toBe(false);
    expect(buildConnectionUri({ kind: 'ssh', user: '', host: 'h', port: '22x', path: 'system' }).ok).toBe(false);
  });
  it('builds TLS URIs', () => {
    expect(buildConnectionUri({ kind: 'tls', host: 'kvm2', port: '' })).toEqual({ ok: true, uri: 'qemu+tls://kvm2/system' });
    expect(buildConnectionUri({ kind: 'tls', host: 'kvm2', port: '16514' })).toEqual({ ok: true, uri: 'qemu+tls://kvm2:16514/system' });
  });
  it('checks custom URIs like the contract does', () => {
    expect(buildConnectionUri({ kind: 'custom', uri: ' test+unix:///default?socket=/tmp/x ' })).toEqual({ ok: true, uri: 'test+unix:///default?socket=/tmp/x' });
    expect(buildConnectionUri({ kind: 'custom', uri: '' }).ok).toBe(false);
    expect(buildConnectionUri({ kind: 'custom', uri: 'not a uri' }).ok).toBe(false);
    expect(buildConnectionUri({ kind: 'custom', uri: 'qemu:///system with space' }).ok).toBe(false);
  });
});

describe('suggestName', () => {
  it('uses the host, or the driver and path for local URIs', () => {
    expect(suggestName('qemu+ssh://root@kvm1:22/system')).toBe('kvm1');
    expect(suggestName('test+unix:///default?socket=/tmp/s')).toBe('test default');
  });
});

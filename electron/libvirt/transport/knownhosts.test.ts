import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendKnownHost, checkHostKey, fingerprintSha256, hostFieldMatches, keyTypeOf, knownHostsName, parseKnownHosts } from './knownhosts';

function blob(type: string, body: Buffer): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  const blen = Buffer.alloc(4);
  blen.writeUInt32BE(body.length);
  return Buffer.concat([len, t, blen, body]);
}
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return blob('ssh-ed25519', raw);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'vd-kh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known_hosts', () => {
  const k1 = ed25519Blob();
  const k2 = ed25519Blob();

  it('names non-22 ports as [host]:port', () => {
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('h', 2222)).toBe('[h]:2222');
  });

  it('extracts the key type and the OpenSSH SHA256 fingerprint', () => {
    expect(keyTypeOf(k1)).toBe('ssh-ed25519');
    expect(fingerprintSha256(k1)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches plain, comma lists, wildcards and negations', () => {
    expect(hostFieldMatches('a,b,c', 'b')).toBe(true);
    expect(hostFieldMatches('*.example.com', 'x.example.com')).toBe(true);
    expect(hostFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(hostFieldMatches('h?st', 'host')).toBe(true);
    expect(hostFieldMatches('[h]:2222', '[h]:2222')).toBe(true);
    expect(hostFieldMatches('h', '[h]:2222')).toBe(false);
    expect(hostFieldMatches('HOST', 'host')).toBe(true);
  });

  it('matches hashed |1| entries', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[127.0.0.1]:2222').digest('base64');
    const field = `|1|${salt.toString('base64')}|${hash}`;
    expect(hostFieldMatches(field, '[127.0.0.1]:2222')).toBe(true);
    expect(hostFieldMatches(field, '127.0.0.1')).toBe(false);
  });

  it('classifies match / changed / unknown / revoked', () => {
    const text = [
      '# comment',
      '',
      `[h]:2222 ssh-ed25519 ${k1.toString('base64')}`,
      `other ssh-ed25519 ${k2.toString('base64')}`,
      `@cert-authority * ssh-ed25519 ${k2.toString('base64')}`,
      `@revoked rev ssh-ed25519 ${k2.toString('base64')}`,
      `rsaonly ssh-rsa AAAAB3NzaC1yc2E=`,
    ].join('\n');
    const e = parseKnownHosts(text);
    expect(e).toHaveLength(5);
    expect(checkHostKey(e, 'h', 2222, k1).status).toBe('match');
    const ch = checkHostKey(e, 'h', 2222, k2);
    expect(ch.status).toBe('changed');
    expect(ch.status === 'changed' && ch.entry.line).toBe(3);
    expect(checkHostKey(e, 'h', 22, k1).status).toBe('unknown');
    expect(checkHostKey(e, 'rev', 22, k2).status).toBe('revoked');
    const u = checkHostKey(e, 'rsaonly', 22, k1);
    expect(u).toEqual({ status: 'unknown', otherTypesKnown: ['ssh-rsa'] });
  });

  it('appends entries (plain and hashed), fixing a missing final newline', () => {
    const f = path.join(dir, 'sub', 'known_hosts');
    appendKnownHost(f, '127.0.0.1', 2222, k1);
    writeFileSync(f, readFileSync(f, 'utf8') + 'x ssh-ed25519 AAAA'); // no trailing newline
    appendKnownHost(f, 'host', 22, k2, { hash: true });
    const e = parseKnownHosts(readFileSync(f, 'utf8'));
    expect(e).toHaveLength(3);
    expect(checkHostKey(e, '127.0.0.1', 2222, k1).status).toBe('match');
    expect(checkHostKey(e, 'host', 22, k2).status).toBe('match');
    expect(e[2]!.hosts.startsWith('|1|')).toBe(true);
  });
});

/**
 * OpenSSH known_hosts handling: plain, wildcard (* ?), negated (!pattern), hashed (|1|salt|hash)
 * host fields, the `[host]:port` form for non-22 ports, and the @revoked / @cert-authority markers.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface KnownHostEntry {
  line: number;
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  keyBase64: string;
}

export type HostKeyCheck =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'unknown'; otherTypesKnown: string[] }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry };

/** 'SHA256:<base64 without padding>' like `ssh-keygen -lf`. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type is the first SSH string in the public key blob. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const n = keyBlob.readUInt32BE(0);
  if (n <= 0 || n > 64 || 4 + n > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + n).toString('latin1');
}

/** The name OpenSSH looks up: `host` for port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === '' || l.startsWith('#')) continue;
    const fields = l.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    else if (fields[0]!.startsWith('@')) continue; // unknown marker
    if (fields.length < 3) continue;
    const e: KnownHostEntry = { line: i + 1, hosts: fields[0]!, keyType: fields[1]!, keyBase64: fields[2]! };
    if (marker) e.marker = marker;
    out.push(e);
  }
  return out;
}

function globToRegExp(p: string): RegExp {
  const re = p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  // |1|base64(salt)|base64(HMAC-SHA1(salt, name))
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2]!, 'base64');
  const want = parts[3]!;
  const got = createHmac('sha1', salt).update(name).digest('base64');
  return got === want;
}

/** Does the host field of a known_hosts line match `name` (already in `[host]:port` form)? */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const pat of field.split(',')) {
    if (pat === '') continue;
    if (pat.startsWith('!')) {
      if (globToRegExp(pat.slice(1)).test(name)) return false;
    } else if (globToRegExp(pat).test(name)) {
      matched = true;
    }
  }
  return matched;
}

export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, keyBlob: Buffer): HostKeyCheck {
  const name = knownHostsName(host, port);
  const type = keyTypeOf(keyBlob);
  const b64 = keyBlob.toString('base64');
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && hostFieldMatches(e.hosts, name));
  const revoked = mine.find((e) => e.marker === '@revoked' && e.keyBase64 === b64);
  if (revoked) return { status: 'revoked', entry: revoked };
  const normal = mine.filter((e) => e.marker === undefined);
  const match = normal.find((e) => e.keyType === type && e.keyBase64 === b64);
  if (match) return { status: 'match', entry: match };
  const changed = normal.find((e) => e.keyType === type);
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown', otherTypesKnown: [...new Set(normal.map((e) => e.keyType))] };
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Key types already known for host:port, to prefer them when negotiating (like OpenSSH). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  return [...new Set(entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}

/** Append `host keytype base64` (hashed like OpenSSH's HashKnownHosts when `hash`). */
export function appendKnownHost(file: string, host: string, port: number, keyBlob: Buffer, opts: { hash?: boolean } = {}): string {
  const name = knownHostsName(host, port);
  let field = name;
  if (opts.hash) {
    const salt = randomBytes(20);
    field = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  }
  const line = `${field} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`;
  const dir = path.dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  let prefix = '';
  if (existsSync(file) && statSync(file).size > 0) {
    const cur = readFileSync(file);
    if (cur[cur.length - 1] !== 0x0a) prefix = '\n';
  }
  appendFileSync(file, prefix + line, { mode: 0o600 });
  return line;
}

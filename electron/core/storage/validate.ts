// Validators shared by storage and networks. Each returns a problem sentence or null, so a builder
// can collect every problem and report them together.
import { isIP } from 'node:net';
import path from 'node:path';
import { ApiError } from '../api/api-error';

/** Collects problems; `throwIfAny` raises one INVALID_ARGUMENT listing all of them. */
export class Problems {
  readonly list: string[] = [];
  add(problem: string | null | undefined): void {
    if (problem) this.list.push(problem);
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    throw new ApiError('INVALID_ARGUMENT', `${what}: ${this.list.join('; ')}`);
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * Names of pools, volumes and networks we create: letters, digits and . _ + - : @ (libvirt refuses
 * '/', and these become file names under /etc/libvirt). Existing objects with other names can still
 * be managed by name.
 */
export function checkObjectName(name: string, what: string): string | null {
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 200) return `${what} is longer than 200 characters`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.+:@-]*$/.test(name)) {
    return `${what} "${name}" may only contain letters, digits and . _ + - : @ and must start with a letter, digit or _`;
  }
  return null;
}

/** An absolute, normalised POSIX path (no '.', '..', '//' or trailing '/'). */
export function checkAbsolutePath(p: string, what: string, opts: { allowRoot?: boolean } = {}): string | null {
  if (p.length === 0) return `${what} is empty`;
  if (CONTROL.test(p)) return `${what} contains control characters`;
  if (!p.startsWith('/')) return `${what} "${p}" is not an absolute path (it must start with /)`;
  if (path.posix.normalize(p) !== p || (p.length > 1 && p.endsWith('/'))) {
    return `${what} "${p}" is not normalised (no ".", "..", "//" or trailing "/"; did you mean "${path.posix.normalize(p).replace(/(.)\/$/, '$1')}"?)`;
  }
  if (p === '/' && !opts.allowRoot) return `${what} cannot be /`;
  if (p.length > 4096) return `${what} is too long`;
  return null;
}

/** A block device path under /dev. */
export function checkDevicePath(p: string, what: string): string | null {
  const bad = checkAbsolutePath(p, what);
  if (bad) return bad;
  if (!p.startsWith('/dev/')) return `${what} "${p}" is not a device (expected a path under /dev/, e.g. /dev/sdb1)`;
  return null;
}

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** A DNS host name or an IPv4/IPv6 address (without brackets). */
export function checkHost(host: string, what: string): string | null {
  if (host.length === 0) return `${what} is empty`;
  if (isIP(host) !== 0) return null;
  if (/^[\d.]+$/.test(host)) return `${what} "${host}" is not a valid IPv4 address`;
  if (!HOSTNAME.test(host)) return `${what} "${host}" is not a host name or IP address`;
  return null;
}

export function checkPort(port: number | undefined, what: string): string | null {
  if (port === undefined) return null;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `${what} ${port} is not a port (1-65535)`;
  return null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(uuid: string, what: string): string | null {
  return UUID_RE.test(uuid) ? null : `${what} "${uuid}" is not a UUID (the secret's UUID from "virsh secret-list", not its value)`;
}

/** iSCSI names: iqn.YYYY-MM.reversed.domain[:anything], eui.<16 hex>, naa.<16 or 32 hex>. */
export function checkIqn(iqn: string, what: string): string | null {
  if (/^iqn\.\d{4}-\d{2}\.[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[^\s]+)?$/i.test(iqn)) return null;
  if (/^eui\.[0-9a-f]{16}$/i.test(iqn) || /^naa\.([0-9a-f]{16}|[0-9a-f]{32})$/i.test(iqn)) return null;
  return `${what} "${iqn}" is not an iSCSI name (e.g. iqn.2013-06.com.example:storage)`;
}

/** A user name for CHAP/cephx: printable, no spaces. */
export function checkUsername(name: string, what: string): string | null {
  if (name.length === 0) return `${what} is empty`;
  if (CONTROL.test(name) || /\s/.test(name)) return `${what} may not contain spaces or control characters`;
  if (name.length > 255) return `${what} is too long`;
  return null;
}

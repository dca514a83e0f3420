// The Add connection dialog's URI builder and its inline validation. Returns either the URI or
// the message to show next to the field that is wrong.
export type ConnectionForm =
  | { kind: 'local'; uri: 'qemu:///system' | 'qemu:///session' }
  | { kind: 'ssh'; user: string; host: string; port: string; path: 'system' | 'session' }
  | { kind: 'tls'; host: string; port: string }
  | { kind: 'custom'; uri: string };

export type BuildResult = { ok: true; uri: string } | { ok: false; errors: Partial<Record<string, string>> };

const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f:]+$/i;
const USER = /^[a-z_][a-z0-9_.-]*\$?$/i;
/** Same rule as the contract's URI schema: scheme, '://', then printable ASCII. */
export const LIBVIRT_URI = /^[a-z][a-z0-9+.-]*:\/\/[!-~]*$/i;

function hostError(host: string): string | undefined {
  if (!host) return 'Enter a host name or address';
  if (IPV4.test(host)) return host.split('.').every((o) => Number(o) <= 255) ? undefined : 'Not a valid IPv4 address';
  if (host.includes(':')) return IPV6.test(host) ? undefined : 'Not a valid IPv6 address';
  return HOSTNAME.test(host) ? undefined : 'Not a valid host name';
}

function portError(port: string): string | undefined {
  if (port === '') return undefined;
  if (!/^\d+$/.test(port)) return 'Port must be a number';
  const n = Number(port);
  return n >= 1 && n <= 65535 ? undefined : 'Port must be between 1 and 65535';
}

const hostPart = (host: string) => (host.includes(':') ? `[${host}]` : host);

export function buildConnectionUri(form: ConnectionForm): BuildResult {
  switch (form.kind) {
    case 'local':
      return { ok: true, uri: form.uri };
    case 'ssh': {
      const host = form.host.trim();
      const user = form.user.trim();
      const port = form.port.trim();
      const errors: Record<string, string> = {};
      const he = hostError(host);
      if (he) errors.host = he;
      if (user && !USER.test(user)) errors.user = 'Not a valid user name';
      const pe = portError(port);
      if (pe) errors.port = pe;
      if (Object.keys(errors).length) return { ok: false, errors };
      const auth = user ? `${user}@` : '';
      return { ok: true, uri: `qemu+ssh://${auth}${hostPart(host)}${port ? `:${port}` : ''}/${form.path}` };
    }
    case 'tls': {
      const host = form.host.trim();
      const port = form.port.trim();
      const errors: Record<string, string> = {};
      const he = hostError(host);
      if (he) errors.host = he;
      const pe = portError(port);
      if (pe) errors.port = pe;
      if (Object.keys(errors).length) return { ok: false, errors };
      return { ok: true, uri: `qemu+tls://${hostPart(host)}${port ? `:${port}` : ''}/system` };
    }
    case 'custom': {
      const uri = form.uri.trim();
      if (!uri) return { ok: false, errors: { uri: 'Enter a libvirt URI' } };
      if (uri.length > 2048) return { ok: false, errors: { uri: 'URI is too long' } };
      if (!LIBVIRT_URI.test(uri)) return { ok: false, errors: { uri: 'Not a libvirt URI (expected e.g. qemu:///system)' } };
      return { ok: true, uri };
    }
  }
}

/** A default name for a new connection: the host part of the URI, or the URI's driver. */
export function suggestName(uri: string): string {
  const m = /^([a-z0-9+.-]+):\/\/(?:[^@/]*@)?([^/:?]*|\[[^\]]*\])(?::\d+)?\/([^?]*)/i.exec(uri);
  if (!m) return uri;
  const [, scheme, host, path] = m;
  const driver = scheme!.split('+')[0];
  if (host) return host;
  return `${driver} ${path || ''}`.trim();
}

/**
 * Parser for libvirt connection URIs, following libvirt's remote driver rules
 * (src/remote/remote_driver.c doRemoteOpen, src/remote/remote_sockets.c, docs/uri.rst):
 *
 *   driver[+transport]://[user@][host][:port]/[path][?param=value&...][#fragment]
 *
 * - transport: unix | tcp | tls | ssh | libssh | libssh2 | ext (case-insensitive). Without one, `tls`
 *   when a host is given, `unix` otherwise.
 * - Parameters consumed by the client (never forwarded to the daemon): name, command, socket, auth,
 *   sshauth, netcat, keyfile, pkipath, known_hosts, known_hosts_verify, tls_priority, mode, proxy,
 *   no_sanity, no_verify, no_tty, authfile. All others are passed through in the name sent in
 *   CONNECT_OPEN.
 * - The name sent in CONNECT_OPEN is `driver://` + path + remaining query + fragment (no transport,
 *   user, host, port). For the `remote` driver it is '' (let the daemon pick) unless name= is given.
 */

export type LibvirtTransport = 'unix' | 'tcp' | 'tls' | 'ssh' | 'libssh' | 'libssh2' | 'ext';
export type RemoteMode = 'auto' | 'legacy' | 'direct';
export type ProxyMode = 'auto' | 'netcat' | 'native';
export type KnownHostsVerify = 'normal' | 'auto' | 'ignore';

const TRANSPORTS: readonly LibvirtTransport[] = ['tls', 'unix', 'ssh', 'libssh2', 'ext', 'tcp', 'libssh'];

export class LibvirtUriError extends Error {
  override readonly name = 'LibvirtUriError';
  readonly code = 'INVALID_URI' as const;
  constructor(
    message: string,
    readonly uri: string,
  ) {
    super(message);
  }
}

export interface UriParam {
  name: string;
  value: string;
}

/** Parameters the client itself interprets (libvirt's EXTRACT_URI_ARG_* list). */
export interface ClientParams {
  name?: string;
  command?: string;
  socket?: string;
  auth?: string;
  sshauth?: string;
  netcat?: string;
  keyfile?: string;
  pkipath?: string;
  knownHosts?: string;
  knownHostsVerify?: KnownHostsVerify;
  tlsPriority?: string;
  mode?: RemoteMode;
  proxy?: ProxyMode;
  /** no_sanity=1 */
  noSanity: boolean;
  /** no_verify=1 */
  noVerify: boolean;
  /** no_tty=1 */
  noTty: boolean;
}

export interface LibvirtUri {
  /** the URI as given */
  raw: string;
  /** scheme before '+', e.g. 'qemu', 'test', 'remote' */
  driver: string;
  /** transport as written, or the implied default (lower-cased) */
  transport: LibvirtTransport;
  /** true if the URI spelled out a transport */
  explicitTransport: boolean;
  user?: string;
  /** host name / address without IPv6 brackets; undefined for local URIs */
  host?: string;
  port?: number;
  /** path including the leading '/', e.g. '/system'; '' when absent */
  path: string;
  fragment?: string;
  /** every query parameter in order, decoded */
  params: UriParam[];
  /** the parameters forwarded to the daemon (i.e. not consumed by the client) */
  passthroughParams: UriParam[];
  client: ClientParams;
  /** name to send in REMOTE_PROC_CONNECT_OPEN */
  openName: string;
  /**
   * URI handed to virt-ssh-helper on the remote host: like openName but keeping mode= and socket=
   * (libvirt's remoteConnectFormatURI(uri, driver, unmask=true)).
   */
  sshHelperName: string;
}

const CLIENT_STRING_PARAMS = [
  'name',
  'command',
  'socket',
  'auth',
  'sshauth',
  'netcat',
  'keyfile',
  'pkipath',
  'known_hosts',
  'known_hosts_verify',
  'tls_priority',
  'mode',
  'proxy',
] as const;
const CLIENT_BOOL_PARAMS = ['no_sanity', 'no_verify', 'no_tty'] as const;

/** RFC 3986 scheme syntax; libvirt schemes are e.g. qemu, qemu+ssh, vbox, esx, test+unix. */
const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*$/;

export function parseLibvirtUri(raw: string): LibvirtUri {
  const fail = (msg: string): never => {
    throw new LibvirtUriError(msg, raw);
  };
  if (typeof raw !== 'string' || raw.trim() === '') fail('Connection URI is empty');
  if (raw !== raw.trim()) fail(`Connection URI '${raw}' has leading or trailing whitespace`);
  if (/\s/.test(raw) || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) fail(`Connection URI '${raw}' contains whitespace or control characters`);

  const colon = raw.indexOf(':');
  if (colon < 0) fail(`Connection URI '${raw}' has no scheme (expected e.g. 'qemu:///system' or 'qemu+ssh://host/system')`);
  const scheme = raw.slice(0, colon);
  if (scheme === '') fail(`Connection URI '${raw}' has an empty scheme (expected e.g. 'qemu:///system')`);
  if (scheme.startsWith('+')) fail(`Connection URI '${raw}' has no driver name before '+'`);
  if (!SCHEME_RE.test(scheme)) fail(`Connection URI '${raw}' has an invalid scheme '${scheme}'`);

  let rest = raw.slice(colon + 1);
  let fragment: string | undefined;
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) {
    fragment = decode(rest.slice(hashAt + 1), 'fragment', raw);
    rest = rest.slice(0, hashAt);
  }
  let query: string | undefined;
  const qAt = rest.indexOf('?');
  if (qAt >= 0) {
    query = rest.slice(qAt + 1);
    rest = rest.slice(0, qAt);
  }

  let user: string | undefined;
  let host: string | undefined;
  let port: number | undefined;
  let path: string;
  if (rest.startsWith('//')) {
    const afterSlashes = rest.slice(2);
    const slashAt = afterSlashes.indexOf('/');
    const authority = slashAt >= 0 ? afterSlashes.slice(0, slashAt) : afterSlashes;
    path = slashAt >= 0 ? afterSlashes.slice(slashAt) : '';
    let hostport = authority;
    const atAt = authority.lastIndexOf('@');
    if (atAt >= 0) {
      const userinfo = authority.slice(0, atAt);
      hostport = authority.slice(atAt + 1);
      if (userinfo === '') fail(`Connection URI '${raw}' has an empty user name before '@'`);
      user = decode(userinfo, 'user name', raw);
    }
    let portStr: string | undefined;
    if (hostport.startsWith('[')) {
      const close = hostport.indexOf(']');
      if (close < 0) fail(`Connection URI '${raw}' has an unterminated IPv6 address (missing ']')`);
      const literal = hostport.slice(1, close);
      if (!/^[0-9A-Fa-f:.]+(%25[A-Za-z0-9_.-]+)?$/.test(literal) || !literal.includes(':'))
        fail(`Connection URI '${raw}' has an invalid IPv6 address '[${literal}]'`);
      host = decode(literal, 'IPv6 zone', raw);
      const after = hostport.slice(close + 1);
      if (after !== '') {
        if (!after.startsWith(':')) fail(`Connection URI '${raw}' has unexpected text '${after}' after the IPv6 address`);
        portStr = after.slice(1);
      }
    } else {
      const pc = hostport.lastIndexOf(':');
      if (pc >= 0) {
        portStr = hostport.slice(pc + 1);
        hostport = hostport.slice(0, pc);
        if (hostport.includes(':'))
          fail(`Connection URI '${raw}' has an IPv6 address that is not enclosed in brackets (write it as [addr])`);
      }
      host = hostport === '' ? undefined : decode(hostport, 'host name', raw);
      if (host !== undefined && !/^[A-Za-z0-9._~!$&'()*+,;=%-]+$/.test(host))
        fail(`Connection URI '${raw}' has an invalid host name '${host}'`);
    }
    if (portStr !== undefined && portStr !== '') {
      if (!/^[0-9]+$/.test(portStr)) fail(`Connection URI '${raw}' has an invalid port '${portStr}' (must be a number)`);
      const n = Number(portStr);
      if (n < 1 || n > 65535) fail(`Connection URI '${raw}' has an out-of-range port ${portStr} (must be 1-65535)`);
      port = n;
    }
    if (host === undefined && (user !== undefined || port !== undefined))
      fail(`Connection URI '${raw}' names a ${user !== undefined ? 'user' : 'port'} but no host`);
  } else {
    // 'qemu:/system' style (no authority) is accepted by libvirt's parser too.
    path = rest;
  }
  path = decode(path, 'path', raw);

  // Transport.
  const plus = scheme.indexOf('+');
  const driver = plus >= 0 ? scheme.slice(0, plus) : scheme;
  if (driver === '') fail(`Connection URI '${raw}' has no driver name before '+'`);
  let transport: LibvirtTransport;
  let explicitTransport = false;
  if (plus >= 0) {
    const t = scheme.slice(plus + 1).toLowerCase();
    if (!(TRANSPORTS as readonly string[]).includes(t))
      fail(`transport '${scheme.slice(plus + 1)}' in URI '${raw}' not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)`);
    transport = t as LibvirtTransport;
    explicitTransport = true;
    if (transport === 'unix' && host !== undefined)
      fail(`using unix socket and remote server '${host}' is not supported (URI '${raw}')`);
  } else {
    transport = host !== undefined ? 'tls' : 'unix';
  }

  // Query parameters (libvirt's virURIParseParams: '&' or ';' separated, '=' splits at first).
  const params: UriParam[] = [];
  if (query !== undefined && query !== '') {
    for (const section of query.split(/[&;]/)) {
      if (section === '') continue;
      const eq = section.indexOf('=');
      if (eq === 0) continue; // "=value": null name, ignored like libvirt/CGI.pm
      const name = decode(eq < 0 ? section : section.slice(0, eq), 'parameter name', raw);
      const value = eq < 0 ? '' : decode(section.slice(eq + 1), `value of parameter '${section.slice(0, eq)}'`, raw);
      params.push({ name, value });
    }
  }

  const client: ClientParams = { noSanity: false, noVerify: false, noTty: false };
  const passthroughParams: UriParam[] = [];
  for (const p of params) {
    const lname = p.name.toLowerCase();
    if ((CLIENT_STRING_PARAMS as readonly string[]).includes(lname)) {
      setStringParam(client, lname as (typeof CLIENT_STRING_PARAMS)[number], p.value, fail, raw);
    } else if ((CLIENT_BOOL_PARAMS as readonly string[]).includes(lname)) {
      if (!/^[+-]?[0-9]+$/.test(p.value.trim()))
        fail(`Failed to parse value of URI component ${p.name} (expected 0 or 1, got '${p.value}')`);
      const on = Number.parseInt(p.value, 10) !== 0;
      if (lname === 'no_sanity') client.noSanity = on;
      else if (lname === 'no_verify') client.noVerify = on;
      else client.noTty = on;
    } else if (lname === 'authfile') {
      // consumed by libvirt's virauth.c, never forwarded
    } else {
      passthroughParams.push(p);
    }
  }

  let openName: string;
  let sshHelperName: string;
  if (client.name !== undefined) {
    openName = sshHelperName = client.name;
  } else if (driver === 'remote' || scheme.startsWith('remote+')) {
    openName = sshHelperName = ''; // let the daemon probe
  } else {
    openName = formatOpenName(driver, path, passthroughParams, fragment);
    const unmasked = params.filter((p) => passthroughParams.includes(p) || ['mode', 'socket'].includes(p.name.toLowerCase()));
    sshHelperName = formatOpenName(driver, path, unmasked, fragment);
  }

  const result: LibvirtUri = {
    raw,
    driver,
    transport,
    explicitTransport,
    path,
    params,
    passthroughParams,
    client,
    openName,
    sshHelperName,
  };
  if (user !== undefined) result.user = user;
  if (host !== undefined) result.host = host;
  if (port !== undefined) result.port = port;
  if (fragment !== undefined) result.fragment = fragment;
  return result;
}

function setStringParam(
  client: ClientParams,
  name: (typeof CLIENT_STRING_PARAMS)[number],
  value: string,
  fail: (m: string) => never,
  raw: string,
): void {
  switch (name) {
    case 'name':
      client.name = value;
      return;
    case 'command':
      client.command = value;
      return;
    case 'socket':
      if (value !== '' && !value.startsWith('/'))
        fail(`socket= in URI '${raw}' must be an absolute path, got '${value}'`);
      client.socket = value;
      return;
    case 'auth':
      client.auth = value;
      return;
    case 'sshauth':
      client.sshauth = value;
      return;
    case 'netcat':
      client.netcat = value;
      return;
    case 'keyfile':
      client.keyfile = value;
      return;
    case 'pkipath':
      client.pkipath = value;
      return;
    case 'known_hosts':
      client.knownHosts = value;
      return;
    case 'known_hosts_verify':
      if (value !== 'normal' && value !== 'auto' && value !== 'ignore')
        fail(`Unknown known_hosts_verify value '${value}' in URI '${raw}' (should be normal|auto|ignore)`);
      client.knownHostsVerify = value;
      return;
    case 'tls_priority':
      client.tlsPriority = value;
      return;
    case 'mode':
      if (value !== 'auto' && value !== 'legacy' && value !== 'direct')
        fail(`Unknown remote mode '${value}' in URI '${raw}' (should be auto|legacy|direct)`);
      client.mode = value;
      return;
    case 'proxy':
      if (value !== 'auto' && value !== 'netcat' && value !== 'native')
        fail(`Unknown proxy type '${value}' in URI '${raw}' (should be auto|netcat|native)`);
      client.proxy = value;
      return;
  }
}

function decode(s: string, what: string, raw: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new LibvirtUriError(`Connection URI '${raw}' has a malformed percent-escape in the ${what}`, raw);
  }
}

/** Percent-encode like libvirt's virBufferURIEncodeString: keep alnum and -._~ */
function encodeParam(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%3A/gi, ':').replace(/%40/g, '@').replace(/%2B/gi, '+').replace(/%2C/gi, ','))
    .join('/');
}

/** libvirt's virURIFormat({scheme: driver, path, query, fragment}) with an empty server: 'qemu:///system'. */
export function formatOpenName(driver: string, path: string, params: UriParam[], fragment?: string): string {
  let s = `${driver}://${encodePath(path)}`;
  if (params.length > 0) s += '?' + params.map((p) => `${encodeParam(p.name)}=${encodeParam(p.value)}`).join('&');
  if (fragment !== undefined) s += '#' + encodeURI(fragment);
  return s;
}

export function defaultPort(transport: LibvirtTransport): number | undefined {
  switch (transport) {
    case 'tcp':
      return 16509;
    case 'tls':
      return 16514;
    case 'ssh':
    case 'libssh':
    case 'libssh2':
      return 22;
    default:
      return undefined;
  }
}

/** ssh, libssh and libssh2 are all served by our ssh2-based transport. */
export function isSshTransport(t: LibvirtTransport): t is 'ssh' | 'libssh' | 'libssh2' {
  return t === 'ssh' || t === 'libssh' || t === 'libssh2';
}

export interface SocketChoiceEnv {
  /** effective uid (session sockets are used only when > 0); default process.geteuid() */
  euid?: number;
  /** XDG_RUNTIME_DIR (or libvirt's fallback ~/.cache); required for session sockets */
  runtimeDir?: string;
  /** probe for a socket's existence (local unix only; auto mode) */
  exists?: (path: string) => boolean;
  /** LIBVIRT_AUTOSTART env value */
  autostartEnv?: string;
  /** state dir prefix: '/run' for local use, '/var/run' for the remote side (libvirt uses LOCALSTATEDIR/run) */
  runDir?: string;
  /** build-time default for auto mode when neither socket exists (modular daemons since libvirt 7.x) */
  defaultMode?: 'legacy' | 'direct';
  readonly?: boolean;
}

export interface SocketChoice {
  path: string;
  mode: 'legacy' | 'direct';
  /** session (per-user) daemon */
  session: boolean;
  /** the daemon binary to spawn if the socket is missing (local session only) */
  autostartDaemon?: string;
}

/**
 * Which UNIX socket to use (locally for unix, or on the remote host for ssh's nc fallback),
 * following remoteGetURIDaemonInfo + remoteGetUNIXSocket. Throws LibvirtUriError for
 * combinations libvirt rejects.
 */
export function chooseUnixSocket(uri: LibvirtUri, env: SocketChoiceEnv = {}): SocketChoice {
  const euid = env.euid ?? (typeof process.geteuid === 'function' ? process.geteuid() : 0);
  const unix = uri.transport === 'unix';
  const session = euid > 0 && (uri.path === '/session' || uri.raw.slice(0, uri.raw.indexOf(':')).startsWith('test+'));
  const autostart = session && uri.host === undefined && unix && env.autostartEnv !== '0';
  const runDir = env.runDir ?? '/run';
  const ro = env.readonly ? 'sock-ro' : 'sock';
  const sockFor = (prefix: string): string => {
    if (session) {
      if (!env.runtimeDir) throw new LibvirtUriError('Cannot find the user runtime directory (XDG_RUNTIME_DIR is not set)', uri.raw);
      return `${env.runtimeDir}/libvirt/${prefix}-sock`;
    }
    return `${runDir}/libvirt/${prefix}-${ro}`;
  };
  const driver = uri.driver.toLowerCase() === 'remote' ? undefined : uri.driver;
  const directDaemon = driver ? `virt${driver}d` : 'virtproxyd';
  const directSock = sockFor(driver ? directDaemon : 'libvirt');
  const legacySock = sockFor('libvirt');
  let mode: RemoteMode = uri.client.mode ?? 'auto';
  if (mode === 'auto') {
    if (unix) {
      const exists = env.exists ?? (() => false);
      if (exists(directSock)) mode = 'direct';
      else if (exists(legacySock)) mode = 'legacy';
      else mode = env.defaultMode ?? 'direct';
    } else {
      mode = 'legacy';
    }
  }
  if (mode === 'direct' && !unix)
    throw new LibvirtUriError(`Cannot use direct socket mode for ${uri.transport} transport`, uri.raw);
  const choice: SocketChoice = {
    path: mode === 'direct' ? directSock : legacySock,
    mode,
    session,
  };
  if (autostart) choice.autostartDaemon = mode === 'direct' ? directDaemon : 'libvirtd';
  return choice;
}

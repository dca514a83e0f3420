/**
 * Integration-test fixtures: a private sshd and a private libvirtd (TLS + TCP listeners), each
 * in its own temp dir, on 127.0.0.1 high ports, torn down (process killed, dir removed) by stop().
 * Nothing here touches the system daemon, system sshd or ~/.ssh.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir, bin);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Returns the missing binaries, printing a loud skip notice when any are missing. */
export function missingBinaries(what: string, bins: string[]): string[] {
  const missing = bins.filter((b) => !which(b));
  if (missing.length > 0) {
    const line = '!'.repeat(78);
    console.warn(`\n${line}\n!! SKIPPING ${what}: missing ${missing.join(', ')}\n${line}\n`);
  }
  return missing;
}

export function isRoot(): boolean {
  return typeof process.geteuid === 'function' && process.geteuid() === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before listening on ${port}:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createConnection({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs}ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

function capture(child: ChildProcess): () => string {
  let out = '';
  const add = (d: Buffer) => {
    if (out.length < 64_000) out += d.toString();
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}

// ---------------------------------------------------------------- ssh

export interface SshdFixture {
  dir: string;
  port: number;
  hostKeyPub: string;
  /** `ssh-keygen -lf` fingerprint of the host key, 'SHA256:...' */
  hostFingerprint: string;
  /** authorized, unencrypted ed25519 key */
  userKey: string;
  /** authorized ed25519 key encrypted with passphrase 'sekrit' */
  encryptedUserKey: string;
  /** NOT authorized */
  strangerKey: string;
  /** public key lines of the extra host keys, by type */
  extraHostKeyPubs: Record<string, string>;
  log(): string;
  stop(): Promise<void>;
}

export interface SshdConfig {
  /** binaries the remote command may find on PATH (symlinked into a private bin dir) */
  pathBins: string[];
  /** extra host keys besides ed25519, e.g. ['rsa'] (paths in SshdFixture.extraHostKeyPubs) */
  extraHostKeyTypes?: string[];
}

function keygen(file: string, passphrase = '', type = 'ed25519'): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'virtdeck-test', '-f', file], { stdio: 'ignore' });
}

/**
 * sshd -D -e -f <dir>/sshd_config on 127.0.0.1:<free port>, root login by key only, the remote
 * command's PATH limited to `pathBins` (so tests can simulate hosts without virt-ssh-helper or nc).
 */
export async function startSshd(cfg: SshdConfig): Promise<SshdFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-sshd-'));
  let child: ChildProcess | undefined;
  try {
    const hostKey = path.join(dir, 'ssh_host_ed25519_key');
    keygen(hostKey);
    const extraHostKeyPubs: Record<string, string> = {};
    const extraHostKeyLines: string[] = [];
    for (const t of cfg.extraHostKeyTypes ?? []) {
      const k = path.join(dir, `ssh_host_${t}_key`);
      keygen(k, '', t);
      extraHostKeyPubs[t] = readFileSync(k + '.pub', 'utf8');
      extraHostKeyLines.push(`HostKey ${k}`);
    }
    const userKey = path.join(dir, 'id_user');
    keygen(userKey);
    const encryptedUserKey = path.join(dir, 'id_encrypted');
    keygen(encryptedUserKey, 'sekrit');
    const strangerKey = path.join(dir, 'id_stranger');
    keygen(strangerKey);
    const authorized = path.join(dir, 'authorized_keys');
    writeFileSync(authorized, readFileSync(userKey + '.pub', 'utf8') + readFileSync(encryptedUserKey + '.pub', 'utf8'), { mode: 0o600 });
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    for (const b of cfg.pathBins) {
      const real = which(b);
      if (real) symlinkSync(real, path.join(bin, b));
    }
    const port = await freePort();
    const conf = path.join(dir, 'sshd_config');
    writeFileSync(
      conf,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        ...extraHostKeyLines,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorized}`,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'StrictModes no',
        'UsePAM no',
        'PrintMotd no',
        'LogLevel VERBOSE',
        `SetEnv PATH=${bin}`,
        '',
      ].join('\n'),
    );
    // sshd insists on its privilege-separation directory.
    if (!existsSync('/run/sshd')) {
      mkdirSync('/run/sshd', { recursive: true });
      chmodSync('/run/sshd', 0o755);
    }
    const sshd = which('sshd')!;
    child = spawn(sshd, ['-D', '-e', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = capture(child);
    await waitForPort(port, child, log);
    const hostFingerprint = execFileSync('ssh-keygen', ['-lf', hostKey + '.pub'], { encoding: 'utf8' }).split(/\s+/)[1]!;
    const c = child;
    return {
      dir,
      port,
      hostKeyPub: readFileSync(hostKey + '.pub', 'utf8'),
      hostFingerprint,
      userKey,
      encryptedUserKey,
      strangerKey,
      extraHostKeyPubs,
      log,
      stop: async () => {
        await killAndWait(c);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) await killAndWait(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface AgentFixture {
  socket: string;
  stop(): Promise<void>;
}

/** ssh-agent -D -a <sock> with `keyFile` added. */
export async function startAgent(keyFile: string): Promise<AgentFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-agent-'));
  const socket = path.join(dir, 'agent.sock');
  const child = spawn(which('ssh-agent')!, ['-D', '-a', socket], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    await killAndWait(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 10_000;
    while (!existsSync(socket)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('ssh-agent did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    execFileSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    return { socket, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---------------------------------------------------------------- TLS / libvirtd

export interface Pki {
  dir: string;
  /** dir laid out for pkipath= : cacert.pem, clientcert.pem, clientkey.pem (all good) */
  goodPkiPath: string;
  /** right client cert, but a CA that did not sign the server cert */
  wrongCaPkiPath: string;
  /** right CA, but a client cert signed by a CA the server does not trust */
  rogueClientPkiPath: string;
  serverCert: string;
  serverKey: string;
  caCert: string;
}

const EXT = `
[v3_ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[v3_server]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
[v3_client]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
`;

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}-cert.pem`, '-days', '2', '-subj', `/CN=Virtdeck test ${name}`, '-extensions', 'v3_ca', '-config', 'openssl.cnf'], dir);
}

function makeLeaf(dir: string, ca: string, name: string, cn: string, ext: string): void {
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`, '-config', 'openssl.cnf'], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}-cert.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '2', '-extfile', 'ext.cnf', '-extensions', ext], dir);
}

export function makePki(): Pki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-pki-'));
  try {
    writeFileSync(path.join(dir, 'ext.cnf'), EXT);
    const base = existsSync('/etc/ssl/openssl.cnf') ? readFileSync('/etc/ssl/openssl.cnf', 'utf8') : '[req]\ndistinguished_name=dn\n[dn]\n';
    writeFileSync(path.join(dir, 'openssl.cnf'), base + EXT);
    makeCa(dir, 'ca');
    makeCa(dir, 'rogueca');
    makeLeaf(dir, 'ca', 'server', '127.0.0.1', 'v3_server');
    makeLeaf(dir, 'ca', 'client', 'virtdeck-client', 'v3_client');
    makeLeaf(dir, 'rogueca', 'rogueclient', 'virtdeck-rogue', 'v3_client');
    const layout = (name: string, ca: string, client: string) => {
      const p = path.join(dir, name);
      mkdirSync(p);
      writeFileSync(path.join(p, 'cacert.pem'), readFileSync(path.join(dir, `${ca}-cert.pem`)));
      writeFileSync(path.join(p, 'clientcert.pem'), readFileSync(path.join(dir, `${client}-cert.pem`)));
      writeFileSync(path.join(p, 'clientkey.pem'), readFileSync(path.join(dir, `${client}-key.pem`)), { mode: 0o600 });
      return p;
    };
    return {
      dir,
      goodPkiPath: layout('good', 'ca', 'client'),
      wrongCaPkiPath: layout('wrongca', 'rogueca', 'client'),
      rogueClientPkiPath: layout('rogueclient', 'ca', 'rogueclient'),
      serverCert: path.join(dir, 'server-cert.pem'),
      serverKey: path.join(dir, 'server-key.pem'),
      caCert: path.join(dir, 'ca-cert.pem'),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface LibvirtdFixture {
  dir: string;
  tlsPort: number;
  tcpPort: number;
  /** its private unix socket dir */
  sockDir: string;
  log(): string;
  stop(): Promise<void>;
}

export type LibvirtdAuth = 'none' | 'sasl' | 'polkit';

export interface LibvirtdOptions {
  /** auth_tls; default 'none' */
  authTls?: LibvirtdAuth;
  /** auth_tcp; default 'none' */
  authTcp?: LibvirtdAuth;
  /** auth_unix_rw (socket in sockDir); default libvirtd's own ('polkit' or 'none') */
  authUnixRw?: LibvirtdAuth;
  /** extra libvirtd.conf lines */
  extraConf?: string[];
  /** extra environment for the daemon (e.g. SASL_CONF_PATH) */
  env?: Record<string, string>;
}

/**
 * A second libvirtd, in the foreground, with TLS and TCP listeners on 127.0.0.1 and its own
 * socket/pid paths. LIBVIRT_DRIVER_DIR points at an empty dir so it loads no hypervisor driver
 * modules (no clash with the system daemon's qemu state); the built-in test driver serves
 * test:///default.
 */
export async function startLibvirtd(pki: Pki, opts: LibvirtdOptions = {}): Promise<LibvirtdFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-libvirtd-'));
  let child: ChildProcess | undefined;
  try {
    const sockDir = path.join(dir, 'sock');
    const emptyDrivers = path.join(dir, 'drivers');
    mkdirSync(sockDir);
    mkdirSync(emptyDrivers);
    const tlsPort = await freePort();
    let tcpPort = await freePort();
    while (tcpPort === tlsPort) tcpPort = await freePort();
    const conf = path.join(dir, 'libvirtd.conf');
    writeFileSync(
      conf,
      [
        'listen_tls = 1',
        'listen_tcp = 1',
        'listen_addr = "127.0.0.1"',
        `tls_port = "${tlsPort}"`,
        `tcp_port = "${tcpPort}"`,
        `auth_tcp = "${opts.authTcp ?? 'none'}"`,
        `auth_tls = "${opts.authTls ?? 'none'}"`,
        ...(opts.authUnixRw ? [`auth_unix_rw = "${opts.authUnixRw}"`] : []),
        ...(opts.extraConf ?? []),
        `unix_sock_dir = "${sockDir}"`,
        `key_file = "${pki.serverKey}"`,
        `cert_file = "${pki.serverCert}"`,
        `ca_file = "${pki.caCert}"`,
        `log_outputs = "3:file:${path.join(dir, 'libvirtd.log')}"`,
        '',
      ].join('\n'),
    );
    child = spawn(which('libvirtd')!, ['--listen', '-f', conf, '-p', path.join(dir, 'libvirtd.pid')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env, LIBVIRT_DRIVER_DIR: emptyDrivers },
    });
    const out = capture(child);
    const log = () => {
      let l = out();
      try {
        l += readFileSync(path.join(dir, 'libvirtd.log'), 'utf8');
      } catch {
        /* none */
      }
      return l;
    };
    await waitForPort(tlsPort, child, log, 30_000);
    await waitForPort(tcpPort, child, log, 30_000);
    const c = child;
    return {
      dir,
      tlsPort,
      tcpPort,
      sockDir,
      log,
      stop: async () => {
        await killAndWait(c);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) await killAndWait(child);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

// ---------------------------------------------------------------- SASL (Cyrus) for libvirtd

/** Cyrus SASL plugins the SASL tests need (SCRAM, PLAIN, sasldb) that are not installed (libsasl2-modules). */
export function saslPluginsMissing(): string[] {
  const dirs = ['/usr/lib/x86_64-linux-gnu/sasl2', '/usr/lib/aarch64-linux-gnu/sasl2', '/usr/lib64/sasl2', '/usr/lib/sasl2'].filter((d) => existsSync(d));
  const files = dirs.flatMap((d) => readdirSync(d));
  return ['libscram.so', 'libplain.so', 'libsasldb.so'].filter((f) => !files.includes(f));
}

export interface SaslFixture {
  /** directory holding libvirt.conf (pass as SASL_CONF_PATH in the daemon's env) */
  confDir: string;
  /** the sasldb2 file */
  db: string;
  /** env to give startLibvirtd */
  env: Record<string, string>;
  cleanup(): void;
}

/**
 * A private Cyrus SASL config for libvirtd: `<dir>/libvirt.conf` with `mech_list: <mechs>` and
 * `sasldb_path: <dir>/passwd.db`, users added with `saslpasswd2 -f <db> -a libvirt -p <user>`
 * (password on stdin). Cyrus reads SASL_CONF_PATH (the daemon is not setuid) instead of /etc/sasl2.
 */
export function makeSaslConfig(mechs: string, users: Record<string, string>): SaslFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-sasl-'));
  try {
    const db = path.join(dir, 'passwd.db');
    writeFileSync(path.join(dir, 'libvirt.conf'), `mech_list: ${mechs}\nsasldb_path: ${db}\n`);
    for (const [user, password] of Object.entries(users)) {
      execFileSync(which('saslpasswd2')!, ['-f', db, '-a', 'libvirt', '-c', '-p', user], { input: password, stdio: ['pipe', 'pipe', 'pipe'] });
    }
    return { confDir: dir, db, env: { SASL_CONF_PATH: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

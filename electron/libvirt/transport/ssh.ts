/**
 * ssh transport on top of the pure-JS `ssh2` client (never the ssh binary): authenticate, check the
 * host key against known_hosts, then exec the same remote command libvirt runs (virt-ssh-helper,
 * falling back to `nc -U <socket>` on old hosts). The exec channel is the returned stream.
 */
import { Duplex } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ClientChannel, ConnectConfig, ParsedKey, Prompt } from 'ssh2';
import type { DialResult, HostKeyInfo, SshOptions, TransportOptions } from './index';
import { defaultPort, type LibvirtUri } from '../uri';
import { describeSocketError, withDeadline, type DialContext } from './common';
import { TransportError } from './errors';
import { appendKnownHost, checkHostKey, fingerprintSha256, keyTypeOf, knownHostsName, knownKeyTypes, readKnownHosts } from './knownhosts';
import { planRemoteCommand } from './sshcommand';

const { Client, utils } = ssh2;

export const DEFAULT_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
type Method = 'agent' | 'privkey' | 'password' | 'keyboard-interactive';
const DEFAULT_METHODS: Method[] = ['agent', 'privkey', 'password', 'keyboard-interactive'];
const MAX_PASSWORD_TRIES = 3;
const MAX_PASSPHRASE_TRIES = 3;
const STDERR_LIMIT = 8192;

export function defaultKnownHostsPath(): string {
  return path.join(os.homedir(), '.ssh', 'known_hosts');
}

function parseSshAuth(list: string | undefined, raw: string): Method[] {
  if (list === undefined || list === '') return DEFAULT_METHODS;
  const out: Method[] = [];
  for (const m of list.split(',').map((x) => x.trim().toLowerCase())) {
    if (m === 'agent' || m === 'privkey' || m === 'password' || m === 'keyboard-interactive') out.push(m);
    else throw new TransportError('INVALID_URI', `Unknown ssh authentication method '${m}' in sshauth= of '${raw}' (should be agent, privkey, password or keyboard-interactive)`);
  }
  return out;
}

interface Attempt {
  method: Method;
  label: string;
}

function isEncryptedKeyError(e: Error): boolean {
  return /encrypted|passphrase/i.test(e.message);
}

export async function dialSsh(uri: LibvirtUri, options: TransportOptions = {}): Promise<DialResult> {
  const host = uri.host ?? 'localhost';
  const port = uri.port ?? defaultPort('ssh')!;
  const so: SshOptions = options.ssh ?? {};
  const username = uri.user ?? so.username ?? os.userInfo().username;
  const knownHostsPath = uri.client.knownHosts ?? so.knownHostsPath ?? defaultKnownHostsPath();
  const verifyMode = uri.client.knownHostsVerify ?? (uri.client.noVerify ? 'auto' : 'normal');
  const methods = parseSshAuth(uri.client.sshauth, uri.raw);
  const plan = planRemoteCommand(uri, { readonly: options.readonly ?? false });
  const target = `${username}@${host.includes(':') ? `[${host}]` : host}:${port}`;

  return withDeadline(`connecting to ${target} (ssh)`, options, async (ctx) => {
    const client = new Client();
    // Never leave the client without an 'error' listener (an unhandled one would crash the app).
    client.on('error', (err: Error) => so.debug?.(`ssh client error: ${err.message}`));
    ctx.onCleanup(() => client.destroy());
    let hostKeyError: TransportError | undefined;
    const tried: Attempt[] = [];
    const skippedNotes: string[] = [];

    const entries = verifyMode === 'ignore' ? [] : safeReadKnownHosts(knownHostsPath);
    const preferTypes = knownKeyTypes(entries, host, port);

    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
      verifyHostKey(key)
        .then(verify)
        .catch((err: unknown) => {
          hostKeyError = err instanceof TransportError ? err : new TransportError('IO', `Host key verification failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
          verify(false);
        });
    };

    const verifyHostKey = async (key: Buffer): Promise<boolean> => {
      if (verifyMode === 'ignore') return true;
      const keyType = keyTypeOf(key);
      const fp = fingerprintSha256(key);
      const check = checkHostKey(entries, host, port, key);
      if (check.status === 'match') return true;
      if (check.status === 'revoked')
        throw new TransportError('HOSTKEY_CHANGED', `The ${keyType} host key of ${host}:${port} (${fp}) is marked @revoked in ${knownHostsPath} line ${check.entry.line}; refusing to connect`);
      if (check.status === 'changed')
        throw new TransportError(
          'HOSTKEY_CHANGED',
          `WARNING: the ${keyType} host key of ${host}:${port} has CHANGED. It is now ${fp}, which does not match ` +
            `${knownHostsPath} line ${check.entry.line}. Someone could be intercepting the connection (man-in-the-middle), ` +
            `or the host was reinstalled. Refusing to connect. If the change is expected, remove the old key with: ` +
            `ssh-keygen -R '${knownHostsName(host, port)}' -f '${knownHostsPath}'`,
        );
      // unknown
      let accept: boolean;
      if (verifyMode === 'auto') accept = true;
      else if (!so.onUnknownHostKey)
        throw new TransportError('HOSTKEY_UNKNOWN_REJECTED', `The host key of ${host}:${port} is not known (${keyType} ${fp}) and there is no way to confirm it; add it to ${knownHostsPath} first`);
      else {
        const info: HostKeyInfo = { host, port, keyType, fingerprintSha256: fp };
        accept = (await ctx.userWait(so.onUnknownHostKey(info))) === true;
      }
      if (!accept)
        throw new TransportError('HOSTKEY_UNKNOWN_REJECTED', `The host key of ${host}:${port} (${keyType} ${fp}) was not accepted; not connecting`);
      try {
        const hash = entries.length > 0 && entries.every((e) => e.hosts.startsWith('|1|'));
        appendKnownHost(knownHostsPath, host, port, key, { hash });
      } catch (err) {
        so.debug?.(`could not record host key in ${knownHostsPath}: ${(err as Error).message}`);
      }
      return true;
    };

    const authQueue = buildAuthQueue(methods, uri, so, ctx, username, host, port, skippedNotes);
    let passwordTries = 0;
    const authHandler = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: (m: AnyAuthMethod | false) => void): void => {
      const allowed = (m: Method) => {
        if (!methodsLeft) return true;
        const wire = m === 'agent' || m === 'privkey' ? 'publickey' : m;
        return methodsLeft.includes(wire as AuthenticationType);
      };
      const step = async (): Promise<AnyAuthMethod | false> => {
        for (;;) {
          const a = authQueue[0];
          if (!a) return false;
          if (!allowed(a.method)) {
            authQueue.shift();
            continue;
          }
          if (a.method === 'password' && passwordTries < MAX_PASSWORD_TRIES) {
            passwordTries++;
            const pw = so.askPassword ? await ctx.userWait(so.askPassword({ host, port, username })) : undefined;
            if (pw === undefined || pw === null) {
              authQueue.shift();
              continue;
            }
            if (passwordTries >= MAX_PASSWORD_TRIES) authQueue.shift();
            tried.push({ method: 'password', label: 'password' });
            return { type: 'password', username, password: pw };
          }
          authQueue.shift();
          if (a.method === 'password') continue;
          const m = await a.make();
          if (m === undefined) continue;
          tried.push({ method: a.method, label: a.label });
          return m;
        }
      };
      step().then(next, (err: unknown) => {
        so.debug?.(`auth handler failed: ${String(err)}`);
        next(false);
      });
    };

    const cfg: ConnectConfig = {
      host,
      port,
      username,
      hostVerifier,
      // ssh2's typings don't allow `false`; the runtime does ("no more methods").
      authHandler: authHandler as unknown as ConnectConfig['authHandler'],
      readyTimeout: 2_147_483_647, // our own deadline governs (and pauses during prompts)
      keepaliveInterval: 30_000,
      keepaliveCountMax: 3,
    };
    if (preferTypes.length > 0) {
      // Prefer algorithms whose keys we already know, like OpenSSH (ssh2's prepend skips algorithms
      // already listed, hence remove first), so a host with several key
      // types isn't reported as "unknown" for a type we never recorded.
      const prepend = preferTypes.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])).filter(isSupportedHostKeyAlgo);
      if (prepend.length > 0) cfg.algorithms = { serverHostKey: { remove: prepend, prepend } } as ConnectConfig['algorithms'];
    }
    if (so.debug) cfg.debug = so.debug;

    const ready = new Promise<void>((resolve, reject) => {
      const onErr = (err: Error & { level?: string; code?: string }) => {
        cleanup();
        reject(mapSshError(err, { hostKeyError, tried, skippedNotes, target, host, port, username }));
      };
      const onClose = () => {
        cleanup();
        reject(hostKeyError ?? new TransportError('IO', `The ssh connection to ${target} was closed before it was ready`));
      };
      const onReady = () => {
        cleanup();
        resolve();
      };
      const cleanup = () => {
        client.off('error', onErr);
        client.off('close', onClose);
        client.off('ready', onReady);
      };
      client.on('error', onErr);
      client.on('close', onClose);
      client.on('ready', onReady);
    });
    try {
      client.connect(cfg);
    } catch (err) {
      throw new TransportError('IO', `Cannot start ssh connection to ${target}: ${(err as Error).message}`, { cause: err });
    }
    await ready;

    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.exec(plan.command, (err, ch) => {
        if (err) reject(new TransportError('REMOTE_COMMAND', `The ssh server ${target} refused to run the libvirt proxy command: ${err.message}`, { cause: err }));
        else resolve(ch);
      });
    });
    wireChannel(client, channel, target, plan.proxy);
    return { stream: holdEofUntilExit(channel), openName: uri.openName, secure: true };
  });
}

function isSupportedHostKeyAlgo(t: string): boolean {
  return ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].includes(t);
}

function safeReadKnownHosts(file: string) {
  try {
    return readKnownHosts(file);
  } catch (err) {
    throw new TransportError('IO', `Cannot read known hosts file ${file}: ${(err as Error).message}`, { cause: err });
  }
}

interface QueuedAuth {
  method: Method;
  label: string;
  make: () => Promise<AnyAuthMethod | undefined>;
}

function buildAuthQueue(
  methods: Method[],
  uri: LibvirtUri,
  so: SshOptions,
  ctx: DialContext,
  username: string,
  host: string,
  port: number,
  notes: string[],
): QueuedAuth[] {
  const q: QueuedAuth[] = [];
  for (const m of methods) {
    if (m === 'agent') {
      const sock = so.agent === false ? undefined : (so.agent ?? process.env.SSH_AUTH_SOCK);
      if (sock && existsSync(sock)) q.push({ method: 'agent', label: 'ssh-agent', make: async () => ({ type: 'agent', username, agent: sock }) });
    } else if (m === 'privkey') {
      const explicit = uri.client.keyfile ? [uri.client.keyfile] : so.privateKeyPaths;
      const paths = explicit ?? DEFAULT_KEY_NAMES.map((n) => path.join(os.homedir(), '.ssh', n));
      for (const p of paths) {
        if (!existsSync(p)) {
          if (explicit) notes.push(`key file ${p} does not exist`);
          continue;
        }
        q.push({
          method: 'privkey',
          label: `key ${p}`,
          make: async () => {
            let data: Buffer;
            try {
              data = readFileSync(p);
            } catch (err) {
              notes.push(`cannot read key ${p}: ${(err as Error).message}`);
              return undefined;
            }
            let parsed = utils.parseKey(data);
            if (parsed instanceof Error && isEncryptedKeyError(parsed)) {
              if (!so.askPassphrase) {
                notes.push(`key ${p} is encrypted and no passphrase callback was given`);
                return undefined;
              }
              for (let i = 0; i < MAX_PASSPHRASE_TRIES; i++) {
                const pass = await ctx.userWait(so.askPassphrase({ keyPath: p }));
                if (pass === undefined || pass === null) break;
                parsed = utils.parseKey(data, pass);
                if (!(parsed instanceof Error)) break;
              }
              if (parsed instanceof Error) {
                notes.push(`could not decrypt key ${p}`);
                return undefined;
              }
            }
            if (parsed instanceof Error) {
              notes.push(`cannot parse key ${p}: ${parsed.message}`);
              return undefined;
            }
            const key: ParsedKey = Array.isArray(parsed) ? parsed[0]! : parsed;
            return { type: 'publickey', username, key };
          },
        });
      }
    } else if (m === 'password') {
      if (so.askPassword) q.push({ method: 'password', label: 'password', make: async () => undefined });
    } else if (m === 'keyboard-interactive') {
      const cb = so.keyboardInteractive;
      if (cb)
        q.push({
          method: 'keyboard-interactive',
          label: 'keyboard-interactive',
          make: async () => ({
            type: 'keyboard-interactive',
            username,
            prompt: (name: string, instructions: string, _lang: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
              ctx
                .userWait(cb({ host, port, username, name, instructions, prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })) }))
                .then(
                  (answers) => finish(answers ?? []),
                  () => finish([]),
                );
            },
          }),
        });
    }
  }
  return q;
}

function mapSshError(
  err: Error & { level?: string; code?: string },
  c: { hostKeyError: TransportError | undefined; tried: Attempt[]; skippedNotes: string[]; target: string; host: string; port: number; username: string },
): TransportError {
  if (c.hostKeyError) return c.hostKeyError;
  switch (err.level) {
    case 'client-socket':
      return describeSocketError(err as NodeJS.ErrnoException, { kind: 'inet', host: c.host, port: c.port, service: 'an ssh server' });
    case 'client-dns':
      return new TransportError('UNREACHABLE', `Unknown host '${c.host}' (name lookup failed)`, { cause: err });
    case 'client-timeout':
      return new TransportError('TIMEOUT', `The ssh server ${c.target} did not respond in time`, { cause: err });
    case 'client-authentication': {
      const triedList = c.tried.map((t) => t.label);
      const extra = c.skippedNotes.length ? `; ${c.skippedNotes.join('; ')}` : '';
      return new TransportError(
        'AUTH',
        `SSH authentication failed for ${c.target} (tried: ${triedList.length ? [...new Set(triedList)].join(', ') : 'no usable method — no agent, key, or password prompt available'}${extra})`,
        { cause: err },
      );
    }
    case 'handshake':
      return new TransportError('IO', `SSH handshake with ${c.target} failed: ${err.message}`, { cause: err });
  }
  return new TransportError('IO', `SSH connection to ${c.target} failed: ${err.message}`, { cause: err });
}

/** How long to wait after the channel's EOF for the remote command's exit status. */
const EXIT_STATUS_WAIT_MS = 2000;

/**
 * The channel as the RPC client sees it. The remote command's EOF often arrives before its exit
 * status; passed on at once, a helper that failed (no virt-ssh-helper, no nc) would read as a bare
 * "connection closed". So EOF is held until the exit status is known, and becomes that error.
 */
function holdEofUntilExit(channel: ClientChannel): Duplex {
  const exited = new Promise<void>((resolve) => {
    channel.once('exit', () => resolve());
    channel.once('close', () => resolve());
    setTimeout(resolve, EXIT_STATUS_WAIT_MS).unref();
  });
  const stream: Duplex = new Duplex({
    read: () => void channel.resume(),
    write: (chunk: Buffer, _enc, cb) => void channel.write(chunk, cb),
    final: (cb) => {
      channel.end();
      cb();
    },
    destroy: (err, cb) => {
      channel.destroy();
      cb(err);
    },
  });
  channel.on('data', (b: Buffer) => {
    if (!stream.push(b)) channel.pause();
  });
  channel.on('error', (err: Error) => stream.destroy(err));
  channel.on('end', () => {
    void exited.then(() => {
      const failed = (channel as ClientChannel & { remoteError?: TransportError }).remoteError;
      if (failed) stream.destroy(failed);
      else stream.push(null);
    });
  });
  return stream;
}

/**
 * Tie the ssh client's life to the channel's, and turn a failing remote command (no
 * virt-ssh-helper, no nc, daemon not running...) into an 'error' on the stream with its stderr.
 */
function wireChannel(client: InstanceType<typeof Client>, channel: ClientChannel, target: string, proxy: string): void {
  let stderr = '';
  channel.stderr.on('data', (d: Buffer) => {
    if (stderr.length < STDERR_LIMIT) stderr += d.toString('utf8');
  });
  channel.on('exit', (code: number | null, signal?: string) => {
    // Once we closed our side (stream.end()/destroy()), the helper exiting non-zero is expected.
    if (code === 0 || channel.writableEnded) return;
    const how = code !== null && code !== undefined ? `exit status ${code}` : `signal ${signal ?? '?'}`;
    const msg = stderr.trim();
    const hint =
      code === 127
        ? ` — the host has no ${/virt-ssh-helper/.test(msg) ? 'virt-ssh-helper (install the libvirt client tools there)' : "virt-ssh-helper and no 'nc' (install libvirt's client tools or netcat-openbsd there)"}`
        : '';
    const err = new TransportError(
      'REMOTE_COMMAND',
      `The libvirt proxy command on ${target} failed (${how}, proxy mode ${proxy})${msg ? `: ${msg}` : ''}${hint}`,
    );
    (channel as ClientChannel & { remoteError?: TransportError }).remoteError = err;
    if (channel.listenerCount('error') > 0) channel.emit('error', err);
  });
  channel.on('close', () => client.end());
  client.on('error', (err: Error) => {
    if (channel.listenerCount('error') > 0) channel.emit('error', new TransportError('IO', `SSH connection to ${target} failed: ${err.message}`, { cause: err }));
  });
  client.on('close', () => {
    if (!channel.destroyed) channel.destroy();
  });
}

/**
 * SASL against a real, private libvirtd (auth_tls/auth_tcp/auth_unix_rw = "sasl") whose Cyrus
 * SASL config lives in a temp dir (SASL_CONF_PATH) with its own sasldb. Needs root, libvirtd,
 * openssl, saslpasswd2 (sasl2-bin) and the SCRAM/PLAIN plugins (libsasl2-modules).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, LibvirtError, type SaslCredentialsRequest, type SaslOptions } from '../index';
import {
  isRoot,
  makePki,
  makeSaslConfig,
  missingBinaries,
  saslPluginsMissing,
  startLibvirtd,
  type LibvirtdFixture,
  type Pki,
  type SaslFixture,
} from '../transport/testing/fixtures';

const missing = isRoot() ? missingBinaries('SASL integration tests', ['libvirtd', 'openssl', 'saslpasswd2']) : ['root'];
if (!isRoot()) console.warn('\n!!!! SKIPPING SASL integration tests: they start a private libvirtd and need root !!!!\n');
const missingPlugins = missing.length === 0 ? saslPluginsMissing() : [];
if (missingPlugins.length > 0) console.warn(`\n!!!! SKIPPING SASL integration tests: Cyrus SASL plugins missing (${missingPlugins.join(', ')}; install libsasl2-modules) !!!!\n`);
const skip = missing.length > 0 || missingPlugins.length > 0;

function ask(answers: Array<{ username: string; password: string } | null>, seen: SaslCredentialsRequest[] = [], maxAttempts = 1): SaslOptions {
  return {
    maxAttempts,
    askCredentials: (info) => {
      seen.push(info);
      return Promise.resolve(answers.shift() ?? null);
    },
  };
}

async function hostname(uri: string, sasl: SaslOptions): Promise<string> {
  const c = await connect(uri, { sasl, timeoutMs: 15_000 });
  try {
    return (await c.call('CONNECT_GET_HOSTNAME', undefined)).hostname;
  } finally {
    c.destroy();
  }
}

async function failure(uri: string, sasl: SaslOptions): Promise<LibvirtError> {
  const e = await connect(uri, { sasl, timeoutMs: 15_000 }).then(
    (c) => {
      c.destroy();
      return new Error('connected unexpectedly');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LibvirtError);
  return e as LibvirtError;
}

describe.skipIf(skip)('SASL against a private libvirtd', () => {
  let pki: Pki | undefined;
  const sasls: SaslFixture[] = [];
  const daemons: LibvirtdFixture[] = [];
  let scram: LibvirtdFixture; // mech_list: scram-sha-256 digest-md5 plain
  let plain: LibvirtdFixture; // mech_list: plain
  let expectedHost: string;

  const tls = (d: LibvirtdFixture) => `test+tls://127.0.0.1:${d.tlsPort}/default?pkipath=${pki!.goodPkiPath}`;
  const tcp = (d: LibvirtdFixture) => `test+tcp://127.0.0.1:${d.tcpPort}/default`;
  const unix = (d: LibvirtdFixture) => `test+unix:///default?socket=${d.sockDir}/libvirt-sock`;

  beforeAll(async () => {
    pki = makePki();
    const users = { user: 'pencil', intruder: 'letmein' };
    const s1 = makeSaslConfig('scram-sha-256 digest-md5 plain', users);
    sasls.push(s1);
    scram = await startLibvirtd(pki, {
      authTls: 'sasl',
      authTcp: 'sasl',
      authUnixRw: 'sasl',
      env: s1.env,
      extraConf: ['sasl_allowed_username_list = ["user", "admin*"]'],
    });
    daemons.push(scram);
    const s2 = makeSaslConfig('plain', users);
    sasls.push(s2);
    plain = await startLibvirtd(pki, { authTls: 'sasl', authTcp: 'sasl', env: s2.env });
    daemons.push(plain);
    // test:///default's hostname is the machine's; learn it from an authenticated call.
    expectedHost = await hostname(tls(scram), ask([{ username: 'user', password: 'pencil' }]));
  });
  afterAll(async () => {
    for (const d of daemons) await d.stop();
    for (const s of sasls) s.cleanup();
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  it('SCRAM-SHA-256 over TLS with the right password connects (CONNECT_GET_HOSTNAME)', async () => {
    const seen: SaslCredentialsRequest[] = [];
    expect(await hostname(tls(scram), ask([{ username: 'user', password: 'pencil' }], seen))).toBe(expectedHost);
    expect(expectedHost.length).toBeGreaterThan(0);
    expect(seen).toEqual([{ mechanism: 'SCRAM-SHA-256', host: '127.0.0.1', attempt: 1 }]);
  });

  it('the URI user name is offered as the default user name', async () => {
    const seen: SaslCredentialsRequest[] = [];
    const uri = `test+tls://user@127.0.0.1:${scram.tlsPort}/default?pkipath=${pki!.goodPkiPath}`;
    await hostname(uri, ask([{ username: 'user', password: 'pencil' }], seen));
    expect(seen[0]!.username).toBe('user');
  });

  it('SCRAM-SHA-256 over the unix socket (auth_unix_rw = "sasl") connects', async () => {
    const seen: SaslCredentialsRequest[] = [];
    expect(await hostname(unix(scram), ask([{ username: 'user', password: 'pencil' }], seen))).toBe(expectedHost);
    expect(seen[0]!.mechanism).toBe('SCRAM-SHA-256');
  });

  it('a wrong password fails with VIR_ERR_AUTH_FAILED and a clear message', async () => {
    const e = await failure(tls(scram), ask([{ username: 'user', password: 'pencil2' }]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toBe(
      "SASL SCRAM-SHA-256 authentication as 'user' on 127.0.0.1 failed: the daemon rejected the credentials (wrong user name or password, unknown user, or a user not in sasl_allowed_username_list)",
    );
    expect(e.message).not.toContain('pencil2');
  });

  it('an unknown user fails the same way', async () => {
    const e = await failure(tls(scram), ask([{ username: 'nobody', password: 'pencil' }]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/as 'nobody' on 127\.0\.0\.1 failed: the daemon rejected the credentials/);
  });

  it('a right password for a user not in sasl_allowed_username_list is rejected', async () => {
    const e = await failure(tls(scram), ask([{ username: 'intruder', password: 'letmein' }]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/as 'intruder'.*rejected the credentials/);
    expect(scram.log()).toMatch(/intruder.*(not allowed|whitelist|allowed)/i);
  });

  it('after a wrong password the daemon lets us try again on the same connection', async () => {
    const seen: SaslCredentialsRequest[] = [];
    const answers = [
      { username: 'user', password: 'wrong' },
      { username: 'user', password: 'pencil' },
    ];
    expect(await hostname(tls(scram), ask(answers, seen, 3))).toBe(expectedHost);
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(seen[1]!.previousError).toMatch(/rejected the credentials/);
  });

  it('cancel (callback returns null) fails with VIR_ERR_AUTH_CANCELLED', async () => {
    const e = await failure(tls(scram), ask([null]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_CANCELLED');
    expect(e.message).toBe('SASL authentication on 127.0.0.1 cancelled: no credentials were given');
  });

  it('no credentials callback: clear error', async () => {
    const e = await connect(tls(scram), { timeoutMs: 15_000 }).then(
      (c) => {
        c.destroy();
        return new Error('connected');
      },
      (err: unknown) => err as LibvirtError,
    );
    expect((e as LibvirtError).codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/requires SASL authentication \(SCRAM-SHA-256\) but no credentials callback was given/);
  });

  it('PLAIN over TLS works when the daemon only offers PLAIN', async () => {
    const seen: SaslCredentialsRequest[] = [];
    expect(await hostname(tls(plain), ask([{ username: 'user', password: 'pencil' }], seen))).toBe(expectedHost);
    expect(seen[0]!.mechanism).toBe('PLAIN');
  });

  it('PLAIN with a wrong password over TLS: VIR_ERR_AUTH_FAILED', async () => {
    const e = await failure(tls(plain), ask([{ username: 'user', password: 'nope' }]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/^SASL PLAIN authentication as 'user' on 127\.0\.0\.1 failed: the daemon rejected the credentials/);
  });

  it('PLAIN over plain TCP is refused (libvirtd offers nothing without an SSF layer); no password asked', async () => {
    const seen: SaslCredentialsRequest[] = [];
    const e = await failure(tcp(plain), ask([{ username: 'user', password: 'pencil' }], seen));
    expect(e.codeName).toBe('VIR_ERR_AUTH_UNAVAILABLE');
    expect(e.message).toBe(
      'The daemon on 127.0.0.1 refused to start SASL over plain TCP: libvirt requires a SASL security layer (SSF ≥ 56, e.g. GSSAPI/Kerberos) on unencrypted connections, which Virtdeck does not implement. Connect with qemu+tls:// or qemu+ssh:// instead.',
    );
    expect(seen).toHaveLength(0);
  });

  it('over plain TCP the daemon offers only DIGEST-MD5 (has an SSF layer): refused, naming the offer', async () => {
    const seen: SaslCredentialsRequest[] = [];
    const e = await failure(tcp(scram), ask([{ username: 'user', password: 'pencil' }], seen));
    expect(e.codeName).toBe('VIR_ERR_AUTH_UNAVAILABLE');
    expect(e.message).toBe(
      'SASL authentication over plain TCP needs a SASL security layer (SSF ≥ 56, e.g. GSSAPI/Kerberos or DIGEST-MD5), which Virtdeck does not implement (the daemon on 127.0.0.1 offers DIGEST-MD5). Connect with qemu+tls:// or qemu+ssh:// instead.',
    );
    expect(seen).toHaveLength(0);
  });
});

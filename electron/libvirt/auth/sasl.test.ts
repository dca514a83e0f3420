import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LibvirtError } from '../errors';
import { openClient, type OpenPeer } from '../open';
import { FakeDaemon, type ReceivedCall } from '../testing/fake-daemon';
import { chooseMechanism, fromWire, parseMechList, toWire, type SaslCredentialsRequest, type SaslOptions } from './sasl';

const AUTH_FAILED = 45;
const SECURE: OpenPeer = { secure: true, host: 'h.example', user: 'uriuser' };

/** A minimal SCRAM-SHA-256 server (the daemon's Cyrus side), enough to drive the client. */
class ScramServer {
  private salt = randomBytes(16);
  private nonce = '';
  private authMessage = '';
  private salted: Buffer;
  constructor(
    password: string,
    private readonly iterations = 4096,
  ) {
    this.salted = pbkdf2Sync(password, this.salt, iterations, 32, 'sha256');
  }
  first(clientFirst: string): string {
    const bare = clientFirst.replace(/^n,[^,]*,/, '');
    const cnonce = /r=([^,]+)/.exec(bare)![1]!;
    this.nonce = cnonce + randomBytes(12).toString('base64');
    const sf = `r=${this.nonce},s=${this.salt.toString('base64')},i=${this.iterations}`;
    this.authMessage = `${bare},${sf}`;
    return sf;
  }
  /** Returns server-final (v=) or null when the proof is wrong. */
  final(clientFinal: string, corruptSignature = false): string | null {
    const withoutProof = clientFinal.replace(/,p=[^,]*$/, '');
    const proof = Buffer.from(/,p=([^,]*)$/.exec(clientFinal)![1]!, 'base64');
    const am = `${this.authMessage},${withoutProof}`;
    const clientKey = createHmac('sha256', this.salted).update('Client Key').digest();
    const storedKey = createHash('sha256').update(clientKey).digest();
    const sig = createHmac('sha256', storedKey).update(am).digest();
    const recovered = Buffer.from(proof.map((b, i) => b ^ sig[i]!));
    if (!createHash('sha256').update(recovered).digest().equals(storedKey)) return null;
    const serverSig = createHmac('sha256', createHmac('sha256', this.salted).update('Server Key').digest()).update(am).digest();
    if (corruptSignature) serverSig[0] = serverSig[0]! ^ 1;
    return `v=${serverSig.toString('base64')}`;
  }
}

const text = (c: ReceivedCall, name: 'AUTH_SASL_START' | 'AUTH_SASL_STEP') => fromWire(c.args(name))?.toString('utf8') ?? null;

interface DaemonOpts {
  mechlist?: string;
  password?: string;
  corruptSignature?: boolean;
  /** SCRAM: report complete=1 already on START */
  completeEarly?: boolean;
  /** SCRAM: send v= with complete=0 and wait for an empty step */
  lateComplete?: boolean;
  initFails?: boolean;
}

/** FakeDaemon answering AUTH_LIST → sasl, then AUTH_SASL_* like libvirtd + Cyrus would. */
function saslDaemon(o: DaemonOpts = {}): FakeDaemon {
  const d = new FakeDaemon();
  let scram: ScramServer | undefined;
  let awaitingEmpty = false;
  d.autoOpen({ auth: [1] }, (c) => {
    if (c.name === 'AUTH_SASL_INIT') {
      if (o.initFails) return d.replyError(c, AUTH_FAILED, 'authentication failed');
      scram = new ScramServer(o.password ?? 'pencil');
      return d.reply(c, 'AUTH_SASL_INIT', { mechlist: o.mechlist ?? 'SCRAM-SHA-256,PLAIN' });
    }
    if (c.name === 'AUTH_SASL_START') {
      const { mech } = c.args('AUTH_SASL_START');
      const data = text(c, 'AUTH_SASL_START');
      if (mech === 'PLAIN') {
        if (data === `\0user\0${o.password ?? 'pencil'}`) return d.reply(c, 'AUTH_SASL_START', { complete: 1, nil: 1, data: [] });
        return d.replyError(c, AUTH_FAILED, 'authentication failed');
      }
      const sf = scram!.first(data!);
      return d.reply(c, 'AUTH_SASL_START', { complete: o.completeEarly ? 1 : 0, ...toWire(Buffer.from(sf)) });
    }
    if (c.name === 'AUTH_SASL_STEP') {
      const data = text(c, 'AUTH_SASL_STEP');
      if (awaitingEmpty) {
        if (data !== '') return d.replyError(c, AUTH_FAILED, 'authentication failed');
        return d.reply(c, 'AUTH_SASL_STEP', { complete: 1, nil: 1, data: [] });
      }
      const v = scram!.final(data!, o.corruptSignature);
      if (!v) return d.replyError(c, AUTH_FAILED, 'authentication failed');
      if (o.lateComplete) awaitingEmpty = true;
      return d.reply(c, 'AUTH_SASL_STEP', { complete: o.lateComplete ? 0 : 1, ...toWire(Buffer.from(v)) });
    }
  });
  return d;
}

function creds(answers: Array<{ username: string; password: string } | null>, seen: SaslCredentialsRequest[] = []): SaslOptions {
  return {
    askCredentials: (info) => {
      seen.push(info);
      return Promise.resolve(answers.shift() ?? null);
    },
  };
}

const open = (d: FakeDaemon, sasl: SaslOptions | undefined, peer: OpenPeer = SECURE, extra: { openTimeoutMs?: number } = {}) =>
  openClient(d.clientSide, 'qemu:///system', { sasl, ...extra }, peer);
const openErr = (d: FakeDaemon, sasl: SaslOptions | undefined, peer: OpenPeer = SECURE) =>
  open(d, sasl, peer).then(
    () => {
      throw new Error('connected unexpectedly');
    },
    (e: unknown) => e as LibvirtError,
  );
const names = (d: FakeDaemon) => d.received.map((c) => c.name);

describe('SASL exchange against a fake daemon', () => {
  it('SCRAM-SHA-256: full exchange, then CONNECT_OPEN; the prompt gets mechanism, host and URI user', async () => {
    const d = saslDaemon();
    const seen: SaslCredentialsRequest[] = [];
    const c = await open(d, creds([{ username: 'user', password: 'pencil' }], seen));
    expect(names(d)).toEqual(['AUTH_LIST', 'AUTH_SASL_INIT', 'AUTH_SASL_START', 'AUTH_SASL_STEP', 'CONNECT_SUPPORTS_FEATURE', 'CONNECT_OPEN']);
    expect(seen).toEqual([{ mechanism: 'SCRAM-SHA-256', host: 'h.example', username: 'uriuser', attempt: 1 }]);
    const start = d.received[2]!.args('AUTH_SASL_START');
    expect(start.mech).toBe('SCRAM-SHA-256');
    expect(start.nil).toBe(0);
    expect(fromWire(start)!.toString()).toMatch(/^n,,n=user,r=/);
    c.destroy();
  });

  it('SCRAM: completes when the daemon sends v= before saying complete (empty final step)', async () => {
    const d = saslDaemon({ lateComplete: true });
    const c = await open(d, creds([{ username: 'user', password: 'pencil' }]));
    expect(names(d).filter((n) => n === 'AUTH_SASL_STEP')).toHaveLength(2);
    c.destroy();
  });

  it('SCRAM: a wrong server signature is refused even though the daemon says complete', async () => {
    const d = saslDaemon({ corruptSignature: true });
    const e = await openErr(d, creds([{ username: 'user', password: 'pencil' }]));
    expect(e).toBeInstanceOf(LibvirtError);
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/SASL SCRAM-SHA-256 authentication on h\.example failed: the server signature is wrong/);
    expect(names(d)).not.toContain('CONNECT_OPEN');
  });

  it('SCRAM: a daemon claiming success on START (without proof) is refused', async () => {
    const d = saslDaemon({ completeEarly: true });
    const e = await openErr(d, creds([{ username: 'user', password: 'pencil' }]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/reported success before the mechanism finished/);
  });

  it('wrong password: asks again (attempt 2, previousError) and succeeds; password never in messages', async () => {
    const d = saslDaemon();
    const seen: SaslCredentialsRequest[] = [];
    const c = await open(
      d,
      creds(
        [
          { username: 'user', password: 'WRONG-secret' },
          { username: 'user', password: 'pencil' },
        ],
        seen,
      ),
    );
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(seen[1]!.previousError).toMatch(/as 'user' on h\.example failed: the daemon rejected the credentials/);
    expect(seen[1]!.previousError).not.toContain('WRONG-secret');
    expect(names(d).filter((n) => n === 'AUTH_SASL_INIT')).toHaveLength(2);
    c.destroy();
  });

  it('wrong password every time: VIR_ERR_AUTH_FAILED after maxAttempts', async () => {
    const d = saslDaemon();
    const seen: SaslCredentialsRequest[] = [];
    const e = await openErr(d, { ...creds([{ username: 'u', password: 'x' }, { username: 'u', password: 'y' }], seen), maxAttempts: 2 });
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/^SASL SCRAM-SHA-256 authentication as 'u' on h\.example failed: the daemon rejected the credentials/);
    expect((e as Error & { cause?: LibvirtError }).cause?.message).toBe('authentication failed');
    expect(seen).toHaveLength(2);
  });

  it('cancel (callback returns null): VIR_ERR_AUTH_CANCELLED, nothing sent after INIT', async () => {
    const d = saslDaemon();
    const e = await openErr(d, creds([null]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_CANCELLED');
    expect(e.message).toBe('SASL authentication on h.example cancelled: no credentials were given');
    expect(names(d)).toEqual(['AUTH_LIST', 'AUTH_SASL_INIT']);
  });

  it('no callback: clear error', async () => {
    const e = await openErr(saslDaemon(), undefined);
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/requires SASL authentication \(SCRAM-SHA-256\) but no credentials callback was given/);
  });

  it('PLAIN over a secure transport: one START with \\0user\\0password', async () => {
    const d = saslDaemon({ mechlist: 'PLAIN' });
    const c = await open(d, creds([{ username: 'user', password: 'pencil' }]));
    expect(d.received.find((m) => m.name === 'AUTH_SASL_START')!.args('AUTH_SASL_START').mech).toBe('PLAIN');
    expect(names(d)).not.toContain('AUTH_SASL_STEP');
    c.destroy();
  });

  it('PLAIN over an insecure transport is refused before asking for the password', async () => {
    const d = saslDaemon({ mechlist: 'PLAIN' });
    const seen: SaslCredentialsRequest[] = [];
    const e = await openErr(d, creds([{ username: 'user', password: 'pencil' }], seen), { secure: false, host: 'h' });
    expect(e.codeName).toBe('VIR_ERR_AUTH_UNAVAILABLE');
    expect(e.message).toMatch(/Refusing PLAIN: it would send the password unencrypted over plain TCP/);
    expect(e.message).toMatch(/qemu\+tls:\/\/ or qemu\+ssh:\/\//);
    expect(seen).toHaveLength(0);
    expect(names(d)).not.toContain('AUTH_SASL_START');
  });

  it('AUTH_SASL_INIT refused over plain TCP (libvirt wants an SSF layer): clear error', async () => {
    const e = await openErr(saslDaemon({ initFails: true }), creds([]), { secure: false, host: 'h' });
    expect(e.codeName).toBe('VIR_ERR_AUTH_UNAVAILABLE');
    expect(e.message).toMatch(/^The daemon on h refused to start SASL over plain TCP: libvirt requires a SASL security layer \(SSF ≥ 56/);
  });

  it('AUTH_SASL_INIT failing over a secure transport points at the daemon mech_list', async () => {
    const e = await openErr(saslDaemon({ initFails: true }), creds([]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_FAILED');
    expect(e.message).toMatch(/could not start SASL authentication \(AUTH_SASL_INIT failed\): its Cyrus SASL mech_list/);
  });

  it('unsupported mechanisms only: names what the daemon offered and what we support', async () => {
    const e = await openErr(saslDaemon({ mechlist: 'GSSAPI,DIGEST-MD5' }), creds([]));
    expect(e.codeName).toBe('VIR_ERR_AUTH_UNAVAILABLE');
    expect(e.message).toBe(
      'No usable SASL mechanism: the daemon on h.example offers GSSAPI, DIGEST-MD5; Virtdeck supports SCRAM-SHA-256 and PLAIN ' +
        '(GSSAPI (Kerberos) is not supported; DIGEST-MD5 is obsolete (RFC 6331) and not supported). ' +
        "Add scram-sha-256 to mech_list in the daemon's /etc/sasl2/libvirt.conf, or connect with qemu+ssh://.",
    );
  });

  it('time spent in the prompt does not count against the open timeout', async () => {
    const d = saslDaemon();
    const c = await open(
      d,
      { askCredentials: () => new Promise((r) => setTimeout(() => r({ username: 'user', password: 'pencil' }), 400)) },
      SECURE,
      { openTimeoutMs: 300 },
    );
    c.destroy();
  });

  it('an abort while the prompt is open rejects with AbortError', async () => {
    const d = saslDaemon();
    const ac = new AbortController();
    const p = openClient(d.clientSide, 'qemu:///system', { signal: ac.signal, sasl: { askCredentials: () => new Promise(() => {}) } }, SECURE);
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('SASL helpers', () => {
  it('mechanism choice prefers SCRAM-SHA-256, then PLAIN, honouring a restriction', () => {
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-256'], true)).toBe('SCRAM-SHA-256');
    expect(chooseMechanism(['DIGEST-MD5', 'PLAIN'], true)).toBe('PLAIN');
    expect(chooseMechanism(['PLAIN', 'SCRAM-SHA-256'], true, ['PLAIN'])).toBe('PLAIN');
    expect(() => chooseMechanism(['SCRAM-SHA-256'], false)).toThrow(/needs a SASL security layer/);
    expect(() => chooseMechanism([], true)).toThrow(/offers nothing/);
  });
  it('parses libvirt mech lists', () => {
    expect(parseMechList('SCRAM-SHA-256,PLAIN')).toEqual(['SCRAM-SHA-256', 'PLAIN']);
    expect(parseMechList(' scram-sha-256 plain ,')).toEqual(['SCRAM-SHA-256', 'PLAIN']);
    expect(parseMechList('')).toEqual([]);
  });
  it('wire data: nil vs empty, bytes as signed chars both ways', () => {
    expect(toWire(null)).toEqual({ nil: 1, data: [] });
    expect(toWire(Buffer.alloc(0))).toEqual({ nil: 0, data: [] });
    expect(toWire(Buffer.from([0, 0x7f, 0x80, 0xff]))).toEqual({ nil: 0, data: [0, 127, -128, -1] });
    expect(fromWire({ nil: 1, data: [] })).toBeNull();
    expect(fromWire({ nil: 0, data: [] })).toEqual(Buffer.alloc(0));
    expect(fromWire({ nil: 0, data: [-1, -128, 255, 65] })).toEqual(Buffer.from([0xff, 0x80, 0xff, 0x41]));
    expect(() => toWire(Buffer.alloc(65537))).toThrow(/too long/);
  });
});

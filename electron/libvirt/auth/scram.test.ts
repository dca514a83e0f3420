import { describe, expect, it } from 'vitest';
import { escapeSaslName, parseScramAttributes, parseServerFirst, ScramError, ScramSha256Client } from './scram';
import { plainMessage, PlainError } from './plain';
import { saslprep, SaslPrepError } from './saslprep';

// RFC 7677 section 3 test vector (user "user", password "pencil").
const CNONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

const rfcClient = () => new ScramSha256Client({ username: 'user', password: 'pencil', nonce: CNONCE });

async function atFinal(): Promise<ScramSha256Client> {
  const c = rfcClient();
  c.clientFirst();
  await c.clientFinal(SERVER_FIRST);
  return c;
}

describe('SCRAM-SHA-256 (RFC 7677 test vector)', () => {
  it('produces the RFC messages and accepts the RFC server signature', async () => {
    const c = rfcClient();
    expect(c.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    expect(await c.clientFinal(SERVER_FIRST)).toBe(CLIENT_FINAL);
    expect(c.done).toBe(false);
    c.verifyServerFinal(SERVER_FINAL);
    expect(c.done).toBe(true);
  });

  it('rejects a wrong server signature (mutual authentication)', async () => {
    const c = await atFinal();
    expect(() => c.verifyServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toThrow(/server signature is wrong.*could not prove it knows the password/);
    expect(c.done).toBe(false);
  });

  it('rejects a truncated server signature and a server error', async () => {
    await expect(atFinal().then((c) => c.verifyServerFinal('v=6rriTRBi23WpRR/w'))).rejects.toThrow(ScramError);
    await expect(atFinal().then((c) => c.verifyServerFinal('e=invalid-proof'))).rejects.toThrow(/server reported a SCRAM error: invalid-proof/);
    await expect(atFinal().then((c) => c.verifyServerFinal('x=1'))).rejects.toThrow(/no server signature/);
    await expect(atFinal().then((c) => c.verifyServerFinal(''))).rejects.toThrow(/empty server-final/);
    await expect(atFinal().then((c) => c.verifyServerFinal('v=not base64!'))).rejects.toThrow(/invalid base64 server signature/);
  });

  it('a different password gives a different proof and the RFC signature no longer verifies', async () => {
    const c = new ScramSha256Client({ username: 'user', password: 'pencil2', nonce: CNONCE });
    c.clientFirst();
    expect(await c.clientFinal(SERVER_FIRST)).not.toBe(CLIENT_FINAL);
    expect(() => c.verifyServerFinal(SERVER_FINAL)).toThrow(/server signature is wrong/);
  });

  it('enforces message order', async () => {
    const c = rfcClient();
    await expect(c.clientFinal(SERVER_FIRST)).rejects.toThrow(/unexpected server-first/);
    c.clientFirst();
    expect(() => c.clientFirst()).toThrow(/already produced/);
    expect(() => c.verifyServerFinal(SERVER_FINAL)).toThrow(/unexpected server-final/);
  });

  it('uses a fresh random printable nonce without commas', () => {
    const a = new ScramSha256Client({ username: 'u', password: 'p' }).clientFirst();
    const b = new ScramSha256Client({ username: 'u', password: 'p' }).clientFirst();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^n,,n=u,r=[A-Za-z0-9+/=]{32}$/);
  });

  it('escapes = and , in the user name and includes an authzid in the GS2 header and c=', async () => {
    expect(escapeSaslName('a=b,c')).toBe('a=3Db=2Cc');
    const c = new ScramSha256Client({ username: 'a=b,c', password: 'p', authzid: 'root', nonce: CNONCE });
    expect(c.clientFirst()).toBe('n,a=root,n=a=3Db=2Cc,r=rOprNGfwEbeRWgbNEkqO');
    const final = await c.clientFinal(SERVER_FIRST);
    expect(final.startsWith(`c=${Buffer.from('n,a=root,').toString('base64')},r=`)).toBe(true);
  });

  it('never puts the password in error messages', async () => {
    const secret = 'hunter2-very-secret';
    const c = new ScramSha256Client({ username: 'user', password: secret, nonce: CNONCE });
    c.clientFirst();
    const errs: string[] = [];
    for (const bad of ['r=other,s=AAAA,i=1', 'garbage', SERVER_FIRST.replace('i=4096', 'i=0')]) {
      const d = new ScramSha256Client({ username: 'user', password: secret, nonce: CNONCE });
      d.clientFirst();
      errs.push(String(await d.clientFinal(bad).catch((e: unknown) => e)));
    }
    await c.clientFinal(SERVER_FIRST);
    try {
      c.verifyServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    } catch (e) {
      errs.push(String(e));
    }
    expect(errs).toHaveLength(4);
    for (const e of errs) expect(e).not.toContain(secret);
  });
});

describe('SCRAM server-first parsing', () => {
  const p = (m: string) => () => parseServerFirst(m, CNONCE);
  it('accepts the RFC message', () => {
    const r = parseServerFirst(SERVER_FIRST, CNONCE);
    expect(r.iterations).toBe(4096);
    expect(r.salt.toString('base64')).toBe('W22ZaJ0SNY7soEsUEjb6gQ==');
    expect(r.nonce.startsWith(CNONCE)).toBe(true);
  });
  it('accepts trailing extensions after i=', () => {
    expect(parseServerFirst(SERVER_FIRST + ',x=future', CNONCE).iterations).toBe(4096);
  });
  it('rejects a nonce that does not extend ours', () => {
    expect(p('r=XXXprNGfwEbeRWgbNEkqO%hv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')).toThrow(/does not start with our client nonce/);
    expect(p(`r=${CNONCE},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`)).toThrow(/did not add its own part/);
    expect(p(`r=${CNONCE}\u0001x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`)).toThrow(/characters SCRAM does not allow/);
  });
  it('rejects mandatory extensions', () => {
    expect(p('m=ext,' + SERVER_FIRST)).toThrow(/requires a SCRAM extension/);
  });
  it('rejects missing, misordered or malformed attributes', () => {
    expect(p('s=W22ZaJ0SNY7soEsUEjb6gQ==,r=rOprNGfwEbeRWgbNEkqOx,i=4096')).toThrow(/does not start with the nonce/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,i=4096')).toThrow(/no salt/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==')).toThrow(/no iteration count/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=,i=4096')).toThrow(/empty salt/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=W22Z*J0S,i=4096')).toThrow(/invalid base64 salt/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0')).toThrow(/invalid iteration count '0'/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-5')).toThrow(/invalid iteration count/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096x')).toThrow(/invalid iteration count/);
    expect(p('r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999')).toThrow(/more than 10000000/);
    expect(p('')).toThrow(/empty server-first/);
    expect(p('hello')).toThrow(/not of the form x=value/);
    expect(p('r=a,,s=b')).toThrow(/not of the form/);
  });
  it('splits attributes keeping = inside values', () => {
    expect(parseScramAttributes('v=abc==,x=', 'm')).toEqual([
      ['v', 'abc=='],
      ['x', ''],
    ]);
  });
});

describe('SASLprep', () => {
  it('leaves ASCII alone, maps spaces and soft hyphens, normalises NFKC', () => {
    expect(saslprep('pencil')).toBe('pencil');
    expect(saslprep('I\u00ADX')).toBe('IX');
    expect(saslprep('a\u00A0b')).toBe('a b');
    expect(saslprep('\u2168')).toBe('IX');
    expect(saslprep('\u00AA')).toBe('a');
  });
  it('rejects prohibited characters without echoing them', () => {
    expect(() => saslprep('a\u0007b', 'password')).toThrow(SaslPrepError);
    expect(() => saslprep('a\u0007b', 'password')).toThrow(/password contains a prohibited character/);
    expect(() => saslprep('\uD800', 'password')).toThrow(/not valid Unicode/);
    expect(() => saslprep('\u0627\u0031', 'password')).toThrow(/right-to-left/);
  });
});

describe('PLAIN', () => {
  it('builds authzid NUL user NUL password', () => {
    expect(plainMessage('user', 'pencil')).toEqual(Buffer.from('\0user\0pencil'));
    expect(plainMessage('user', 'pässword', 'admin')).toEqual(Buffer.from('admin\0user\0pässword', 'utf8'));
  });
  it('refuses NULs and empty user names', () => {
    expect(() => plainMessage('', 'x')).toThrow(PlainError);
    expect(() => plainMessage('u', 'a\0b')).toThrow(/NUL/);
  });
});

/**
 * Decoder fuzzing, seeded from real frames captured from libvirtd (testing/fixtures).
 *
 * Default: fixed seed, 10,000 iterations per target, so CI is deterministic. Longer random runs:
 *   FUZZ_SEED=random FUZZ_ITER=200000 npx vitest run --project unit electron/libvirt/fuzz.test.ts
 * A failure prints the seed and iteration to reproduce with FUZZ_SEED=<seed>.
 *
 * Invariants: decoding never throws anything but XdrError/FrameError, never hangs, and the client
 * either carries on or closes cleanly with ConnectionClosedError — never an uncaught exception.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XdrError } from './xdr';
import { FrameError, Framer, LEN_SIZE, MessageStatus, MessageType, decodePayload, parseFrame } from './rpc';
import { remoteProcedures } from './protocol/generated/remote';
import { virNetMessageError, virNetStreamHole } from './protocol/generated/virnet';
import type { ProcedureInfo } from './protocol/types';
import { LibvirtClient } from './client';
import { ConnectionClosedError, LibvirtError, LibvirtTimeoutError } from './errors';
import { duplexPair } from './testing/fake-daemon';

const SEED = process.env.FUZZ_SEED === 'random' ? (Math.random() * 2 ** 32) >>> 0 : Number(process.env.FUZZ_SEED ?? 0x5eed1234) >>> 0;
const ITER = Number(process.env.FUZZ_ITER ?? 10_000);

const corpus: Buffer[] = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'testing', 'fixtures', 'captured-frames.json'), 'utf8')) as { frames: string[] }
).frames.map((b) => Buffer.from(b, 'base64'));

const byNumber = new Map<number, ProcedureInfo>(Object.values(remoteProcedures).map((p) => [p.number, p]));
const allProcs = [...byNumber.values()];

/** Small fast PRNG (mulberry32): reproducible from the seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

const INTERESTING = [0, 1, 2, 3, 4, 27, 28, 0x7f, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 33554432, 33554433];

/** One mutated frame (length word included). */
function mutate(r: Rng): Buffer {
  const base = Buffer.from(r.pick(corpus));
  switch (r.int(10)) {
    case 0: {
      // bit flips
      const n = 1 + r.int(8);
      for (let i = 0; i < n; i++) base[r.int(base.length)]! ^= 1 << r.int(8);
      return base;
    }
    case 1: {
      // random bytes
      const n = 1 + r.int(8);
      for (let i = 0; i < n; i++) base[r.int(base.length)] = r.int(256);
      return base;
    }
    case 2: {
      // an interesting 32-bit word at an aligned offset (hits lengths, counts, discriminants)
      const off = 4 * r.int(base.length >> 2);
      base.writeUInt32BE(r.pick(INTERESTING) >>> 0, off);
      if (off === 0) return base;
      return base;
    }
    case 3: {
      // truncate the payload but keep the length word consistent
      const len = LEN_SIZE + 24 + r.int(Math.max(1, base.length - 28));
      const b = Buffer.from(base.subarray(0, len));
      b.writeUInt32BE(b.length, 0);
      return b;
    }
    case 4: {
      // extend with random bytes
      const extra = Buffer.alloc(1 + r.int(64));
      for (let i = 0; i < extra.length; i++) extra[i] = r.int(256);
      const b = Buffer.concat([base, extra]);
      b.writeUInt32BE(b.length, 0);
      return b;
    }
    case 5: {
      // lie about the length
      base.writeUInt32BE(r.pick(INTERESTING) >>> 0, 0);
      return base;
    }
    case 6: {
      // same payload under another procedure: wrong schema for the bytes
      base.writeInt32BE(r.pick(allProcs).number, 12);
      return base;
    }
    case 7: {
      // random header fields
      base.writeInt32BE(r.int(8), 16);
      base.writeInt32BE(r.int(4), 24);
      base.writeUInt32BE(r.int(64), 20);
      return base;
    }
    case 8: {
      // fully random payload behind a valid header
      const b = Buffer.alloc(28 + r.int(256));
      base.copy(b, 0, 0, 28);
      for (let i = 28; i < b.length; i++) b[i] = r.int(256);
      b.writeUInt32BE(b.length, 0);
      return b;
    }
    default: {
      // splice two frames
      const other = r.pick(corpus);
      const cut = 28 + r.int(Math.max(1, base.length - 28));
      const b = Buffer.concat([base.subarray(0, cut), other.subarray(28 + r.int(Math.max(1, other.length - 28)))]);
      b.writeUInt32BE(b.length, 0);
      return b;
    }
  }
}

/** Decodes a frame the way the client would, with whatever schema its header names. */
function decodeLikeClient(frame: Buffer): void {
  const { header } = parseFrame(frame);
  const info = byNumber.get(header.proc);
  if (header.status === MessageStatus.ERROR) {
    decodePayload(frame, virNetMessageError);
    return;
  }
  if (header.type === MessageType.STREAM_HOLE) {
    decodePayload(frame, virNetStreamHole);
    return;
  }
  if (!info) return;
  if (header.type === MessageType.MESSAGE && info.msg) decodePayload(frame, info.msg);
  if (header.type === MessageType.REPLY && info.ret) decodePayload(frame, info.ret);
}

function isCleanError(e: unknown): boolean {
  return e instanceof XdrError || e instanceof FrameError;
}

describe(`decoder fuzz (seed ${SEED}, ${ITER} iterations)`, () => {
  it('corpus frames decode cleanly as captured', () => {
    expect(corpus.length).toBeGreaterThan(10);
    let ok = 0;
    for (const f of corpus) {
      try {
        decodeLikeClient(f);
        ok++;
      } catch (e) {
        // Only the frame cut to fit the fixture may fail, and only cleanly.
        expect(isCleanError(e)).toBe(true);
      }
    }
    expect(ok).toBeGreaterThan(corpus.length - 3);
  });

  it('framer + header + payload decoding only ever raise XdrError/FrameError', () => {
    const r = rng(SEED);
    const t0 = Date.now();
    let rejected = 0;
    for (let i = 0; i < ITER; i++) {
      const frame = mutate(r);
      const framer = new Framer();
      try {
        // Feed in random-sized pieces so the reassembly path is fuzzed too.
        let off = 0;
        while (off < frame.length) {
          const n = 1 + r.int(frame.length - off);
          framer.push(frame.subarray(off, off + n), decodeLikeClient);
          off += n;
        }
      } catch (e) {
        if (!isCleanError(e)) throw new Error(`seed ${SEED} iteration ${i}: unexpected ${String(e)}\n${frame.toString('hex')}`, { cause: e });
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });

  it('every schema in the table survives random input', () => {
    const r = rng(SEED ^ 0x9e3779b9);
    const codecs = allProcs.flatMap((p) => [p.args, p.ret, p.msg]).filter((c) => c !== null);
    for (let i = 0; i < ITER; i++) {
      const codec = codecs[i % codecs.length]!;
      const body = Buffer.alloc(r.int(96));
      for (let j = 0; j < body.length; j++) body[j] = r.next() < 0.5 ? 0 : r.int(256);
      const frame = Buffer.concat([Buffer.alloc(28), body]);
      try {
        decodePayload(frame, codec);
      } catch (e) {
        if (!isCleanError(e)) throw new Error(`seed ${SEED} iteration ${i} (${codec.kind}): unexpected ${String(e)}`, { cause: e });
      }
    }
  });

  it('the client survives mutated frame streams: carries on or closes cleanly', async () => {
    const r = rng(SEED ^ 0x1234567);
    const runs = Math.max(100, Math.floor(ITER / 20));
    for (let run = 0; run < runs; run++) {
      const [clientSide, server] = duplexPair();
      const client = new LibvirtClient(clientSide);
      const errors: unknown[] = [];
      const pending = Array.from({ length: 4 }, (_, i) =>
        client.call('DOMAIN_GET_INFO', { dom: { name: `d${i}`, uuid: Buffer.alloc(16), id: i } }, { timeoutMs: 1000 }).catch((e: unknown) => {
          errors.push(e);
        }),
      );
      const frames = Array.from({ length: 1 + r.int(20) }, () => mutate(r));
      const stream = Buffer.concat(frames);
      let off = 0;
      while (off < stream.length) {
        const n = 1 + r.int(stream.length - off);
        server.push(stream.subarray(off, off + n));
        off += n;
      }
      client.destroy('fuzz run over');
      await Promise.all(pending);
      for (const e of errors) {
        const clean =
          e instanceof ConnectionClosedError || e instanceof LibvirtError || e instanceof XdrError || e instanceof LibvirtTimeoutError;
        if (!clean) throw new Error(`seed ${SEED} run ${run}: unexpected ${String(e)}`, { cause: e });
      }
    }
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import * as x from './index';
import { XdrError, XdrReader, XdrWriter, decode, encode } from './index';

const rt = <T>(c: x.Codec<T>, v: T): T => decode(c, encode(c, v));

describe('XDR primitives', () => {
  it('round-trips int boundaries', () => {
    for (const v of [0, 1, -1, 0x7fffffff, -0x80000000]) expect(rt(x.int, v)).toBe(v);
    expect(encode(x.int, -1)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(encode(x.int, -0x80000000)).toEqual(Buffer.from([0x80, 0, 0, 0]));
  });

  it('round-trips unsigned int boundaries', () => {
    for (const v of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) expect(rt(x.uint, v)).toBe(v);
  });

  it('rejects out-of-range and non-integer ints on encode', () => {
    expect(() => encode(x.int, 0x80000000)).toThrow(XdrError);
    expect(() => encode(x.int, -0x80000001)).toThrow(XdrError);
    expect(() => encode(x.int, 1.5)).toThrow(XdrError);
    expect(() => encode(x.uint, -1)).toThrow(XdrError);
    expect(() => encode(x.uint, 2 ** 32)).toThrow(XdrError);
    expect(() => encode(x.int, undefined as unknown as number)).toThrow(XdrError);
  });

  it('round-trips hyper and unsigned hyper as bigint', () => {
    for (const v of [0n, -1n, (1n << 63n) - 1n, -(1n << 63n)]) expect(rt(x.hyper, v)).toBe(v);
    for (const v of [0n, 1n, (1n << 64n) - 1n, 1n << 63n]) expect(rt(x.uhyper, v)).toBe(v);
    expect(encode(x.uhyper, (1n << 64n) - 1n)).toEqual(Buffer.alloc(8, 0xff));
    expect(() => encode(x.uhyper, 1n << 64n)).toThrow(XdrError);
    expect(() => encode(x.uhyper, -1n)).toThrow(XdrError);
    expect(() => encode(x.hyper, 1n << 63n)).toThrow(XdrError);
    expect(() => encode(x.hyper, 5 as unknown as bigint)).toThrow(XdrError);
  });

  it('round-trips bool, float and double', () => {
    expect(rt(x.bool, true)).toBe(true);
    expect(rt(x.bool, false)).toBe(false);
    expect(() => decode(x.bool, Buffer.from([0, 0, 0, 2]))).toThrow(/invalid bool/);
    expect(rt(x.double, Math.PI)).toBe(Math.PI);
    expect(rt(x.double, -0)).toBe(-0);
    expect(rt(x.double, Number.MAX_VALUE)).toBe(Number.MAX_VALUE);
    expect(rt(x.float, 1.5)).toBe(1.5);
  });
});

describe('XDR strings and opaque', () => {
  it('pads strings to 4 bytes and decodes UTF-8', () => {
    expect(encode(x.string(10), 'abcde')).toEqual(Buffer.from([0, 0, 0, 5, 97, 98, 99, 100, 101, 0, 0, 0]));
    expect(rt(x.string(100), 'héllo wörld ✓')).toBe('héllo wörld ✓');
    expect(rt(x.string(0), '')).toBe('');
  });

  it('accepts exactly the max length and rejects one more', () => {
    const s = 'a'.repeat(1024);
    expect(rt(x.string(1024), s)).toBe(s);
    expect(() => encode(x.string(1023), s)).toThrow(/exceeds limit 1023/);
    expect(() => decode(x.string(1023), encode(x.string(1024), s))).toThrow(/exceeds limit 1023/);
  });

  it('rejects an over-limit length before allocating', () => {
    // Claims a 4 GiB string in an 8-byte buffer: must fail on the limit, not try to read it.
    const buf = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    expect(() => decode(x.string(4194304), buf)).toThrow(/exceeds limit/);
    expect(() => decode(x.opaque(), buf)).toThrow(/needs at least/);
  });

  it('round-trips variable and fixed opaque', () => {
    const b = Buffer.from([1, 2, 3, 4, 5]);
    expect(rt(x.opaque(16), b)).toEqual(b);
    expect(encode(x.opaque(16), b).length).toBe(12);
    const uuid = Buffer.alloc(16, 7);
    expect(rt(x.fixedOpaque(16), uuid)).toEqual(uuid);
    expect(encode(x.fixedOpaque(16), uuid).length).toBe(16);
    expect(() => encode(x.fixedOpaque(16), Buffer.alloc(15))).toThrow(/exactly 16/);
    expect(rt(x.fixedOpaque(3), Buffer.from([9, 8, 7]))).toEqual(Buffer.from([9, 8, 7]));
  });

  it('decoded opaque does not alias the input buffer', () => {
    const enc = encode(x.opaque(8), Buffer.from([1, 2, 3, 4]));
    const out = decode(x.opaque(8), enc);
    enc[4] = 99;
    expect(out[0]).toBe(1);
  });
});

describe('XDR composites', () => {
  interface Pt {
    a: number;
    b: bigint;
    name: string;
    tags: string[];
    next: Pt2 | null;
  }
  interface Pt2 {
    v: number;
  }
  const pt2 = x.struct<Pt2>('pt2', [['v', x.uint]]);
  const pt = x.struct<Pt>('pt', [
    ['a', x.int],
    ['b', x.uhyper],
    ['name', x.string(64)],
    ['tags', x.array(x.string(8), 3)],
    ['next', x.optional(pt2)],
  ]);

  it('round-trips structs, arrays and optionals', () => {
    const v: Pt = { a: -5, b: 2n ** 64n - 1n, name: 'dom', tags: ['x', 'yy'], next: { v: 7 } };
    expect(rt(pt, v)).toEqual(v);
    expect(rt(pt, { ...v, next: null, tags: [] })).toEqual({ ...v, next: null, tags: [] });
  });

  it('names the bad field on encode', () => {
    expect(() => encode(pt, { a: 1, b: 1n, name: 5, tags: [], next: null } as unknown as Pt)).toThrow(/pt\.name/);
    expect(() => encode(pt, { a: 1, b: 1n, name: 'n', tags: ['a', 'b', 'c', 'd'], next: null })).toThrow(/pt\.tags: array length 4 exceeds limit 3/);
  });

  it('rejects array counts over the limit or larger than the input', () => {
    const arr = x.array(x.int, 10);
    expect(() => decode(arr, Buffer.from([0, 0, 0, 11]))).toThrow(/exceeds limit 10/);
    expect(() => decode(arr, Buffer.from([0, 0, 0, 3, 0, 0, 0, 1]))).toThrow(XdrError);
    expect(rt(arr, [1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('fixed arrays', () => {
    const fa = x.fixedArray(x.int, 3);
    expect(rt(fa, [1, -2, 3])).toEqual([1, -2, 3]);
    expect(() => encode(fa, [1, 2])).toThrow(/exactly 3/);
    expect(() => decode(fa, Buffer.alloc(8))).toThrow(XdrError);
  });

  it('discriminated unions with default and void arms', () => {
    type U = { t: 1; i: number } | { t: 2; s: string } | { t: 3 } | { t: number; d: bigint };
    const u = x.union<U>(
      'u',
      't',
      x.int,
      new Map<number, x.UnionArm>([
        [1, { field: 'i', codec: x.int }],
        [2, { field: 's', codec: x.string(10) }],
        [3, { field: null, codec: x.voidCodec }],
      ]),
      { field: 'd', codec: x.hyper },
    );
    expect(rt(u, { t: 1, i: 42 })).toEqual({ t: 1, i: 42 });
    expect(rt(u, { t: 2, s: 'hi' })).toEqual({ t: 2, s: 'hi' });
    expect(rt(u, { t: 3 })).toEqual({ t: 3 });
    expect(rt(u, { t: 99, d: -7n })).toEqual({ t: 99, d: -7n });
    const strict = x.union<{ t: 1; i: number }>('strict', 't', x.int, new Map([[1, { field: 'i', codec: x.int }]]));
    expect(() => decode(strict, Buffer.from([0, 0, 0, 2]))).toThrow(/unknown t=2/);
    expect(() => encode(strict, { t: 2 } as never)).toThrow(/no arm/);
  });

  it('truncated input always raises XdrError', () => {
    const full = encode(pt, { a: 1, b: 2n, name: 'hello', tags: ['a', 'bb'], next: { v: 1 } });
    for (let n = 0; n < full.length; n++) {
      expect(() => decode(pt, full.subarray(0, n)), `prefix ${n}`).toThrow(XdrError);
    }
    expect(() => decode(pt, Buffer.concat([full, Buffer.alloc(4)]))).toThrow(/trailing/);
  });
});

describe('XdrReader / XdrWriter', () => {
  it('writer grows and resets', () => {
    const w = new XdrWriter(4);
    for (let i = 0; i < 100; i++) w.writeInt(i);
    expect(w.pos).toBe(400);
    const r = new XdrReader(w.take());
    for (let i = 0; i < 100; i++) expect(r.readInt()).toBe(i);
    w.reset();
    expect(w.take().length).toBe(0);
  });

  it('reader respects its window', () => {
    const buf = Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]);
    const r = new XdrReader(buf, 0, 4);
    expect(r.readInt()).toBe(1);
    expect(() => r.readInt()).toThrow(/truncated/);
  });
});

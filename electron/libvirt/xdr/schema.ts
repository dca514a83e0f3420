import { XdrError } from './errors';
import { XdrReader } from './reader';
import { XdrWriter } from './writer';

/**
 * A schema value: how one XDR type is encoded and decoded. Types are data built from the
 * combinators below (the generated protocol tables are nothing but calls to them).
 *
 * `minSize` is the smallest wire size of a value, used to reject array counts that cannot fit in
 * the remaining input before allocating. `readOp`/`writeOp` name an XdrReader/XdrWriter method
 * for primitives so compiled struct codecs can call the reader directly instead of going through
 * another codec object.
 */
export interface Codec<T> {
  readonly kind: string;
  readonly minSize: number;
  encode(w: XdrWriter, v: T): void;
  decode(r: XdrReader): T;
  readonly readOp?: string;
  readonly writeOp?: string;
}

/**
 * A codec of some type: what tables of heterogeneous codecs hold (struct fields, union arms,
 * procedure tables). `unknown` would not do: `encode` takes its value contravariantly.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCodec = Codec<any>;

/** The TypeScript type a codec produces. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

function prim<T>(kind: string, minSize: number, readOp: keyof XdrReader, writeOp: keyof XdrWriter): Codec<T> {
  const read = XdrReader.prototype[readOp] as (this: XdrReader) => T;
  const write = XdrWriter.prototype[writeOp] as (this: XdrWriter, v: T) => void;
  return {
    kind,
    minSize,
    readOp,
    writeOp,
    encode: (w, v) => write.call(w, v),
    decode: (r) => read.call(r),
  };
}

export const int: Codec<number> = prim('int', 4, 'readInt', 'writeInt');
export const uint: Codec<number> = prim('unsigned int', 4, 'readUint', 'writeUint');
export const hyper: Codec<bigint> = prim('hyper', 8, 'readHyper', 'writeHyper');
export const uhyper: Codec<bigint> = prim('unsigned hyper', 8, 'readUhyper', 'writeUhyper');
export const bool: Codec<boolean> = prim('bool', 4, 'readBool', 'writeBool');
export const float: Codec<number> = prim('float', 4, 'readFloat', 'writeFloat');
export const double: Codec<number> = prim('double', 8, 'readDouble', 'writeDouble');

/** XDR `void`: zero bytes. Used for empty union arms and argument-less procedures. */
export const voidCodec: Codec<undefined> = {
  kind: 'void',
  minSize: 0,
  encode: () => {},
  decode: () => undefined,
};

export function string(max = 0xffffffff): Codec<string> {
  return {
    kind: `string<${max}>`,
    minSize: 4,
    encode: (w, v) => w.writeString(v, max),
    decode: (r) => r.readString(max),
  };
}

export function opaque(max = 0xffffffff): Codec<Buffer> {
  return {
    kind: `opaque<${max}>`,
    minSize: 4,
    encode: (w, v) => w.writeOpaque(v, max),
    decode: (r) => r.readOpaque(max),
  };
}

export function fixedOpaque(len: number): Codec<Buffer> {
  return {
    kind: `opaque[${len}]`,
    minSize: (len + 3) & ~3,
    encode: (w, v) => w.writeFixedOpaque(v, len),
    decode: (r) => r.readFixedOpaque(len),
  };
}

export function array<T>(elem: Codec<T>, max = 0xffffffff): Codec<T[]> {
  return {
    kind: `${elem.kind}<${max}>`,
    minSize: 4,
    encode(w, v) {
      if (!Array.isArray(v)) throw new XdrError(`expected array of ${elem.kind}`);
      w.writeLength(v.length, max, 'array');
      for (let i = 0; i < v.length; i++) elem.encode(w, v[i] as T);
    },
    decode(r) {
      const n = r.readLength(max, elem.minSize, 'array');
      const out = new Array<T>(n);
      for (let i = 0; i < n; i++) out[i] = elem.decode(r);
      return out;
    },
  };
}

export function fixedArray<T>(elem: Codec<T>, len: number): Codec<T[]> {
  return {
    kind: `${elem.kind}[${len}]`,
    minSize: elem.minSize * len,
    encode(w, v) {
      if (!Array.isArray(v) || v.length !== len) throw new XdrError(`expected array of exactly ${len} ${elem.kind}`);
      for (let i = 0; i < len; i++) elem.encode(w, v[i] as T);
    },
    decode(r) {
      if (elem.minSize * len > r.remaining) throw new XdrError(`truncated input: fixed array of ${len} ${elem.kind} at offset ${r.pos}`);
      const out = new Array<T>(len);
      for (let i = 0; i < len; i++) out[i] = elem.decode(r);
      return out;
    },
  };
}

/** XDR optional-data (`type *name`): a bool followed by the value; `null` when absent. */
export function optional<T>(inner: Codec<T>): Codec<T | null> {
  return {
    kind: `${inner.kind}*`,
    minSize: 4,
    encode(w, v) {
      if (v === null || v === undefined) {
        w.writeUint(0);
      } else {
        w.writeUint(1);
        inner.encode(w, v);
      }
    },
    decode(r) {
      return r.readBool() ? inner.decode(r) : null;
    },
  };
}

/** Deferred reference, for types used before their definition. */
export function lazy<T>(get: () => Codec<T>, minSize = 0): Codec<T> {
  let c: Codec<T> | undefined;
  return {
    kind: 'lazy',
    minSize,
    encode: (w, v) => (c ??= get()).encode(w, v),
    decode: (r) => (c ??= get()).decode(r),
  };
}

export type FieldList = ReadonlyArray<readonly [name: string, codec: AnyCodec]>;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A struct. Decoding is the hot path of the whole client, so on first use each struct compiles
 * (via `new Function`) a decoder that builds the result as one object literal — every instance
 * gets the same hidden class and primitives call the reader directly. Compilation is lazy so the
 * ~700 generated structs cost nothing until used. Field names come from our own generated tables,
 * and are checked against an identifier pattern anyway.
 */
export function struct<T extends object>(name: string, fields: FieldList): Codec<T> {
  let minSize = 0;
  for (const [, c] of fields) minSize += c.minSize;
  let dec: ((r: XdrReader) => T) | undefined;
  let enc: ((w: XdrWriter, v: T) => void) | undefined;

  const compile = () => {
    const codecs = fields.map(([, c]) => c);
    const canCompile = fields.every(([n]) => IDENT.test(n));
    if (!canCompile) {
      dec = (r) => {
        const o: Record<string, unknown> = {};
        for (const [n, c] of fields) o[n] = c.decode(r);
        return o as T;
      };
      enc = (w, v) => {
        for (const [n, c] of fields) c.encode(w, (v as Record<string, unknown>)[n]);
      };
      return;
    }
    const decParts = fields.map(([n, c], i) => `${n}: ${c.readOp ? `r.${c.readOp}()` : `c[${i}].decode(r)`}`);
    const encParts = fields.map(([n, c], i) => (c.writeOp ? `w.${c.writeOp}(v.${n});` : `c[${i}].encode(w, v.${n});`));
    dec = new Function('c', `return function decode_${name}(r) { return { ${decParts.join(', ')} }; };`)(codecs);
    enc = new Function('c', `return function encode_${name}(w, v) { ${encParts.join(' ')} };`)(codecs);
  };

  return {
    kind: name,
    minSize,
    decode(r) {
      if (!dec) compile();
      return dec!(r);
    },
    encode(w, v) {
      if (!enc) compile();
      if (v === null || typeof v !== 'object') throw new XdrError(`${name}: expected object, got ${v === null ? 'null' : typeof v}`);
      const start = w.pos;
      try {
        enc!(w, v);
      } catch (e) {
        w.pos = start;
        throw locateEncodeError(name, fields, w, v, e);
      }
    },
  };
}

/** Re-encode field by field (slow path, only after a failure) to name the offending field. */
function locateEncodeError(name: string, fields: FieldList, w: XdrWriter, v: object, cause: unknown): Error {
  const start = w.pos;
  for (const [n, c] of fields) {
    try {
      c.encode(w, (v as Record<string, unknown>)[n]);
    } catch (e) {
      w.pos = start;
      const msg = e instanceof Error ? e.message : String(e);
      return new XdrError(`${name}.${n}: ${msg}`);
    }
  }
  w.pos = start;
  return cause instanceof Error ? cause : new XdrError(String(cause));
}

export interface UnionArm {
  /** Field name holding the arm's value, or null for a `void` arm. */
  readonly field: string | null;
  readonly codec: AnyCodec;
}

/**
 * A discriminated union. Values look like `{ [discName]: 3, [armField]: value }`, which maps onto a
 * TypeScript discriminated union. Unknown discriminants without a `default` arm are an XdrError.
 */
export function union<T extends object>(
  name: string,
  discName: string,
  disc: Codec<number>,
  arms: ReadonlyMap<number, UnionArm>,
  defaultArm?: UnionArm,
): Codec<T> {
  let minArm = Infinity;
  for (const a of arms.values()) minArm = Math.min(minArm, a.codec.minSize);
  if (defaultArm) minArm = Math.min(minArm, defaultArm.codec.minSize);
  if (!Number.isFinite(minArm)) minArm = 0;
  return {
    kind: name,
    minSize: disc.minSize + minArm,
    encode(w, v) {
      if (v === null || typeof v !== 'object') throw new XdrError(`${name}: expected object`);
      const d = (v as Record<string, unknown>)[discName] as number;
      const arm = arms.get(d) ?? defaultArm;
      if (!arm) throw new XdrError(`${name}: no arm for ${discName}=${String(d)}`);
      disc.encode(w, d);
      if (arm.field !== null) arm.codec.encode(w, (v as Record<string, unknown>)[arm.field]);
    },
    decode(r) {
      const d = disc.decode(r);
      const arm = arms.get(d) ?? defaultArm;
      if (!arm) throw new XdrError(`${name}: unknown ${discName}=${d}`);
      const o: Record<string, unknown> = { [discName]: d };
      if (arm.field !== null) o[arm.field] = arm.codec.decode(r);
      return o as T;
    },
  };
}

/** Encode a value to a fresh Buffer (convenience for tests and one-off use). */
export function encode<T>(codec: Codec<T>, v: T): Buffer {
  const w = new XdrWriter(256);
  codec.encode(w, v);
  return w.take();
}

/** Decode a whole buffer; trailing bytes are an error. */
export function decode<T>(codec: Codec<T>, buf: Buffer): T {
  const r = new XdrReader(buf);
  const v = codec.decode(r);
  r.expectEnd(codec.kind);
  return v;
}

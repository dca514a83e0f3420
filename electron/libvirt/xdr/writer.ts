import { XdrError } from './errors';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const UINT32_MAX = 0xffffffff;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const ZEROS = Buffer.alloc(4);

/**
 * Growable XDR output buffer. One writer is reused for every outgoing message of a connection
 * (`reset()` then `take()`), so steady-state encoding does not allocate except for the final copy.
 * Values are validated here because a silently wrapped int would send the daemon a different
 * request than the caller asked for.
 */
export class XdrWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  reset(): void {
    this.pos = 0;
  }

  /** Copy of the bytes written so far. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  writeInt(v: number): void {
    if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw new XdrError(`int out of range: ${String(v)}`);
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  writeUint(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > UINT32_MAX) throw new XdrError(`unsigned int out of range: ${String(v)}`);
    this.ensure(4);
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  writeHyper(v: bigint): void {
    if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) throw new XdrError(`hyper out of range: ${String(v)}`);
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
  }

  writeUhyper(v: bigint): void {
    if (typeof v !== 'bigint' || v < 0n || v > UINT64_MAX) throw new XdrError(`unsigned hyper out of range: ${String(v)}`);
    this.ensure(8);
    this.buf.writeBigUInt64BE(v, this.pos);
    this.pos += 8;
  }

  writeBool(v: boolean): void {
    if (typeof v !== 'boolean') throw new XdrError(`expected boolean, got ${typeof v}`);
    this.ensure(4);
    this.buf.writeInt32BE(v ? 1 : 0, this.pos);
    this.pos += 4;
  }

  writeFloat(v: number): void {
    if (typeof v !== 'number') throw new XdrError(`expected number, got ${typeof v}`);
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
  }

  writeDouble(v: number): void {
    if (typeof v !== 'number') throw new XdrError(`expected number, got ${typeof v}`);
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  writeString(v: string, max: number): void {
    if (typeof v !== 'string') throw new XdrError(`expected string, got ${v === null ? 'null' : typeof v}`);
    const len = Buffer.byteLength(v, 'utf8');
    if (len > max) throw new XdrError(`string length ${len} exceeds limit ${max}`);
    this.ensure(4 + len + 3);
    this.buf.writeUInt32BE(len, this.pos);
    this.pos += 4;
    this.buf.write(v, this.pos, len, 'utf8');
    this.pos += len;
    this.pad(len);
  }

  writeOpaque(v: Uint8Array, max: number): void {
    if (!(v instanceof Uint8Array)) throw new XdrError(`expected Buffer, got ${v === null ? 'null' : typeof v}`);
    if (v.length > max) throw new XdrError(`opaque length ${v.length} exceeds limit ${max}`);
    this.ensure(4);
    this.buf.writeUInt32BE(v.length, this.pos);
    this.pos += 4;
    this.writeRaw(v);
    this.pad(v.length);
  }

  writeFixedOpaque(v: Uint8Array, len: number): void {
    if (!(v instanceof Uint8Array)) throw new XdrError(`expected Buffer, got ${v === null ? 'null' : typeof v}`);
    if (v.length !== len) throw new XdrError(`fixed opaque must be exactly ${len} bytes, got ${v.length}`);
    this.writeRaw(v);
    this.pad(len);
  }

  writeLength(len: number, max: number, what: string): void {
    if (len > max) throw new XdrError(`${what} length ${len} exceeds limit ${max}`);
    this.writeUint(len);
  }

  /** Unpadded bytes (stream payloads). */
  writeRaw(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  private pad(len: number): void {
    const p = (4 - (len & 3)) & 3;
    if (p) {
      this.ensure(p);
      ZEROS.copy(this.buf, this.pos, 0, p);
      this.pos += p;
    }
  }
}

export const limits = { INT32_MIN, INT32_MAX, UINT32_MAX, INT64_MIN, INT64_MAX, UINT64_MAX };

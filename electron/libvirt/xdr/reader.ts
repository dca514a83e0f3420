import { XdrError } from './errors';


/**
 * Cursor over one XDR-encoded buffer. All reads are bounds-checked against `end` before anything is
 * allocated, so a hostile length prefix can never make us allocate more than the frame we already
 * hold. Methods are plain (no closures) because this sits on the hot decode path.
 */
export class XdrReader {
  buf: Buffer;
  pos: number;
  end: number;

  constructor(buf: Buffer, pos = 0, end = buf.length) {
    if (pos < 0 || end > buf.length || pos > end) throw new XdrError(`bad reader window ${pos}..${end} of ${buf.length}`);
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private truncated(want: number, what: string): never {
    throw new XdrError(`truncated input: need ${want} bytes for ${what} at offset ${this.pos}, have ${this.end - this.pos}`);
  }

  readInt(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.truncated(4, 'int');
    this.pos = p + 4;
    return this.buf.readInt32BE(p);
  }

  readUint(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.truncated(4, 'unsigned int');
    this.pos = p + 4;
    return this.buf.readUInt32BE(p);
  }

  readHyper(): bigint {
    const p = this.pos;
    if (p + 8 > this.end) this.truncated(8, 'hyper');
    this.pos = p + 8;
    return this.buf.readBigInt64BE(p);
  }

  readUhyper(): bigint {
    const p = this.pos;
    if (p + 8 > this.end) this.truncated(8, 'unsigned hyper');
    this.pos = p + 8;
    return this.buf.readBigUInt64BE(p);
  }

  readBool(): boolean {
    const v = this.readInt();
    if (v === 0) return false;
    if (v === 1) return true;
    throw new XdrError(`invalid bool value ${v} at offset ${this.pos - 4}`);
  }

  readFloat(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.truncated(4, 'float');
    this.pos = p + 4;
    return this.buf.readFloatBE(p);
  }

  readDouble(): number {
    const p = this.pos;
    if (p + 8 > this.end) this.truncated(8, 'double');
    this.pos = p + 8;
    return this.buf.readDoubleBE(p);
  }

  /** Length prefix of a variable-size item, validated against both the schema limit and the input left. */
  readLength(max: number, elemMinSize: number, what: string): number {
    const p = this.pos;
    if (p + 4 > this.end) this.truncated(4, `${what} length`);
    const len = this.buf.readUInt32BE(p);
    this.pos = p + 4;
    if (len > max) throw new XdrError(`${what} length ${len} exceeds limit ${max} at offset ${p}`);
    // Every element occupies at least elemMinSize bytes, so a count that cannot fit in what is left
    // is rejected here, before the caller allocates an array of that size.
    if (elemMinSize > 0 && len * elemMinSize > this.end - this.pos) {
      throw new XdrError(`${what} length ${len} needs at least ${len * elemMinSize} bytes at offset ${p}, have ${this.end - this.pos}`);
    }
    return len;
  }

  private padded(len: number, what: string): number {
    const padded = (len + 3) & ~3;
    if (this.pos + padded > this.end) this.truncated(padded, what);
    return padded;
  }

  readString(max: number): string {
    const len = this.readLength(max, 1, 'string');
    const padded = this.padded(len, 'string body');
    const p = this.pos;
    this.pos = p + padded;
    return len === 0 ? '' : this.buf.toString('utf8', p, p + len);
  }

  /** Variable-length opaque. Copies, so the result never pins the (possibly large) frame buffer. */
  readOpaque(max: number): Buffer {
    const len = this.readLength(max, 1, 'opaque');
    return this.readFixedOpaque(len);
  }

  readFixedOpaque(len: number): Buffer {
    const padded = this.padded(len, 'opaque body');
    const p = this.pos;
    this.pos = p + padded;
    const out = Buffer.allocUnsafe(len);
    this.buf.copy(out, 0, p, p + len);
    return out;
  }

  /** Everything left, without copying (stream payloads are raw bytes, not XDR). */
  readRest(): Buffer {
    const out = this.buf.subarray(this.pos, this.end);
    this.pos = this.end;
    return out;
  }

  /** Decoders call this after a whole message to reject trailing garbage. */
  expectEnd(what: string): void {
    if (this.pos !== this.end) throw new XdrError(`${this.end - this.pos} trailing bytes after ${what}`);
  }
}


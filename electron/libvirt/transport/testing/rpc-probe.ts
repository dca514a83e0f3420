/**
 * Test helper: hand-encoded libvirt RPC, just enough to prove a dialled stream reaches a real
 * daemon (AUTH_LIST, AUTH_POLKIT when asked, CONNECT_OPEN, CONNECT_GET_URI). Independent of the
 * real client on purpose so transport tests don't depend on it.
 */
import type { Duplex } from 'node:stream';

const REMOTE_PROGRAM = 0x20008086;
const REMOTE_VERSION = 1;
export const PROC_CONNECT_OPEN = 1;
export const PROC_AUTH_POLKIT = 60;
export const PROC_AUTH_LIST = 66;
export const PROC_CONNECT_GET_URI = 110;

export interface Reply {
  procedure: number;
  type: number;
  serial: number;
  status: number;
  body: Buffer;
}

function xdrString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const pad = (4 - (b.length % 4)) % 4;
  const out = Buffer.alloc(4 + b.length + pad);
  out.writeUInt32BE(b.length, 0);
  b.copy(out, 4);
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

function readXdrString(b: Buffer, off: number): [string, number] {
  const len = b.readUInt32BE(off);
  const s = b.subarray(off + 4, off + 4 + len).toString('utf8');
  return [s, off + 4 + len + ((4 - (len % 4)) % 4)];
}

/** Pulls length-prefixed messages off a stream. */
export class Probe {
  private buf = Buffer.alloc(0);
  private waiters: Array<(r: Reply) => void> = [];
  private failure: Error | undefined;
  private failWaiters: Array<(e: Error) => void> = [];
  private serial = 1;

  constructor(private readonly stream: Duplex) {
    stream.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.drain();
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const f of this.failWaiters.splice(0)) f(this.failure);
    };
    stream.on('error', fail);
    stream.on('close', () => fail(new Error('stream closed')));
    stream.on('end', () => fail(new Error('stream ended')));
  }

  private drain(): void {
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (this.buf.length < len) return;
      const m = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      const r: Reply = {
        procedure: m.readUInt32BE(12),
        type: m.readUInt32BE(16),
        serial: m.readUInt32BE(20),
        status: m.readUInt32BE(24),
        body: Buffer.from(m.subarray(28)),
      };
      this.waiters.shift()?.(r);
    }
  }

  call(procedure: number, body: Buffer = Buffer.alloc(0), timeoutMs = 15_000): Promise<Reply> {
    const header = Buffer.concat([u32(28 + body.length), u32(REMOTE_PROGRAM), u32(REMOTE_VERSION), u32(procedure), u32(0), u32(this.serial++), u32(0)]);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const t = setTimeout(() => reject(new Error(`no reply to procedure ${procedure} within ${timeoutMs}ms`)), timeoutMs);
      this.waiters.push((r) => {
        clearTimeout(t);
        resolve(r);
      });
      this.failWaiters.push((e) => {
        clearTimeout(t);
        reject(e);
      });
      this.stream.write(Buffer.concat([header, body]));
    });
  }

  static errorMessage(r: Reply): string {
    // remote_error: int code; int domain; remote_string message (optional: bool + string); ...
    try {
      if (r.body.readUInt32BE(8) === 1) return readXdrString(r.body, 12)[0];
    } catch {
      /* fallthrough */
    }
    return `status ${r.status}`;
  }

  /** AUTH_LIST, AUTH_POLKIT if offered, CONNECT_OPEN(name), CONNECT_GET_URI. Returns the URI the daemon reports. */
  async openAndGetUri(name: string): Promise<{ authTypes: number[]; uri: string }> {
    const list = await this.call(PROC_AUTH_LIST);
    if (list.status !== 0) throw new Error(`AUTH_LIST failed: ${Probe.errorMessage(list)}`);
    const n = list.body.readUInt32BE(0);
    const authTypes = Array.from({ length: n }, (_, i) => list.body.readUInt32BE(4 + 4 * i));
    if (authTypes.includes(2)) {
      const pk = await this.call(PROC_AUTH_POLKIT);
      if (pk.status !== 0) throw new Error(`AUTH_POLKIT failed: ${Probe.errorMessage(pk)}`);
    } else if (authTypes.length > 0 && !authTypes.includes(0)) {
      throw new Error(`daemon wants auth types ${authTypes.join(',')} which the probe cannot do`);
    }
    // remote_connect_open_args { remote_string name (optional string); int flags }
    const open = await this.call(PROC_CONNECT_OPEN, Buffer.concat([u32(1), xdrString(name), u32(0)]));
    if (open.type !== 1 || open.status !== 0) throw new Error(`CONNECT_OPEN failed: ${Probe.errorMessage(open)}`);
    const uri = await this.call(PROC_CONNECT_GET_URI);
    if (uri.status !== 0) throw new Error(`CONNECT_GET_URI failed: ${Probe.errorMessage(uri)}`);
    return { authTypes, uri: readXdrString(uri.body, 0)[0] };
  }
}

/**
 * In-process fake libvirt daemon for unit tests, built from our own encoder/decoder. It speaks
 * frames over one end of an in-memory duplex pair; the client under test gets the other end.
 */
import { Duplex } from 'node:stream';
import { XdrWriter, type AnyCodec } from '../xdr';
import { Framer, HEADER_SIZE, LEN_SIZE, MessageStatus, MessageType, decodePayload, parseFrame, type MessageHeader } from '../rpc';
import { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, remoteProcedures, type RemoteProcedures } from '../protocol/generated/remote';
import { virNetMessageError } from '../protocol/generated/virnet';

/** Two connected in-memory duplex streams (Node 20 has no stream.duplexPair). */
export function duplexPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        peer().push(chunk);
        cb();
      },
      final(cb) {
        peer().push(null);
        cb();
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  return [a, b];
}

export interface ReceivedCall {
  header: MessageHeader;
  frame: Buffer;
  /** Procedure name when it is a REMOTE_PROGRAM call we know. */
  name: string | undefined;
  args<K extends keyof RemoteProcedures>(name: K): RemoteProcedures[K]['args'];
}

const byNumber = new Map(Object.values(remoteProcedures).map((p) => [p.number, p]));

export class FakeDaemon {
  readonly clientSide: Duplex;
  readonly socket: Duplex;
  readonly received: ReceivedCall[] = [];
  private readonly framer = new Framer();
  private readonly w = new XdrWriter();
  private handler: ((call: ReceivedCall) => void) | null = null;

  constructor() {
    [this.clientSide, this.socket] = duplexPair();
    this.socket.on('data', (d: Buffer) =>
      this.framer.push(d, (frame) => {
        const { header } = parseFrame(frame);
        const info = header.prog === REMOTE_PROGRAM ? byNumber.get(header.proc) : undefined;
        const call: ReceivedCall = {
          header,
          frame,
          name: info?.name,
          args: (name) => decodePayload(frame, remoteProcedures[name].args!),
        };
        this.received.push(call);
        this.handler?.(call);
      }),
    );
  }

  /** Handler for every incoming message (calls, keepalive, stream packets). */
  onMessage(handler: (call: ReceivedCall) => void): void {
    this.handler = handler;
  }

  /** Answers standard open-handshake calls (AUTH_LIST → none, keepalive supported, OPEN ok). */
  autoOpen(opts: { keepalive?: boolean; auth?: number[] } = {}, next?: (call: ReceivedCall) => void): void {
    this.onMessage((c) => {
      if (c.name === 'AUTH_LIST') return this.reply(c, 'AUTH_LIST', { types: opts.auth ?? [0] });
      if (c.name === 'CONNECT_SUPPORTS_FEATURE') return this.reply(c, 'CONNECT_SUPPORTS_FEATURE', { supported: opts.keepalive ? 1 : 0 });
      if (c.name === 'CONNECT_OPEN') return this.reply(c, 'CONNECT_OPEN', undefined);
      next?.(c);
    });
  }

  frame(h: MessageHeader, codec: AnyCodec | null, value?: unknown, raw?: Uint8Array): Buffer {
    const w = this.w;
    w.reset();
    w.ensure(LEN_SIZE + HEADER_SIZE);
    w.pos = LEN_SIZE + HEADER_SIZE;
    if (codec) codec.encode(w, value);
    if (raw) w.writeRaw(raw);
    w.buf.writeUInt32BE(w.pos, 0);
    w.buf.writeUInt32BE(h.prog >>> 0, 4);
    w.buf.writeUInt32BE(h.vers >>> 0, 8);
    w.buf.writeInt32BE(h.proc, 12);
    w.buf.writeInt32BE(h.type, 16);
    w.buf.writeUInt32BE(h.serial >>> 0, 20);
    w.buf.writeInt32BE(h.status, 24);
    return w.take();
  }

  send(buf: Buffer): void {
    this.socket.write(buf);
  }

  reply<K extends keyof RemoteProcedures>(call: ReceivedCall | number, name: K, ret: RemoteProcedures[K]['ret']): void {
    const serial = typeof call === 'number' ? call : call.header.serial;
    const info = remoteProcedures[name];
    this.send(
      this.frame(
        { prog: REMOTE_PROGRAM, vers: REMOTE_PROTOCOL_VERSION, proc: info.number, type: MessageType.REPLY, serial, status: MessageStatus.OK },
        info.ret,
        ret,
      ),
    );
  }

  replyError(call: ReceivedCall, code: number, message: string, domain = 10): void {
    this.send(
      this.frame(
        { ...call.header, type: MessageType.REPLY, status: MessageStatus.ERROR },
        virNetMessageError,
        { code, domain, message, level: 2, dom: null, str1: message, str2: null, str3: null, int1: -1, int2: -1, net: null },
      ),
    );
  }

  /** Sends a server MESSAGE (event) for `name`. */
  event<K extends keyof RemoteProcedures>(name: K, msg: RemoteProcedures[K] extends { msg: infer M } ? M : never): void {
    const info = remoteProcedures[name];
    this.send(
      this.frame(
        { prog: REMOTE_PROGRAM, vers: REMOTE_PROTOCOL_VERSION, proc: info.number, type: MessageType.MESSAGE, serial: 0, status: MessageStatus.OK },
        info.msg,
        msg,
      ),
    );
  }
}

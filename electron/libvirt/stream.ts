import { Duplex } from 'node:stream';
import { MessageStatus, MessageType } from './rpc/header';
import { VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX } from './protocol/generated/virnet';

/** What a stream needs from the connection that carries it (implemented by LibvirtClient). */
export interface StreamHost {
  /** Sends one packet for this stream's serial. Returns false when the socket is backed up. */
  streamSend(st: LibvirtStream, type: MessageType, status: MessageStatus, data?: Uint8Array, hole?: StreamHole): boolean;
  streamWaitDrain(cb: (err?: Error | null) => void): void;
  /** The stream is finished or aborted: stop routing packets for its serial to it. */
  streamRelease(st: LibvirtStream): void;
  streamPauseReading(st: LibvirtStream): void;
  streamResumeReading(st: LibvirtStream): void;
}

export interface StreamHole {
  length: bigint;
  flags: number;
}

/** A hole to write into a sparse upload: `stream.write({ hole: 1048576n })`. */
export interface HoleChunk {
  hole: bigint;
  flags?: number;
}

// Data packets are cut at the size every libvirt version accepts, like the C client does.
const CHUNK = VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX;
// Incoming packets (≤ 256 KiB each) buffered before we stop reading the socket: 64 ≈ 16 MiB.
// Pausing the socket also stalls replies for other calls on the connection, so it is deliberately
// generous: it only bites when a consumer stops reading a large download.
const PAUSE_SOCKET_AT = 64;

/**
 * A libvirt data stream (console, screenshot, volume upload/download) as a Node Duplex.
 *
 * Wire protocol, per libvirt's virnetclientstream.c / remote_daemon_stream.c: data travels as
 * STREAM/CONTINUE packets on the serial of the call that opened the stream; a sender finishes
 * with an empty STREAM/OK, which the daemon confirms with an empty STREAM/OK; aborting is an
 * empty STREAM/ERROR; the daemon reports failure with STREAM/ERROR carrying a virNetMessageError.
 * The daemon signals EOF of its data with an *empty STREAM/CONTINUE* (virNetServerProgram-
 * SendStreamData: data present → CONTINUE, even when zero-length; no data → OK = finish
 * confirmation). On EOF we send our finish automatically and the stream completes when the
 * daemon confirms it.
 *
 * Both sides are in object mode so holes (sparse volume transfers, STREAM_HOLE) travel in order
 * with the data: write `{ hole: n }` between Buffers (Uint8Arrays and strings are accepted too),
 * and reading yields Buffers plus, only when the call asked for a sparse stream, `{ hole, flags }`
 * chunks at the position of the hole.
 */
export class LibvirtStream extends Duplex {
  private sentFinish = false;
  private remoteEof = false;
  private done = false;
  private finalCb: ((err?: Error | null) => void) | null = null;
  // Until openStream() has handed the stream to its caller nobody can be listening for 'error',
  // so a failure that arrives with the opening reply is held back instead of crashing the process.
  private handedOut = false;
  private heldError: Error | null = null;

  constructor(
    private readonly host: StreamHost,
    readonly procedure: string,
    readonly proc: number,
    readonly serial: number,
  ) {
    super({ allowHalfOpen: true, objectMode: true, highWaterMark: 16 });
  }

  /** True once both sides agreed the stream is over (finish confirmed). */
  get finished(): boolean {
    return this.done;
  }

  // ---- packets from the daemon (called by the client) ----

  /** @internal */
  _onData(data: Buffer): void {
    if (this.done || this.destroyed) return;
    if (data.length === 0) return this.onEof();
    if (this.remoteEof) return;
    this.push(data);
    if (this.readableLength >= PAUSE_SOCKET_AT) this.host.streamPauseReading(this);
  }

  /** @internal */
  _onHole(hole: StreamHole): void {
    if (this.done || this.destroyed || this.remoteEof) return;
    const chunk: HoleChunk = { hole: hole.length, flags: hole.flags };
    this.push(chunk);
    if (this.readableLength >= PAUSE_SOCKET_AT) this.host.streamPauseReading(this);
  }

  /** @internal */
  _onOk(): void {
    if (this.done || this.destroyed) return;
    // Normally the confirmation of our finish; an unsolicited OK also means the daemon is done.
    this.complete();
  }

  private onEof(): void {
    if (this.remoteEof) return;
    // The daemon has no more data. It now waits for our finish before confirming.
    this.remoteEof = true;
    this.push(null);
    if (!this.sentFinish) this.sendFinish();
  }

  /** @internal The caller now holds the stream. */
  _handOut(): void {
    this.handedOut = true;
    const err = this.heldError;
    if (err) {
      this.heldError = null;
      setImmediate(() => this.destroy(err));
    }
  }

  /** @internal Daemon-side failure, or the connection died. */
  _onError(err: Error): void {
    if (this.done || this.destroyed) return;
    this.done = true;
    if (!this.handedOut) {
      this.host.streamRelease(this);
      this.heldError = err;
      return;
    }
    this.host.streamRelease(this);
    const cb = this.finalCb;
    this.finalCb = null;
    if (cb) cb(err);
    this.destroy(err);
  }

  private sendFinish(): void {
    this.sentFinish = true;
    this.host.streamSend(this, MessageType.STREAM, MessageStatus.OK);
  }

  private complete(): void {
    this.done = true;
    this.host.streamRelease(this);
    if (!this.remoteEof) this.push(null);
    const cb = this.finalCb;
    this.finalCb = null;
    if (cb) cb();
    // Read-only streams never have end() called by their user; end the writable side for them so
    // the Duplex closes once the reader has consumed everything.
    if (!this.writableEnded) this.end();
  }

  // ---- Duplex implementation ----

  override _read(): void {
    this.host.streamResumeReading(this);
  }

  override _write(chunk: unknown, encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.done || this.sentFinish) {
      cb(new Error(`${this.procedure} stream is already finished`));
      return;
    }
    let ok = true;
    if (typeof chunk === 'string') chunk = Buffer.from(chunk, encoding);
    if (chunk instanceof Uint8Array) {
      for (let off = 0; off < chunk.length; off += CHUNK) {
        const piece = chunk.subarray(off, Math.min(off + CHUNK, chunk.length));
        ok = this.host.streamSend(this, MessageType.STREAM, MessageStatus.CONTINUE, piece) && ok;
      }
    } else if (chunk !== null && typeof chunk === 'object' && typeof (chunk as HoleChunk).hole === 'bigint') {
      const h = chunk as HoleChunk;
      ok = this.host.streamSend(this, MessageType.STREAM_HOLE, MessageStatus.CONTINUE, undefined, {
        length: h.hole,
        flags: h.flags ?? 0,
      });
    } else {
      cb(new TypeError('stream chunks must be Buffer, Uint8Array, string or { hole: bigint }'));
      return;
    }
    if (ok) cb();
    else this.host.streamWaitDrain(cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.done) {
      cb();
      return;
    }
    this.finalCb = cb;
    if (!this.sentFinish) this.sendFinish();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.done) {
      // Abort: tell the daemon to drop the stream; anything it still sends for this serial is ignored.
      this.done = true;
      this.host.streamSend(this, MessageType.STREAM, MessageStatus.ERROR);
      this.host.streamRelease(this);
    }
    const fc = this.finalCb;
    this.finalCb = null;
    if (fc) fc(err ?? new Error(`${this.procedure} stream destroyed`));
    cb(err);
  }
}

import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { XdrError, XdrWriter, type Codec } from './xdr';
import { FrameError, Framer, HEADER_SIZE, LEN_SIZE, MESSAGE_MAX, MessageStatus, MessageType, decodePayload, writeHeader } from './rpc';
import { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, remoteProcedures, type RemoteProcedures } from './protocol/generated/remote';
import { KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION, keepalive_procedure } from './protocol/generated/keepalive';
import { virNetMessageError, virNetStreamHole } from './protocol/generated/virnet';
import type { ProcedureInfo } from './protocol/types';
import { ConnectionClosedError, LibvirtAbortError, LibvirtError, LibvirtTimeoutError } from './errors';
import { Keepalive, type KeepaliveOptions } from './keepalive';
import { LibvirtStream, type StreamHole, type StreamHost } from './stream';
import { EventHub } from './events';
import { logProcedure, procLogEnabled } from './proc-log';

export type ProcedureName = keyof RemoteProcedures;
export type ArgsOf<K extends ProcedureName> = RemoteProcedures[K]['args'];
export type RetOf<K extends ProcedureName> = RemoteProcedures[K]['ret'];
/** Procedures annotated @readstream/@writestream in remote_protocol.x. */
export type StreamProcedureName = {
  [K in ProcedureName]: (typeof remoteProcedures)[K]['stream'] extends null ? never : K;
}[ProcedureName];

export interface CallOptions {
  /** Reject with LibvirtTimeoutError if no reply within this many ms (the call stays harmless on the daemon). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ClientOptions {
  /** Default per-call timeout; 0/undefined = none (keepalive detects dead peers instead). */
  callTimeoutMs?: number;
  /**
   * Calls written to the socket before their replies come back (default 64). More calls wait in a
   * client-side queue. The daemon only works on `max_client_requests` (5) per client anyway and
   * stops reading beyond that; an unbounded burst would bury our keepalive PONGs behind megabytes
   * of calls and the daemon would drop us for a keepalive timeout.
   */
  maxInFlight?: number;
}

interface Pending {
  name: string;
  ret: Codec<unknown> | null;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Set for calls that open a data stream: registered before the call is sent. */
  stream: LibvirtStream | undefined;
  /** The encoded call while it waits for a place in the in-flight window; null once written. */
  queued: Buffer | null;
}

const FRAME_PAYLOAD = LEN_SIZE + HEADER_SIZE;
const procedureNames = new Map<number, string>(Object.values(remoteProcedures).map((p) => [p.number, p.name]));
// Replies for calls we gave up on (timeout/abort) are still on their way; remembering a bounded
// number of such serials lets us drop them instead of treating them as a protocol violation.
const MAX_ABANDONED = 65536;

/**
 * One connection to a libvirt daemon over any duplex byte stream.
 *
 * Calls are pipelined: each gets a serial, replies are matched by serial in whatever order the
 * daemon sends them. Outgoing messages produced in the same tick are encoded into one buffer and
 * written together. The connection fails as a whole — every pending call rejects at once with a
 * ConnectionClosedError naming the reason — on EOF, socket error, a bad frame, a reply nobody
 * asked for, a CALL from the server, a message from an unknown program or a keepalive timeout.
 *
 * Events: 'close' (reason?: Error) — reason is undefined only after close() by us.
 */
export class LibvirtClient extends EventEmitter {
  private readonly pending = new Map<number, Pending>();
  private readonly abandoned = new Set<number>();
  private readonly streams = new Map<number, LibvirtStream>();
  private readonly pausedBy = new Set<LibvirtStream>();
  private readonly framer = new Framer(MESSAGE_MAX);
  private readonly out = new XdrWriter(64 * 1024);
  private flushScheduled = false;
  private serial = 0;
  private closeError: ConnectionClosedError | null = null;
  private keepalive: Keepalive | null = null;
  private readonly callTimeoutMs: number;
  private readonly maxInFlight: number;
  /** Calls written and not yet answered (or given up on). */
  private inFlight = 0;
  /** Serials of encoded calls waiting for the window, oldest first. */
  private readonly backlog: number[] = [];
  /** Typed domain/network/storage-pool event subscriptions. */
  readonly events: EventHub;

  constructor(
    private readonly socket: Duplex,
    options: ClientOptions = {},
  ) {
    super();
    this.callTimeoutMs = options.callTimeoutMs ?? 0;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 64);
    this.events = new EventHub(this);
    socket.on('data', this.onData);
    socket.on('end', () => this.fail('connection closed by the daemon (EOF)'));
    socket.on('error', (err: Error) => this.fail(`socket error: ${err.message}`, err));
    socket.on('close', () => this.fail('socket closed'));
  }

  /** Whether the connection is gone (for any reason). */
  get closed(): boolean {
    return this.closeError !== null;
  }

  /** Why the connection closed, or null while open. */
  get closeReason(): ConnectionClosedError | null {
    return this.closeError;
  }

  /** Number of calls awaiting a reply. */
  get pendingCalls(): number {
    return this.pending.size;
  }

  /**
   * Calls a remote procedure by name (REMOTE_PROC_ prefix dropped): args and result are typed
   * from the generated table. Procedures without arguments take `undefined`.
   */
  call<K extends ProcedureName>(name: K, args: ArgsOf<K>, options?: CallOptions): Promise<RetOf<K>> {
    const info = remoteProcedures[name] as ProcedureInfo | undefined;
    if (!info) return Promise.reject(new Error(`unknown libvirt procedure ${String(name)}`));
    return this.callProcedure(REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, info, args, options) as Promise<RetOf<K>>;
  }

  /** Call with an explicit program/procedure description (other programs, tests). */
  callProcedure(prog: number, vers: number, info: ProcedureInfo, args: unknown, options?: CallOptions): Promise<unknown> {
    return this.start(prog, vers, info, args, options, undefined);
  }

  /**
   * Calls a stream-opening procedure (DOMAIN_OPEN_CONSOLE, DOMAIN_SCREENSHOT, STORAGE_VOL_UPLOAD,
   * STORAGE_VOL_DOWNLOAD, ...) and returns its reply together with the data stream.
   */
  async openStream<K extends StreamProcedureName>(
    name: K,
    args: ArgsOf<K>,
    options?: CallOptions,
  ): Promise<{ ret: RetOf<K>; stream: LibvirtStream }> {
    const info = remoteProcedures[name] as ProcedureInfo;
    const serial = this.nextSerial();
    const stream = new LibvirtStream(this.streamHost, info.name, info.number, serial);
    try {
      const ret = (await this.start(REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, info, args, options, stream, serial)) as RetOf<K>;
      stream._handOut();
      return { ret, stream };
    } catch (e) {
      this.streams.delete(serial);
      if (!stream.destroyed) stream.destroy();
      throw e;
    }
  }

  /** Enables keepalive PINGs (normally done by connect() once the daemon says it supports them). */
  startKeepalive(options: KeepaliveOptions = {}): void {
    if (this.closed || this.keepalive) return;
    this.keepalive = new Keepalive(
      options,
      () => this.sendKeepalive(keepalive_procedure.KEEPALIVE_PROC_PING),
      (reason) => this.fail(reason),
    );
    this.keepalive.start();
  }

  /**
   * Orderly shutdown: CONNECT_CLOSE (bounded wait) then end the socket. Pending calls reject
   * with ConnectionClosedError('closed by client').
   */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed) return;
    try {
      await this.call('CONNECT_CLOSE', undefined, { timeoutMs });
    } catch {
      // The daemon may already be gone; closing is best-effort.
    }
    this.fail('closed by client', undefined, true);
  }

  /** Tears the connection down immediately with `reason`. */
  destroy(reason = 'destroyed by client', cause?: unknown): void {
    this.fail(reason, cause);
  }

  // ---------------------------------------------------------------- sending

  private nextSerial(): number {
    this.serial = (this.serial + 1) >>> 0;
    if (this.serial === 0) this.serial = 1;
    return this.serial;
  }

  private start(
    prog: number,
    vers: number,
    info: ProcedureInfo,
    args: unknown,
    options: CallOptions | undefined,
    stream: LibvirtStream | undefined,
    presetSerial?: number,
  ): Promise<unknown> {
    if (this.closeError) return Promise.reject(new ConnectionClosedError(this.closeError.reason, { cause: this.closeError }));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new LibvirtAbortError(info.name, { cause: signal.reason }));
    const serial = presetSerial ?? this.nextSerial();
    if (procLogEnabled && prog === REMOTE_PROGRAM) logProcedure(info.name);
    // Encode first: a bad argument rejects this call without touching the connection.
    const mark = this.out.pos;
    try {
      this.appendMessage(prog, vers, info.number, MessageType.CALL, serial, MessageStatus.OK, info.args, args);
    } catch (e) {
      this.out.pos = mark;
      return Promise.reject(e instanceof XdrError ? new XdrError(`${info.name} args: ${e.message}`) : e);
    }
    // Window full: keep the encoded bytes aside; drainBacklog() writes them as replies come in.
    let queued: Buffer | null = null;
    if (this.inFlight >= this.maxInFlight) {
      queued = Buffer.from(this.out.buf.subarray(mark, this.out.pos));
      this.out.pos = mark;
      this.backlog.push(serial);
    } else {
      this.inFlight++;
    }
    return new Promise((resolve, reject) => {
      const p: Pending = { name: info.name, ret: info.ret, resolve, reject, timer: undefined, signal, onAbort: undefined, stream, queued };
      const timeoutMs = options?.timeoutMs ?? this.callTimeoutMs;
      if (timeoutMs > 0) {
        p.timer = setTimeout(() => this.abandon(serial, new LibvirtTimeoutError(info.name, timeoutMs)), timeoutMs);
      }
      if (signal) {
        p.onAbort = () => this.abandon(serial, new LibvirtAbortError(info.name, { cause: signal.reason }));
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.pending.set(serial, p);
      if (stream) this.streams.set(serial, stream);
      this.scheduleFlush();
    });
  }

  /** Appends one whole message (length word, header, payload) to the outgoing batch. */
  private appendMessage(
    prog: number,
    vers: number,
    proc: number,
    type: MessageType,
    serial: number,
    status: MessageStatus,
    codec: Codec<unknown> | null,
    value: unknown,
    raw?: Uint8Array,
  ): void {
    const w = this.out;
    const start = w.pos;
    w.ensure(FRAME_PAYLOAD);
    w.pos = start + FRAME_PAYLOAD;
    if (codec) codec.encode(w, value);
    if (raw) w.writeRaw(raw);
    const len = w.pos - start;
    if (len > MESSAGE_MAX) {
      w.pos = start;
      throw new XdrError(`message of ${len} bytes exceeds the ${MESSAGE_MAX}-byte limit`);
    }
    w.buf.writeUInt32BE(len, start);
    writeHeader(w.buf, start + LEN_SIZE, { prog, vers, proc, type, serial, status });
  }

  private scheduleFlush(coalesce = false): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    if (coalesce) setImmediate(this.flush);
    else process.nextTick(this.flush);
  }

  /** Writes the batch; returns the socket's backpressure signal. */
  private readonly flush = (): boolean => {
    this.flushScheduled = false;
    if (this.out.pos === 0 || this.closeError) {
      this.out.reset();
      return true;
    }
    const buf = this.out.take();
    this.out.reset();
    return this.socket.write(buf);
  };

  /** A call left the window (answered or given up): let waiting calls in. */
  private released(p: Pending, serial: number): void {
    if (p.queued) {
      const i = this.backlog.indexOf(serial);
      if (i >= 0) this.backlog.splice(i, 1);
      p.queued = null;
      return;
    }
    this.inFlight--;
    let wrote = false;
    while (this.inFlight < this.maxInFlight && this.backlog.length) {
      const next = this.pending.get(this.backlog.shift()!);
      if (!next?.queued) continue;
      this.out.writeRaw(next.queued);
      next.queued = null;
      this.inFlight++;
      wrote = true;
    }
    // Refills wait for the loop's check phase: every reply read in this loop iteration has freed
    // its slot by then, so the refills go out in one write instead of one syscall per reply.
    if (wrote) this.scheduleFlush(true);
  }

  private sendKeepalive(proc: number): void {
    if (this.closeError) return;
    this.appendMessage(KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION, proc, MessageType.MESSAGE, 0, MessageStatus.OK, null, undefined);
    this.scheduleFlush();
  }

  private abandon(serial: number, err: Error): void {
    const p = this.pending.get(serial);
    if (!p) return;
    this.pending.delete(serial);
    this.cleanup(p);
    // A call still in the backlog was never sent: no reply will come for it.
    if (!p.queued) {
      if (this.abandoned.size >= MAX_ABANDONED) this.abandoned.clear();
      this.abandoned.add(serial);
    }
    this.released(p, serial);
    if (p.stream) {
      this.streams.delete(serial);
      p.stream.destroy(err);
    }
    p.reject(err);
  }

  private cleanup(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
  }

  // ---------------------------------------------------------------- receiving

  private readonly onData = (data: Buffer): void => {
    if (this.closeError) return;
    try {
      this.framer.push(data, this.onFrame);
    } catch (e) {
      if (e instanceof FrameError || e instanceof XdrError) this.fail(e.message, e);
      else this.fail(`internal error while dispatching a message: ${(e as Error).message}`, e);
    }
  };

  private readonly onFrame = (frame: Buffer): void => {
    if (this.closeError) return;
    this.keepalive?.touch();
    const prog = frame.readUInt32BE(4);
    const proc = frame.readInt32BE(12);
    const type = frame.readInt32BE(16);
    const serial = frame.readUInt32BE(20);
    const status = frame.readInt32BE(24);
    if (status < 0 || status > 2) throw new FrameError(`bad frame: invalid message status ${status}`);
    if (prog === REMOTE_PROGRAM) {
      switch (type) {
        case MessageType.REPLY:
          return this.onReply(frame, serial, status);
        case MessageType.MESSAGE:
          if (procLogEnabled) logProcedure(procedureNames.get(proc) ?? `#${proc}`);
          if (!this.events.dispatch(proc, frame)) {
            // An event we never registered for (or newer than our table): harmless, drop it.
            this.emit('unhandledMessage', proc);
          }
          return;
        case MessageType.STREAM:
        case MessageType.STREAM_HOLE:
          return this.onStreamPacket(frame, type, serial, status);
        case MessageType.CALL:
        case MessageType.CALL_WITH_FDS:
          return this.fail(`protocol violation: the daemon sent a CALL (procedure ${proc}, serial ${serial})`);
        case MessageType.REPLY_WITH_FDS:
          return this.fail(`protocol violation: REPLY_WITH_FDS for serial ${serial}, but file descriptor passing is not supported`);
        default:
          return this.fail(`bad frame: invalid message type ${type}`);
      }
    }
    if (prog === KEEPALIVE_PROGRAM) {
      if (type === MessageType.MESSAGE && proc === keepalive_procedure.KEEPALIVE_PROC_PING) {
        this.sendKeepalive(keepalive_procedure.KEEPALIVE_PROC_PONG);
      }
      // PONG (and anything else) only matters as proof of life, recorded above.
      return;
    }
    this.fail(`protocol violation: message from unknown program 0x${prog.toString(16)} (procedure ${proc}, type ${type})`);
  };

  private onReply(frame: Buffer, serial: number, status: number): void {
    const p = this.pending.get(serial);
    if (!p) {
      if (this.abandoned.delete(serial)) return;
      const st = this.streams.get(serial);
      // After a stream's opening reply, the daemon may report a stream failure as a REPLY/ERROR.
      if (st && status === MessageStatus.ERROR) {
        st._onError(this.decodeError(frame, st.procedure));
        return;
      }
      this.fail(`protocol violation: reply with unknown serial ${serial}`);
      return;
    }
    this.pending.delete(serial);
    this.cleanup(p);
    this.released(p, serial);
    if (status === MessageStatus.OK) {
      let v: unknown;
      try {
        v = p.ret ? decodePayload(frame, p.ret) : undefined;
        if (!p.ret && frame.length !== FRAME_PAYLOAD) throw new XdrError(`${frame.length - FRAME_PAYLOAD} unexpected bytes in empty reply`);
      } catch (e) {
        if (p.stream) this.streams.delete(serial);
        p.reject(e instanceof XdrError ? new XdrError(`${p.name} reply: ${e.message}`) : (e as Error));
        return;
      }
      p.resolve(v);
    } else if (status === MessageStatus.ERROR) {
      if (p.stream) this.streams.delete(serial);
      p.reject(this.decodeError(frame, p.name));
    } else {
      this.fail(`protocol violation: reply to ${p.name} with status CONTINUE`);
    }
  }

  private decodeError(frame: Buffer, procedure: string): Error {
    try {
      return LibvirtError.fromWire(decodePayload(frame, virNetMessageError), procedure);
    } catch (e) {
      return new XdrError(`${procedure} error reply: ${(e as Error).message}`);
    }
  }

  private onStreamPacket(frame: Buffer, type: number, serial: number, status: number): void {
    const st = this.streams.get(serial);
    // Like libvirt's client: packets for a stream we no longer track (aborted, finished) are
    // in flight from before the daemon saw our abort, and are dropped.
    if (!st) return;
    if (type === MessageType.STREAM_HOLE) {
      let hole: StreamHole;
      try {
        hole = decodePayload(frame, virNetStreamHole);
      } catch (e) {
        st._onError(e as Error);
        return;
      }
      st._onHole(hole);
      return;
    }
    switch (status) {
      case MessageStatus.CONTINUE:
        st._onData(frame.subarray(FRAME_PAYLOAD));
        return;
      case MessageStatus.OK:
        st._onOk();
        return;
      default:
        st._onError(frame.length > FRAME_PAYLOAD ? this.decodeError(frame, st.procedure) : new Error(`${st.procedure} stream aborted by the daemon`));
    }
  }

  // ---------------------------------------------------------------- stream host

  private readonly streamHost: StreamHost = {
    streamSend: (st, type, status, data, hole) => {
      if (this.closeError) return true;
      this.appendMessage(
        REMOTE_PROGRAM,
        REMOTE_PROTOCOL_VERSION,
        st.proc,
        type,
        st.serial,
        status,
        hole ? (virNetStreamHole as Codec<unknown>) : null,
        hole,
        data,
      );
      // Flush now (not next tick) so the socket's backpressure reaches the stream's writer.
      return this.flush();
    },
    streamWaitDrain: (cb) => {
      if (this.closeError) return cb(this.closeError);
      const onDrain = () => {
        this.off('close', onClose);
        cb();
      };
      const onClose = () => {
        this.socket.off('drain', onDrain);
        cb(this.closeError);
      };
      this.socket.once('drain', onDrain);
      this.once('close', onClose);
    },
    streamRelease: (st) => {
      if (this.streams.get(st.serial) === st) this.streams.delete(st.serial);
      this.streamHost.streamResumeReading(st);
    },
    streamPauseReading: (st) => {
      this.pausedBy.add(st);
      this.socket.pause();
    },
    streamResumeReading: (st) => {
      if (this.pausedBy.delete(st) && this.pausedBy.size === 0 && !this.closeError) this.socket.resume();
    },
  };

  // ---------------------------------------------------------------- closing

  private fail(reason: string, cause?: unknown, byUser = false): void {
    if (this.closeError) return;
    const err = new ConnectionClosedError(reason, cause === undefined ? undefined : { cause });
    this.closeError = err;
    this.keepalive?.stop();
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.backlog.length = 0;
    for (const p of pending) {
      this.cleanup(p);
      p.reject(new ConnectionClosedError(reason, { cause: err }));
    }
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const st of streams) st._onError(new ConnectionClosedError(reason, { cause: err }));
    this.events.closeAll(err);
    this.out.reset();
    this.socket.off('data', this.onData);
    // Keep an error listener: a late socket error after we gave up must not crash the process.
    this.socket.on('error', () => {});
    if (byUser) this.socket.end();
    this.socket.destroy();
    this.emit('close', byUser ? undefined : err);
  }
}

import { LEN_SIZE, MESSAGE_MAX, MIN_FRAME } from './header';

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/**
 * Splits a byte stream into whole messages (length word + header + payload). The length word is
 * validated before anything is allocated for the body, so a peer announcing 4 GiB costs nothing.
 * Once it throws, the stream is out of sync forever: the caller must drop the connection.
 */
export class Framer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1; // total size of the frame being assembled, -1 while its length is unknown
  private failed = false;

  constructor(private readonly maxMessage = MESSAGE_MAX) {}

  /**
   * Feeds bytes; calls `onFrame` with each complete frame (length word included, so header offsets
   * are fixed at 4). Frames are fresh buffers or subarrays of `data` owned by the caller.
   */
  push(data: Buffer, onFrame: (frame: Buffer) => void): void {
    if (this.failed) throw new FrameError('framer already failed');
    let off = 0;
    // Fast path: nothing pending, so whole frames can be sliced from `data` without copying.
    while (this.buffered === 0 && data.length - off >= LEN_SIZE) {
      const len = this.check(data.readUInt32BE(off));
      if (data.length - off < len) break;
      onFrame(data.subarray(off, off + len));
      off += len;
    }
    if (off === data.length) return;
    const rest = off === 0 ? data : data.subarray(off);
    this.chunks.push(rest);
    this.buffered += rest.length;
    while (this.buffered > 0) {
      if (this.need < 0) {
        if (this.buffered < LEN_SIZE) return;
        this.need = this.check(this.peekLength());
      }
      if (this.buffered < this.need) return;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      const frame = all.subarray(0, this.need);
      const tail = all.subarray(this.need);
      this.chunks = tail.length ? [tail] : [];
      this.buffered = tail.length;
      this.need = -1;
      onFrame(frame);
    }
  }

  /** Bytes received but not yet forming a whole frame (non-zero at EOF = truncated message). */
  get pending(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0]!;
    if (first.length >= LEN_SIZE) return first.readUInt32BE(0);
    const head = Buffer.concat(this.chunks, Math.min(this.buffered, 64)).subarray(0, LEN_SIZE);
    return head.readUInt32BE(0);
  }

  private check(len: number): number {
    if (len < MIN_FRAME) {
      this.failed = true;
      throw new FrameError(`bad frame: length ${len} is smaller than the ${MIN_FRAME}-byte minimum`);
    }
    if (len > this.maxMessage) {
      this.failed = true;
      throw new FrameError(`bad frame: length ${len} exceeds the ${this.maxMessage}-byte message limit`);
    }
    return len;
  }
}

import { XdrReader, XdrWriter, type Codec } from '../xdr';
import { HEADER_SIZE, LEN_SIZE, MESSAGE_MAX, readHeader, writeHeader, type MessageHeader } from './header';
import { FrameError } from './framer';

export interface Message {
  header: MessageHeader;
  /** The frame the message came from; the payload is frame[28..]. */
  frame: Buffer;
}

/** Parses the header of a frame produced by Framer. */
export function parseFrame(frame: Buffer): Message {
  return { header: readHeader(frame, LEN_SIZE), frame };
}

/** Reader positioned on the payload of a frame. */
export function payloadReader(frame: Buffer): XdrReader {
  return new XdrReader(frame, LEN_SIZE + HEADER_SIZE, frame.length);
}

/** Decodes a whole payload with `codec`, rejecting trailing bytes. */
export function decodePayload<T>(frame: Buffer, codec: Codec<T>): T {
  const r = payloadReader(frame);
  const v = codec.decode(r);
  r.expectEnd(codec.kind);
  return v;
}

/**
 * Encodes length + header + payload into `w` (reset first) and returns a copy ready to write.
 * `payload` is either an XDR value with its codec or raw bytes (stream data).
 */
export function encodeMessage<T>(
  w: XdrWriter,
  header: MessageHeader,
  codec: Codec<T> | null,
  value?: T,
  raw?: Uint8Array,
): Buffer {
  w.reset();
  w.ensure(LEN_SIZE + HEADER_SIZE);
  w.pos = LEN_SIZE + HEADER_SIZE;
  if (codec) codec.encode(w, value as T);
  if (raw) w.writeRaw(raw);
  const total = w.pos;
  if (total > MESSAGE_MAX) throw new FrameError(`message of ${total} bytes exceeds the ${MESSAGE_MAX}-byte limit`);
  w.buf.writeUInt32BE(total, 0);
  writeHeader(w.buf, LEN_SIZE, header);
  return w.take();
}

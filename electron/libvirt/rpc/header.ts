import { XdrError } from '../xdr';
import {
  VIR_NET_MESSAGE_HEADER_MAX,
  VIR_NET_MESSAGE_LEN_MAX,
  VIR_NET_MESSAGE_MAX,
  virNetMessageStatus,
  virNetMessageType,
} from '../protocol/generated/virnet';

/** virNetMessageType, spelled without the VIR_NET_ prefix. */
export const MessageType = {
  CALL: virNetMessageType.VIR_NET_CALL,
  REPLY: virNetMessageType.VIR_NET_REPLY,
  MESSAGE: virNetMessageType.VIR_NET_MESSAGE,
  STREAM: virNetMessageType.VIR_NET_STREAM,
  CALL_WITH_FDS: virNetMessageType.VIR_NET_CALL_WITH_FDS,
  REPLY_WITH_FDS: virNetMessageType.VIR_NET_REPLY_WITH_FDS,
  STREAM_HOLE: virNetMessageType.VIR_NET_STREAM_HOLE,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const MessageStatus = {
  OK: virNetMessageStatus.VIR_NET_OK,
  ERROR: virNetMessageStatus.VIR_NET_ERROR,
  CONTINUE: virNetMessageStatus.VIR_NET_CONTINUE,
} as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

/** 4-byte length word; it counts itself. */
export const LEN_SIZE = VIR_NET_MESSAGE_LEN_MAX;
export const HEADER_SIZE = VIR_NET_MESSAGE_HEADER_MAX;
/** Largest whole message (length word included) the daemon will send or accept: 32 MiB. */
export const MESSAGE_MAX = VIR_NET_MESSAGE_MAX;
export const MIN_FRAME = LEN_SIZE + HEADER_SIZE;

export interface MessageHeader {
  prog: number;
  vers: number;
  proc: number;
  type: MessageType;
  serial: number;
  status: MessageStatus;
}

/**
 * The header is fixed-size, so it is read with direct Buffer calls rather than a schema codec:
 * it is decoded once per message and validating the enums here keeps garbage out of the client.
 */
export function readHeader(buf: Buffer, off: number): MessageHeader {
  if (off + HEADER_SIZE > buf.length) throw new XdrError('truncated message header');
  const type = buf.readInt32BE(off + 12);
  const status = buf.readInt32BE(off + 20);
  if (type < 0 || type > 6) throw new XdrError(`invalid message type ${type}`);
  if (status < 0 || status > 2) throw new XdrError(`invalid message status ${status}`);
  return {
    prog: buf.readUInt32BE(off),
    vers: buf.readUInt32BE(off + 4),
    proc: buf.readInt32BE(off + 8),
    type: type as MessageType,
    serial: buf.readUInt32BE(off + 16),
    status: status as MessageStatus,
  };
}

export function writeHeader(buf: Buffer, off: number, h: MessageHeader): void {
  buf.writeUInt32BE(h.prog >>> 0, off);
  buf.writeUInt32BE(h.vers >>> 0, off + 4);
  buf.writeInt32BE(h.proc | 0, off + 8);
  buf.writeInt32BE(h.type, off + 12);
  buf.writeUInt32BE(h.serial >>> 0, off + 16);
  buf.writeInt32BE(h.status, off + 20);
}

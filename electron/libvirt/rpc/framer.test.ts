import { describe, expect, it } from 'vitest';
import { FrameError, Framer } from './framer';
import { MESSAGE_MAX, MIN_FRAME, readHeader, writeHeader, MessageType, MessageStatus } from './header';

function frame(payload: number, tag: number): Buffer {
  const b = Buffer.alloc(MIN_FRAME + payload, tag);
  b.writeUInt32BE(b.length, 0);
  writeHeader(b, 4, { prog: 0x20008086, vers: 1, proc: 16, type: MessageType.REPLY, serial: tag, status: MessageStatus.OK });
  return b;
}

function collect(f: Framer, chunks: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) f.push(c, (fr) => out.push(Buffer.from(fr)));
  return out;
}

describe('Framer', () => {
  const frames = [frame(0, 1), frame(5, 2), frame(100, 3), frame(3, 4)];
  const all = Buffer.concat(frames);

  it('splits merged frames', () => {
    expect(collect(new Framer(), [all])).toEqual(frames);
  });

  it('reassembles frames split at every byte boundary', () => {
    const bytes = [...all].map((b) => Buffer.from([b]));
    expect(collect(new Framer(), bytes)).toEqual(frames);
    for (let cut = 1; cut < all.length; cut++) {
      expect(collect(new Framer(), [all.subarray(0, cut), all.subarray(cut)])).toEqual(frames);
    }
  });

  it('reports pending bytes of an incomplete frame', () => {
    const f = new Framer();
    collect(f, [frames[2]!.subarray(0, 10)]);
    expect(f.pending).toBe(10);
  });

  it('rejects a length smaller than length word + header', () => {
    for (const len of [0, 4, 27]) {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(len);
      expect(() => collect(new Framer(), [b])).toThrow(FrameError);
    }
  });

  it('rejects an oversized length before buffering the body', () => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(MESSAGE_MAX + 1);
    expect(() => collect(new Framer(), [b])).toThrow(/exceeds the 33554432-byte message limit/);
    b.writeUInt32BE(0xffffffff);
    expect(() => collect(new Framer(), [b])).toThrow(FrameError);
    // Length word split across chunks still gets checked.
    const f = new Framer();
    expect(() => collect(f, [b.subarray(0, 2), b.subarray(2)])).toThrow(FrameError);
  });

  it('accepts exactly the maximum size', () => {
    const f = new Framer(64);
    const b = Buffer.alloc(64);
    b.writeUInt32BE(64);
    expect(collect(f, [b])).toHaveLength(1);
  });

  it('stays failed after a bad frame', () => {
    const f = new Framer();
    const bad = Buffer.from([0, 0, 0, 1]);
    expect(() => collect(f, [bad])).toThrow(FrameError);
    expect(() => collect(f, [frames[0]!])).toThrow(/already failed/);
  });
});

describe('header', () => {
  it('round-trips and validates type/status', () => {
    const b = Buffer.alloc(24);
    const h = { prog: 0x6b656570, vers: 1, proc: 1, type: MessageType.STREAM_HOLE, serial: 0xffffffff, status: MessageStatus.CONTINUE };
    writeHeader(b, 0, h);
    expect(readHeader(b, 0)).toEqual(h);
    b.writeInt32BE(7, 12);
    expect(() => readHeader(b, 0)).toThrow(/invalid message type 7/);
  });
});

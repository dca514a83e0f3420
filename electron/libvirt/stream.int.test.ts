/**
 * Volume upload/download streams against the real daemon's storage driver (a transient dir pool
 * in a temp directory; the test driver has no volume streams).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type HoleChunk, type LibvirtClient, type LibvirtStream, type remote_nonnull_storage_pool, type remote_nonnull_storage_vol } from './index';

const URI = 'qemu:///system';
// virStorageVolUploadFlags / virStorageVolDownloadFlags
const UPLOAD_SPARSE = 1;
const DOWNLOAD_SPARSE = 1;
const VOL_SIZE = 4 * 1024 * 1024;

let client: LibvirtClient;
let dir: string;
let pool: remote_nonnull_storage_pool;

async function readAll(stream: LibvirtStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function finish(stream: LibvirtStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    stream.end(() => resolve());
  });
}

async function newVolume(name: string): Promise<remote_nonnull_storage_vol> {
  // allocation 0: a sparse file, so holes survive the round trip.
  const xml = `<volume><name>${name}</name><capacity unit='bytes'>${VOL_SIZE}</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>`;
  const { vol } = await client.call('STORAGE_VOL_CREATE_XML', { pool, xml, flags: 0 });
  return vol;
}

beforeAll(async () => {
  client = await connect(URI);
  dir = mkdtempSync(join(tmpdir(), 'vdtest-pool-'));
  const name = `vdtest-pool-${process.pid}-${Date.now()}`;
  const xml = `<pool type='dir'><name>${name}</name><target><path>${dir}</path></target></pool>`;
  ({ pool } = await client.call('STORAGE_POOL_CREATE_XML', { xml, flags: 0 }));
});

afterAll(async () => {
  try {
    if (pool) await client.call('STORAGE_POOL_DESTROY', { pool }); // transient: destroying removes it
  } finally {
    await client?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

describe('volume streams against the real daemon', () => {
  it('uploads and downloads a volume', async () => {
    const vol = await newVolume('plain.raw');
    const data = randomBytes(700_000); // several 256 KiB packets
    const { stream: up } = await client.openStream('STORAGE_VOL_UPLOAD', { vol, offset: 0n, length: BigInt(data.length), flags: 0 });
    up.write(data);
    await finish(up);
    expect(up.finished).toBe(true);

    const { stream: down } = await client.openStream('STORAGE_VOL_DOWNLOAD', { vol, offset: 0n, length: BigInt(data.length), flags: 0 });
    const got = await readAll(down);
    expect(got.length).toBe(data.length);
    expect(got.equals(data)).toBe(true);
    await client.call('STORAGE_VOL_DELETE', { vol, flags: 0 });
  });

  it('transfers holes both ways with the sparse flags', async () => {
    const vol = await newVolume('sparse.raw');
    const head = Buffer.alloc(4096, 0xaa);
    const tail = Buffer.alloc(4096, 0xbb);
    const holeLen = 1024n * 1024n;
    const { stream: up } = await client.openStream('STORAGE_VOL_UPLOAD', { vol, offset: 0n, length: 0n, flags: UPLOAD_SPARSE });
    up.write(head);
    up.write({ hole: holeLen });
    up.write(tail);
    await finish(up);

    const { stream: down } = await client.openStream('STORAGE_VOL_DOWNLOAD', { vol, offset: 0n, length: 0n, flags: DOWNLOAD_SPARSE });
    const seq: string[] = [];
    const data: Buffer[] = [];
    for await (const c of down as AsyncIterable<Buffer | HoleChunk>) {
      if (Buffer.isBuffer(c)) {
        data.push(c);
        if (seq.at(-1) !== 'data') seq.push('data');
      } else seq.push(`hole ${c.hole}`);
    }
    // Data regions come back as data, the hole we wrote in its place between them.
    expect(seq).toEqual(['data', `hole ${holeLen}`, 'data']);
    expect(Buffer.concat(data).equals(Buffer.concat([head, tail]))).toBe(true);
    await client.call('STORAGE_VOL_DELETE', { vol, flags: 0 });
  });

  it('aborting a download leaves the connection usable', async () => {
    const vol = await newVolume('abort.raw');
    const { stream } = await client.openStream('STORAGE_VOL_DOWNLOAD', { vol, offset: 0n, length: 0n, flags: 0 });
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    const { hostname } = await client.call('CONNECT_GET_HOSTNAME', undefined);
    expect(hostname.length).toBeGreaterThan(0);
    await client.call('STORAGE_VOL_DELETE', { vol, flags: 0 });
  });
});

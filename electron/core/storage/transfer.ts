// Uploads a local file into a volume and downloads a volume into a local file over libvirt data
// streams, with progress and cancellation. Local paths come from the user's file pickers; they are
// still checked here (absolute, normalised) and a download never replaces a file unless asked to.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, lstat, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LibvirtClient, LibvirtStream, remote_nonnull_storage_vol } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { formatBytes } from './size';

export interface TransferControl {
  signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` and once at the end. */
  onProgress?: (done: number, total: number) => void;
  progressIntervalMs?: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/** A local path we may read or write: absolute and normalised, so what the user picked is what we touch. */
export function checkLocalPath(file: string): string | null {
  if (file.length === 0) return 'no file chosen';
  if (CONTROL.test(file)) return 'file path contains control characters';
  if (!path.isAbsolute(file)) return `file "${file}" is not an absolute path`;
  const normal = path.normalize(file);
  if (normal !== file || (file.length > 1 && file.endsWith(path.sep))) return `file "${file}" is not a normalised path (expected "${normal.replace(/(.)[/\\]$/, '$1')}")`;
  return null;
}

function invalid(message: string): ApiError {
  return new ApiError('INVALID_ARGUMENT', message);
}

function throttle(control: TransferControl, total: number): { tick(done: number): void; end(done: number): void } {
  const every = control.progressIntervalMs ?? 100;
  let last = 0;
  return {
    tick(done) {
      const now = Date.now();
      if (now - last >= every) {
        last = now;
        control.onProgress?.(done, total);
      }
    },
    end(done) {
      control.onProgress?.(done, total);
    },
  };
}

function cancelled(what: string, done: number, total: number, extra = ''): ApiError {
  return new ApiError('CANCELLED', `${what} cancelled after ${formatBytes(done)} of ${formatBytes(total)}${extra}`);
}

/** Rejects when the signal fires; the returned function detaches. */
function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    queueMicrotask(fn);
    return () => undefined;
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

/** Waits for a stream to finish both ways (daemon confirmed) or fail. */
function streamDone(stream: LibvirtStream, needEnd: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let ended = !needEnd;
    let finished = false;
    const check = () => {
      if (ended && finished) resolve();
    };
    stream.once('end', () => {
      ended = true;
      check();
    });
    stream.once('finish', () => {
      finished = true;
      check();
    });
    stream.once('error', reject);
    stream.once('close', () => {
      if (!(ended && finished)) reject(new Error(`${stream.procedure} stream closed before it finished`));
    });
  });
}

/** Streams `file` into `vol` from offset 0. Resolves with the bytes sent. */
export async function uploadFile(
  client: LibvirtClient,
  vol: remote_nonnull_storage_vol,
  file: string,
  control: TransferControl = {},
): Promise<number> {
  const bad = checkLocalPath(file);
  if (bad) throw invalid(bad);
  const st = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw invalid(e.code === 'ENOENT' ? `file "${file}" does not exist` : `cannot read "${file}": ${e.message}`);
  });
  if (!st.isFile()) throw invalid(`"${file}" is not a regular file`);
  const total = st.size;
  const info = await client.call('STORAGE_VOL_GET_INFO', { vol });
  if (BigInt(total) > info.capacity) {
    throw invalid(`"${path.basename(file)}" is ${formatBytes(total)} but volume ${vol.name} holds only ${formatBytes(Number(info.capacity))}; resize the volume first`);
  }
  if (control.signal?.aborted) throw cancelled('upload', 0, total);

  const progress = throttle(control, total);
  const { stream } = await client
    .openStream('STORAGE_VOL_UPLOAD', { vol, offset: 0n, length: BigInt(total), flags: 0 }, { signal: control.signal })
    .catch((e: unknown) => {
      throw control.signal?.aborted ? cancelled('upload', 0, total) : e;
    });
  stream.resume(); // nothing is read from an upload stream; keep its readable side from holding anything
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let done = 0;
  let aborted = false;
  const detach = onAbort(control.signal, () => {
    aborted = true;
    input.destroy();
    stream.destroy(new Error('upload cancelled'));
  });
  const finished = streamDone(stream, false);
  finished.catch(() => undefined);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (aborted) break;
      done += chunk.length;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve, reject) => {
          const ok = () => {
            stream.off('error', ko);
            resolve();
          };
          const ko = (e: Error) => {
            stream.off('drain', ok);
            reject(e);
          };
          stream.once('drain', ok);
          stream.once('error', ko);
        });
      }
      progress.tick(done);
    }
    if (aborted) throw new Error('aborted');
    stream.end();
    await finished;
  } catch (err) {
    if (!stream.destroyed) stream.destroy();
    if (aborted) throw cancelled('upload', done, total, `; volume ${vol.name} now holds partly written data`);
    throw err;
  } finally {
    detach();
    input.destroy();
  }
  progress.end(done);
  return done;
}

export interface DownloadOptions extends TransferControl {
  overwrite?: boolean;
}

/** Streams `vol` into a new local file (written next to it, then moved into place). Resolves with the bytes received. */
export async function downloadToFile(
  client: LibvirtClient,
  vol: remote_nonnull_storage_vol,
  file: string,
  options: DownloadOptions = {},
): Promise<number> {
  const bad = checkLocalPath(file);
  if (bad) throw invalid(bad);
  const dir = path.dirname(file);
  const dst = await stat(dir).catch(() => null);
  if (!dst?.isDirectory()) throw invalid(`folder "${dir}" does not exist`);
  const existing = await lstat(file).catch(() => null);
  if (existing) {
    if (!options.overwrite) throw new ApiError('ALREADY_EXISTS', `"${file}" already exists; choose another name or allow overwriting`);
    if (!existing.isFile()) throw invalid(`"${file}" exists and is not a regular file`);
  }

  // For file volumes the physical size is what a download sends; fall back to the capacity.
  const total = await client
    .call('STORAGE_VOL_GET_INFO_FLAGS', { vol, flags: 1 /* VIR_STORAGE_VOL_GET_PHYSICAL */ })
    .then((i) => Number(i.allocation))
    .catch(async () => Number((await client.call('STORAGE_VOL_GET_INFO', { vol })).capacity));
  if (options.signal?.aborted) throw cancelled('download', 0, total);

  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
  const fh = await open(tmp, 'wx');
  const progress = throttle(options, total);
  let done = 0;
  let aborted = false;
  let stream: LibvirtStream | undefined;
  try {
    ({ stream } = await client.openStream('STORAGE_VOL_DOWNLOAD', { vol, offset: 0n, length: 0n, flags: 0 }, { signal: options.signal }));
    const s = stream;
    const detach = onAbort(options.signal, () => {
      aborted = true;
      s.destroy(new Error('download cancelled'));
    });
    try {
      const finished = streamDone(s, true);
      finished.catch(() => undefined);
      let writing: Promise<unknown> = Promise.resolve();
      let writeError: unknown = null;
      s.on('data', (chunk: Buffer) => {
        s.pause();
        writing = fh.write(chunk).then(
          () => {
            done += chunk.length;
            progress.tick(done);
            if (!s.destroyed) s.resume();
          },
          (e: unknown) => {
            writeError = e;
            s.destroy(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
      await finished;
      await writing;
      if (writeError) throw writeError;
    } finally {
      detach();
    }
    await fh.sync();
    await fh.close();
    if (options.overwrite) {
      await rename(tmp, file);
    } else {
      // link() refuses to replace a file that appeared meanwhile; rename() would not.
      await link(tmp, file).catch((e: NodeJS.ErrnoException) => {
        throw e.code === 'EEXIST' ? new ApiError('ALREADY_EXISTS', `"${file}" appeared while downloading; nothing was replaced`) : e;
      });
      await rm(tmp, { force: true });
    }
  } catch (err) {
    if (stream && !stream.destroyed) stream.destroy();
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    if (aborted || options.signal?.aborted) throw cancelled('download', done, total, '; nothing was saved');
    throw err;
  }
  progress.end(done);
  return done;
}

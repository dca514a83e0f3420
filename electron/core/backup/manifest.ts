// The backup folder's manifest.json: what was saved, with size and sha256 of every file, checked
// (shape first, then every checksum) before a restore creates anything.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { BackupManifest } from '../../../preload/contract/vm-lifecycle-ext';
import { ApiError } from '../api/api-error';
import { checkLocalPath } from '../storage/transfer';

export const MANIFEST = 'manifest.json';

// Only plain file names: a manifest must never point a restore outside its own folder.
const fileName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_][A-Za-z0-9_.+@-]{0,200}$/, 'not a plain file name'));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const manifestSchema = v.strictObject({
  format: v.literal('virtdeck-backup'),
  version: v.literal(1),
  createdAt: v.string(),
  vm: v.strictObject({ name: v.string(), uuid: v.string() }),
  method: v.picklist(['backup-job', 'download']),
  files: v.pipe(
    v.array(
      v.strictObject({
        file: fileName,
        kind: v.picklist(['domain-xml', 'disk']),
        target: v.optional(v.string()),
        format: v.optional(v.picklist(['qcow2', 'raw'])),
        capacity: v.optional(count),
        sourcePath: v.optional(v.string()),
        sourcePool: v.optional(v.nullable(v.string())),
        size: count,
        sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
      }),
    ),
    v.maxLength(256),
  ),
  skipped: v.array(v.strictObject({ target: v.string(), path: v.nullable(v.string()), reason: v.string() })),
});

/** An existing local folder the user picked: absolute, normalised, a directory. */
export async function checkFolder(folder: string): Promise<void> {
  const bad = checkLocalPath(folder);
  if (bad) throw new ApiError('INVALID_ARGUMENT', bad.replace(/^file/, 'folder'));
  const st = await stat(folder).catch(() => null);
  if (!st) throw new ApiError('INVALID_ARGUMENT', `folder "${folder}" does not exist`);
  if (!st.isDirectory()) throw new ApiError('INVALID_ARGUMENT', `"${folder}" is not a folder`);
}

export async function readManifest(folder: string): Promise<BackupManifest> {
  await checkFolder(folder);
  const text = await readFile(path.join(folder, MANIFEST), 'utf8').catch(() => {
    throw new ApiError('NOT_A_BACKUP', `"${folder}" holds no ${MANIFEST}; pick the folder a Virtdeck backup wrote`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('NOT_A_BACKUP', `${MANIFEST} in "${folder}" is not valid JSON`);
  }
  const parsed = v.safeParse(manifestSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new ApiError('NOT_A_BACKUP', `${MANIFEST} in "${folder}" is not a Virtdeck backup manifest (${issue.path?.map((p) => String(p.key)).join('.') ?? ''}: ${issue.message})`);
  }
  const m = parsed.output as BackupManifest;
  if (m.files.filter((f) => f.kind === 'domain-xml').length !== 1) throw new ApiError('NOT_A_BACKUP', `${MANIFEST} must name exactly one domain XML file`);
  if (new Set(m.files.map((f) => f.file)).size !== m.files.length) throw new ApiError('NOT_A_BACKUP', `${MANIFEST} names a file twice`);
  return m;
}

export async function sha256File(file: string, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    onBytes?.(chunk.length);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Checks every file's size and sha256 against the manifest; throws BACKUP_CORRUPT naming the first that differs. */
export async function verifyBackup(folder: string, m: BackupManifest, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  const total = m.files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  for (const f of m.files) {
    const file = path.join(folder, f.file);
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new ApiError('BACKUP_CORRUPT', `backup file ${f.file} is missing; nothing was restored`);
    if (st.size !== f.size) throw new ApiError('BACKUP_CORRUPT', `backup file ${f.file} has ${st.size} bytes, the manifest says ${f.size}; nothing was restored`);
    const { sha256 } = await sha256File(file, (n) => onProgress?.((done += n), total), signal);
    if (sha256 !== f.sha256) throw new ApiError('BACKUP_CORRUPT', `backup file ${f.file} does not match its sha256 checksum (changed or damaged); nothing was restored`);
  }
}

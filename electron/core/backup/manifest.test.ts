import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest, sha256File, verifyBackup } from './manifest';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vd-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifest = (files: object[]) => ({
  format: 'virtdeck-backup',
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  vm: { name: 'web', uuid: 'u' },
  method: 'download',
  files,
  skipped: [],
});

describe('backup manifest', () => {
  it('reads a valid manifest and verifies sizes and checksums', async () => {
    writeFileSync(path.join(dir, 'domain.xml'), '<domain/>');
    const { sha256, size } = await sha256File(path.join(dir, 'domain.xml'));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest([{ file: 'domain.xml', kind: 'domain-xml', size, sha256 }])));
    const m = await readManifest(dir);
    await expect(verifyBackup(dir, m)).resolves.toBeUndefined();
    writeFileSync(path.join(dir, 'domain.xml'), '<domain/!');
    await expect(verifyBackup(dir, m)).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
  });

  it('refuses file names that leave the folder, and folders without a manifest', async () => {
    await expect(readManifest(dir)).rejects.toMatchObject({ code: 'NOT_A_BACKUP' });
    const sha = 'a'.repeat(64);
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest([{ file: '../etc/passwd', kind: 'domain-xml', size: 1, sha256: sha }])));
    await expect(readManifest(dir)).rejects.toMatchObject({ code: 'NOT_A_BACKUP', message: expect.stringContaining('file') });
    await expect(readManifest('relative')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

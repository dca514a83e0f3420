import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptedFileSecretStore, type SecretCipher } from './secret-store';

// A stand-in for safeStorage: reversible, but never the plain text.
const xor: SecretCipher = {
  isAvailable: () => true,
  encrypt: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
};

describe('encryptedFileSecretStore', () => {
  it('keeps only ciphertext on disk, readable only by the user', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vd-secrets-')), 'secrets.json');
    const store = encryptedFileSecretStore(file, xor);
    await store.set('ssh-password:root@lab:22', 'hunter2-very-secret');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await encryptedFileSecretStore(file, xor).get('ssh-password:root@lab:22')).toBe('hunter2-very-secret');
    await store.delete('ssh-password:root@lab:22');
    expect(await store.get('ssh-password:root@lab:22')).toBeNull();
  });

  it('writes nothing when the OS offers no encryption', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vd-secrets-')), 'secrets.json');
    const store = encryptedFileSecretStore(file, { ...xor, isAvailable: () => false });
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
    expect(() => statSync(file)).toThrow();
  });
});

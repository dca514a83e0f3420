// Where remembered secrets (SSH passwords, key passphrases) live: never in hosts.json or a log.
// In the app they are encrypted with the OS keyring through Electron's safeStorage (the shell
// passes that in as a SecretCipher); tests and the dev host keep them in memory only.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic-write';

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Encryption the OS provides (Electron safeStorage); the core never sees the key. */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export function memorySecretStore(): SecretStore {
  const map = new Map<string, string>();
  return {
    get: async (key) => map.get(key) ?? null,
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  };
}

/**
 * One file of ciphertexts (base64 per key, mode 0600). Without a working cipher nothing is
 * written: secrets then last only for this run rather than landing on disk in the clear.
 */
export function encryptedFileSecretStore(file: string, cipher: SecretCipher): SecretStore {
  const fallback = memorySecretStore();
  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  return {
    async get(key) {
      if (!cipher.isAvailable()) return fallback.get(key);
      const entry = (await load())[key];
      if (!entry) return null;
      try {
        return cipher.decrypt(Buffer.from(entry, 'base64'));
      } catch {
        return null; // keyring changed: the secret is lost, the user is asked again
      }
    },
    async set(key, value) {
      if (!cipher.isAvailable()) return fallback.set(key, value);
      const all = await load();
      all[key] = cipher.encrypt(value).toString('base64');
      await writeFileAtomic(file, JSON.stringify(all));
    },
    async delete(key) {
      await fallback.delete(key);
      const all = await load();
      if (!(key in all)) return;
      delete all[key];
      await writeFileAtomic(file, JSON.stringify(all));
    },
  };
}

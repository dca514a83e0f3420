import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets/secret-store';

/**
 * Electron's safeStorage (libsecret/kwallet on Linux) as the core's cipher. With the 'basic_text'
 * backend safeStorage would "encrypt" with a hard-coded key, so that counts as unavailable.
 */
export const safeStorageCipher: SecretCipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text',
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (cipher) => safeStorage.decryptString(cipher),
};

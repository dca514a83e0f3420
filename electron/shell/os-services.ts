// What the OS gives the core through Electron: the keyring (safeStorage) for remembered secrets and
// the native file dialogs for the files the user picks.
import { BrowserWindow, dialog, safeStorage } from 'electron';
import type { FilePicker } from '../core/files/path-grants';
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

/** The OS file dialogs, attached to the focused window. What the user chooses becomes a grant. */
export const nativeFilePicker: FilePicker = {
  async pick(kind, options) {
    const parent = BrowserWindow.getFocusedWindow() ?? undefined;
    const base = { title: options.title, defaultPath: options.suggestion };
    if (kind === 'save') {
      const r = parent ? await dialog.showSaveDialog(parent, base) : await dialog.showSaveDialog(base);
      return r.canceled || !r.filePath ? null : r.filePath;
    }
    const props: ('openFile' | 'openDirectory' | 'createDirectory')[] = kind === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'];
    const r = parent ? await dialog.showOpenDialog(parent, { ...base, properties: props }) : await dialog.showOpenDialog({ ...base, properties: props });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};

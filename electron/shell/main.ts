// Electron entry point: the thin shell. Everything with logic lives in the Node-only core.
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/core';
import { encryptedFileSecretStore } from '../core/secrets/secret-store';
import { nativeFilePicker, safeStorageCipher } from './os-services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { sendEvent, wireIpc } from './ipc';
import { installMenu } from './menu';
import { createMainWindow, hardenContents, hardenSession } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');

app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_e, contents) => hardenContents(contents, preloadPath));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(async () => {
    hardenSession();
    serveRenderer(rendererDir);
    installMenu();
    const configDir = app.getPath('userData');
    const core = await createCore({
      configDir,
      secrets: encryptedFileSecretStore(path.join(configDir, 'secrets.json'), safeStorageCipher),
      filePicker: nativeFilePicker,
    });
    wireIpc(core.dispatch);
    let win = createMainWindow(preloadPath);
    core.onEvent((event) => sendEvent(win.webContents, event));
    app.on('second-instance', () => {
      if (win.isMinimized()) win.restore();
      win.focus();
    });
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow(preloadPath);
    });
    app.on('before-quit', () => void core.dispose());
  });
  app.on('window-all-closed', () => app.quit());
}

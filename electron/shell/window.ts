// The main window and the hardening every web contents gets.
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { ALLOWED_PERMISSIONS, APP_ORIGIN, decideWindowOpen, isAppUrl, webPreferences } from './security';

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => ALLOWED_PERMISSIONS.has(permission));
}

export function hardenContents(contents: WebContents, preloadPath: string): void {
  // No navigation away from our origin, ever; http(s) links open in the user's browser.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, preloadPath);
    if (decision.action === 'allow') return decision;
    if (decision.openExternally) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    title: 'Virtdeck',
    show: false,
    backgroundColor: '#1b1e24',
    webPreferences: webPreferences(preloadPath),
  });
  hardenContents(win.webContents, preloadPath);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

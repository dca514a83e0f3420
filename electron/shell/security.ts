// The security posture of the app window, as data, so a unit test can hold us to it and no import
// of `electron` is needed to read it.

/** Our UI is served from this custom scheme (protocol.handle), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'virtdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export { CONTENT_SECURITY_POLICY } from '../core/static/csp';

/** The subset of Electron's WebPreferences we set (kept here so this file needs no Electron import). */
export interface HardenedWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  devTools: boolean;
}

export function webPreferences(preloadPath: string): HardenedWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: process.env.VIRTDECK_DEVTOOLS === '1',
  };
}

/** Only our own origin may be shown in the window; everything else is refused (and not opened). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export type WindowOpenDecision =
  | { action: 'allow'; overrideBrowserWindowOptions: { width: number; height: number; autoHideMenuBar: boolean; webPreferences: HardenedWebPreferences } }
  | { action: 'deny'; openExternally: boolean };

/**
 * window.open from our UI: only our own origin may open in Electron (a VM's details detached into
 * their own window), and then with exactly the main window's hardened preferences; web links go
 * to the user's browser; everything else is refused.
 */
export function decideWindowOpen(url: string, preloadPath: string): WindowOpenDecision {
  if (isAppUrl(url)) {
    return { action: 'allow', overrideBrowserWindowOptions: { width: 1100, height: 760, autoHideMenuBar: true, webPreferences: webPreferences(preloadPath) } };
  }
  return { action: 'deny', openExternally: /^https:\/\//.test(url) };
}

/** Permissions the UI may be granted. Everything else (camera, geolocation, notifications…) is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

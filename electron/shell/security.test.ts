import { describe, expect, it } from 'vitest';
import { ALLOWED_PERMISSIONS, APP_ORIGIN, CONTENT_SECURITY_POLICY, decideWindowOpen, isAppUrl, webPreferences } from './security';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('window security', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = webPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict CSP: no remote origins, no eval, no inline script', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, values] of d) {
      for (const value of values) {
        expect(value, `${name} ${value}`).not.toMatch(/unsafe-eval|wasm-unsafe-eval|^\*$|^https?:|^http:\/\//);
        // The only network source is our console proxies on loopback.
        if (value.startsWith('ws:')) expect(value).toBe('ws://127.0.0.1:*');
      }
    }
  });

  it('allows navigation only within our own origin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl('app://virtdeck.evil/index.html')).toBe(false);
    expect(isAppUrl('app://evil/virtdeck')).toBe(false);
    expect(isAppUrl('https://virtdeck/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only our own origin in a new window, with the same hardened preferences', () => {
    const allowed = decideWindowOpen(`${APP_ORIGIN}/index.html#vm=h/u`, '/app/preload.cjs');
    expect(allowed.action).toBe('allow');
    if (allowed.action === 'allow') expect(allowed.overrideBrowserWindowOptions.webPreferences).toEqual(webPreferences('/app/preload.cjs'));
    expect(decideWindowOpen('https://libvirt.org/', '/p')).toEqual({ action: 'deny', openExternally: true });
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)']) {
      expect(decideWindowOpen(url, '/p'), url).toEqual({ action: 'deny', openExternally: false });
    }
  });

  it('grants no sensitive permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'midi', 'hid', 'usb', 'serial']) {
      expect(ALLOWED_PERMISSIONS.has(p)).toBe(false);
    }
  });
});

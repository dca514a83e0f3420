/**
 * The renderer's Content-Security-Policy, the same in the app and the dev host: nothing from
 * remote origins, no eval, no inline script. Console viewers reach our own proxies on 127.0.0.1
 * over WebSocket, hence that one connect-src exception. Inline style attributes are allowed because
 * Vue, chart.js, noVNC and spice-html5 set element styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "worker-src 'self' blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

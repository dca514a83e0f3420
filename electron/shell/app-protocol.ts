// Serves the renderer bundle on app://virtdeck/ with our CSP on every response.
import { protocol } from 'electron';
import { readStatic } from '../core/static/static-files';
import { CONTENT_SECURITY_POLICY } from '../core/static/csp';
import { APP_HOST, APP_SCHEME } from './security';

/** Must run before `app.ready`: the scheme is standard and secure so it behaves like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const file = await readStatic(rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: {
        'content-type': file.type,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}

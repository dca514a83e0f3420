// A small HTTP + WebSocket host that serves the built renderer to an ordinary browser and carries
// the preload's API to the real core over a WebSocket. For the renderer e2e tests (Debian's
// Chromium, no Electron binary needed) and for UI development. Binds 127.0.0.1 only; the API
// socket needs a random per-run token and our own Origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/core';
import { CONTENT_SECURITY_POLICY } from '../core/static/csp';
import { readStatic } from '../core/static/static-files';
import { toWireJson } from './wire-json';

const BRIDGE_PATH = '/__virtdeck/bridge.js';
const API_PATH = '/__virtdeck/api';
const bridgeFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bridge.js');

export interface DevHost {
  /** Open this in a browser: the token travels in the fragment, never to the server's logs. */
  url: string;
  close(): Promise<void>;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startDevHost(core: Core, rendererDir: string, port = 0): Promise<DevHost> {
  const token = randomBytes(24).toString('base64url');
  const bridge = await readFile(bridgeFile);
  let origin = '';

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET') {
      res.writeHead(405, headers).end();
      return;
    }
    if (url.pathname === BRIDGE_PATH) {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(bridge);
      return;
    }
    const file = await readStatic(rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    let body = file.body;
    // The bridge must define window.virtdeck before the app's module script runs.
    if (file.type.startsWith('text/html')) {
      body = Buffer.from(body.toString('utf8').replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`));
    }
    res.writeHead(200, { ...headers, 'content-type': file.type, 'cache-control': 'no-store' }).end(body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== API_PATH || req.headers.origin !== origin || !sameToken(url.searchParams.get('token'), token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveApi(ws, core));
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${bound}`;
  return {
    url: `${origin}/index.html#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveApi(ws: WebSocket, core: Core): void {
  const unsubscribe = core.onEvent((event) => ws.send(toWireJson({ event })));
  ws.on('close', unsubscribe);
  ws.on('message', async (raw) => {
    let msg: { id?: unknown; service?: unknown; method?: unknown; args?: unknown };
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      ws.close(1003, 'not JSON');
      return;
    }
    if (typeof msg.id !== 'number') {
      ws.close(1003, 'missing id');
      return;
    }
    const result = await core.dispatch(msg.service, msg.method, msg.args);
    if (ws.readyState === ws.OPEN) ws.send(toWireJson({ id: msg.id, result }));
  });
}

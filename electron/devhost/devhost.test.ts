import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../core/core';
import { memoryHostConfig } from '../core/hosts/host-config';
import { startDevHost, type DevHost } from './devhost';

let core: Core;
let host: DevHost;
let origin: string;
let token: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vd-devhost-'));
  writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body>ui</body></html>');
  core = await createCore({ hostConfig: memoryHostConfig() });
  host = await startDevHost(core, dir);
  const url = new URL(host.url);
  origin = url.origin;
  token = new URLSearchParams(url.hash.slice(1)).get('token')!;
});
afterAll(async () => {
  await host.close();
  await core.dispose();
});

function open(query: string, wsOrigin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/__virtdeck/api${query}`, { origin: wsOrigin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('dev host', () => {
  it('listens on loopback only and serves the UI with the CSP and the bridge', async () => {
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${origin}/index.html`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('<script src="/__virtdeck/bridge.js"></script>');
    expect((await fetch(`${origin}/../../etc/passwd`)).status).toBe(404);
  });

  it('refuses the API without the token or from another origin', async () => {
    await expect(open('', origin)).rejects.toThrow('HTTP 403');
    await expect(open('?token=wrong', origin)).rejects.toThrow('HTTP 403');
    await expect(open(`?token=${token}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('carries calls to the core and validation errors back', async () => {
    const ws = await open(`?token=${token}`, origin);
    const ask = (msg: object) =>
      new Promise<unknown>((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data))));
        ws.send(JSON.stringify(msg));
      });
    expect(await ask({ id: 1, service: 'hosts', method: 'list', args: [] })).toEqual({ id: 1, result: { ok: true, value: [] } });
    expect(await ask({ id: 2, service: 'hosts', method: 'connect', args: ['x'] })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'INVALID_ARGUMENT' } },
    });
    ws.close();
  });
});

// Launches the real Electron app where an Electron binary is installed. On machines installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 there is none: the test is skipped and says so loudly.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) {
  console.log('\n' + '!'.repeat(78) + '\nSKIPPED: Electron e2e tests — no Electron binary installed (ELECTRON_SKIP_BINARY_DOWNLOAD).\n' + '!'.repeat(78) + '\n');
}

test('the packaged window is hardened and shows the host list', async () => {
  test.skip(!bin, 'no Electron binary installed');
  const app = await electron.launch({ executablePath: bin!, args: ['.', '--no-sandbox'], env: { ...process.env, VIRTDECK_E2E: '1' } });
  try {
    const win = await app.firstWindow();
    expect(win.url()).toBe('app://virtdeck/index.html');
    // The page sees the bridge and nothing of Node.
    const seen = await win.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, bridge: typeof g.virtdeck };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    await expect(win.getByRole('navigation', { name: 'Hosts' })).toBeVisible();
  } finally {
    await app.close();
  }
});

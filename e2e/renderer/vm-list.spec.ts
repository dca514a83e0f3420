// The first vertical slice, end to end: core connects to libvirt's test driver through the real
// daemon with our own RPC client; the renderer (real bundle, real Chromium) lists its VMs.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { startDevHost, type RunningDevHost } from '../support/devhost';

let devhost: RunningDevHost;

test.beforeAll(async () => {
  devhost = await startDevHost({ 'Test driver': 'test+unix:///default' });
});
test.afterAll(async () => {
  await devhost?.stop();
});

test('lists the test driver host and its running "test" VM', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));

  await page.goto(devhost.url);
  const host = page.getByTestId('host-Test driver');
  await expect(host.getByTestId('host-state')).toHaveText('connected');

  const row = page.getByTestId('vm-row-test');
  await expect(row.getByTestId('vm-state')).toHaveText('running');

  // What the screen says must be what libvirt holds.
  const virshState = execFileSync('virsh', ['-c', 'test+unix:///default', 'domstate', 'test'], { encoding: 'utf8' }).trim();
  expect(virshState).toBe('running');
  const virshNames = execFileSync('virsh', ['-c', 'test+unix:///default', 'list', '--all', '--name'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  await expect(page.getByTestId('vm-count')).toHaveText(`${virshNames.length} ${virshNames.length === 1 ? "VM" : "VMs"}`);

  await page.screenshot({ path: 'test-results/screenshots/vm-list.png', fullPage: true });
  expect(errors).toEqual([]);
});

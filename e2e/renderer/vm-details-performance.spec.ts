// Performance charts of a real running guest (tiny QEMU guest on qemu:///system, named
// vdtest-…, removed afterwards): the charts fill from the history and then grow with live ticks
// (data-points), the range buttons switch the history, and the charts read in both themes.
// (The test driver reports only the state group in domstats, so its `test` VM has no numbers.)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { QEMU_URI, tinyGuestXml } from '../../electron/core/testing/tiny-guest';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';

const VM = `vdtest-perf-${process.pid}`;
const virsh = (...a: string[]) => execFileSync('virsh', ['-q', '-c', QEMU_URI, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
let devhost: RunningDevHost;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  const file = path.join(os.tmpdir(), `${VM}.xml`);
  writeFileSync(file, tinyGuestXml({ name: VM, graphics: 'none', vcpus: 2 }));
  virsh('define', file);
  virsh('start', VM);
  devhost = await startDevHost({ Local: QEMU_URI });
});
test.afterAll(async () => {
  await devhost?.stop();
  for (const args of [['destroy', VM], ['undefine', VM, '--nvram']]) {
    try {
      virsh(...args);
    } catch {
      /* not running / already gone */
    }
  }
});

test('charts of a running guest fill with samples and follow the range', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Local');
  await page.getByTestId(`vm-row-${VM}`).dblclick();
  const tab = page.getByTestId(`vm-tab-${VM}`);
  await tab.getByTestId('vm-page-performance').click();
  const cpu = tab.getByTestId('perf-chart-cpu');
  for (const id of ['cpu', 'memory', 'disk', 'net']) await expect(tab.getByTestId(`perf-chart-${id}`).locator('canvas')).toBeVisible();
  const points = async () => Number(await cpu.getAttribute('data-points'));
  await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(2);
  const n = await points();
  // Live ticks append to the 1-minute view.
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(n);
  await page.waitForTimeout(8000);
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId(`theme-${theme}`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.waitForTimeout(200);
    await page.screenshot({ path: `test-results/screenshots/vm-details-performance-${theme}.png` });
  }
  await page.getByTestId('theme-light').click();

  await tab.getByTestId('perf-range-10m').click();
  await expect(tab.getByTestId('perf-range-10m')).toHaveAttribute('aria-checked', 'true');
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(0);
  // Keyboard: arrows move between the ranges.
  await tab.getByTestId('perf-range-10m').press('ArrowRight');
  await expect(tab.getByTestId('perf-range-1h')).toHaveAttribute('aria-checked', 'true');
  await expect(tab.getByTestId('perf-range-1h')).toBeFocused();
  expect(errors).toEqual([]);
});

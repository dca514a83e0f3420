// Preferences: changes are saved by main (settings.get after a reload), the stats interval really
// changes how often ticks arrive, the theme is a setting and the sidebar's theme toggle writes it.
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.beforeAll(async () => {
  lab = await startLab([{ name: 'busy' }]);
  lab.virsh('start', 'busy');
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

const invoke = (page: Page, service: string, method: string) =>
  page.evaluate(
    async ([s, m]) => {
      const r = await window.virtdeck!.invoke(s as never, m as never, []);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as Record<string, Record<string, unknown>>;
    },
    [service, method],
  );

/** Median gap between the next `n` stats-tick events, in ms. */
const tickGap = (page: Page, n = 4) =>
  page.evaluate(
    (count) =>
      new Promise<number>((resolve) => {
        const times: number[] = [];
        const off = window.virtdeck!.onEvent((e) => {
          if (e.type !== 'stats-tick') return;
          times.push(performance.now());
          if (times.length > count) {
            off();
            const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
            resolve(gaps[Math.floor(gaps.length / 2)]!);
          }
        });
      }),
    n,
  );

test('preferences persist in main and change the stats interval', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  expect(await tickGap(page, 3)).toBeLessThan(1500);

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('preferences');
  await expect(page.getByTestId('cmd-open-preferences')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const dlg = page.getByTestId('preferences-dialog');
  await expect(dlg.getByTestId('pref-interval')).toHaveValue('1');
  await dlg.getByTestId('pref-interval').fill('0.1');
  await expect(dlg.getByTestId('pref-interval-error')).toHaveText('At least 0.25 s');
  await expect(dlg.getByTestId('prefs-save')).toBeDisabled();
  await dlg.getByTestId('pref-interval').fill('2.5');
  await dlg.getByTestId('pref-group-block').uncheck();
  await dlg.getByTestId('pref-theme-dark').check();
  await dlg.getByTestId('pref-confirm-pause').check();
  await expect(dlg.getByTestId('pref-prometheus-note')).toContainText('127.0.0.1');
  await dlg.getByTestId('prefs-save').click();
  await expect(dlg).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.getByTestId('host-Lab').getByTestId('host-state')).toHaveText('connected');
  const s = await invoke(page, 'settings', 'get');
  expect(s.stats!.intervalMs).toBe(2500);
  expect(s.stats!.groups).not.toContain('block');
  expect(s.appearance!.theme).toBe('dark');
  expect(s.confirm!.pause).toBe(true);
  expect((await invoke(page, 'stats', 'config')).intervalMs).toBe(2500);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const gap = await tickGap(page, 3);
  expect(gap).toBeGreaterThan(2000);
  expect(gap).toBeLessThan(3200);

  // The reopened dialog shows what main holds.
  await page.getByTestId('open-preferences').click();
  await expect(dlg.getByTestId('pref-interval')).toHaveValue('2.5');
  await expect(dlg.getByTestId('pref-group-block')).not.toBeChecked();
  await dlg.getByTestId('prefs-cancel').click();

  // The sidebar toggle writes the setting too.
  await page.getByTestId('theme-light').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(async () => (await invoke(page, 'settings', 'get')).appearance!.theme).toBe('light');
  expect(errors).toEqual([]);
});

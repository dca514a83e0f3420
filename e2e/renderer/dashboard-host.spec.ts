// Dashboard: the host card's running count matches `virsh list --state-running`; the palette
// opens host details. Screenshots of the dashboard, host networks, host storage, jobs panel and
// preferences in light and dark: test-results/screenshots/<view>-<theme>.png.
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await startLab([
    { name: 'web-frontend', vcpus: 2, memoryMiB: 2048 },
    { name: 'db-primary', vcpus: 8, memoryMiB: 16384 },
    { name: 'ci-runner-01', vcpus: 4, memoryMiB: 4096 },
    { name: 'win11-desktop', vcpus: 4, memoryMiB: 8192 },
  ]);
  lab.virsh('start', 'web-frontend');
  lab.virsh('start', 'db-primary');
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

const runningInVirsh = () => lab.virsh('list', '--state-running', '--name').split('\n').filter((s) => s.trim()).length;

test('dashboard host card counts running VMs like virsh; palette opens host details', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('tab-dashboard').click();
  const card = page.getByTestId('dash-host-Lab');
  await expect(card.getByTestId('dash-running')).toHaveText(String(runningInVirsh()));
  await expect(card.getByTestId('dash-total')).toHaveText(lab.virsh('list', '--all', '--name').split('\n').filter((s) => s.trim()).length.toString());

  // A VM started outside Virtdeck shows up in the count.
  lab.virsh('start', 'ci-runner-01');
  await expect(card.getByTestId('dash-running')).toHaveText(String(runningInVirsh()));
  expect(runningInVirsh()).toBe(4); // the test driver's own "test" VM runs too

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('details of lab');
  await expect(page.getByTestId(/^cmd-host-details-/)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const tab = page.getByTestId('host-tab-Lab');
  await expect(tab.getByTestId('host-overview')).toBeVisible();
  await expect(page.getByTestId('tab-host-Lab')).toBeVisible();
  await expect(tab.getByTestId('host-fact-cpus')).toContainText('logical CPUs');
  lab.virsh('destroy', 'ci-runner-01');
  expect(errors).toEqual([]);
});

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

for (const theme of ['light', 'dark'] as const) {
  test(`dashboard, host pages, jobs and preferences in the ${theme} theme`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 760 });
    await openApp(page, devhost.url, 'Lab');
    await page.getByTestId(`theme-${theme}`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.getByTestId('tab-dashboard').click();
    await expect(page.getByTestId('dash-host-Lab')).toBeVisible();
    await page.waitForTimeout(2500); // a few ticks in the charts
    await shot(page, `dashboard-${theme}`);

    await page.getByTestId('dash-host-open').click();
    const tab = page.getByTestId('host-tab-Lab');
    await shot(page, `host-overview-${theme}`);
    await tab.getByTestId('host-page-networks').click();
    await tab.getByTestId('net-row-default').click();
    await expect(tab.getByTestId('net-leases')).toBeVisible();
    await shot(page, `host-networks-${theme}`);
    await tab.getByTestId('net-new').click();
    await page.getByTestId('network-wizard').getByTestId('net-address').fill('192.168.122.9');
    await expect(page.getByTestId('net-address-error')).toBeVisible();
    await shot(page, `network-wizard-${theme}`);
    await page.keyboard.press('Escape');

    await tab.getByTestId('host-page-storage').click();
    await expect(tab.getByTestId('pool-row-default-pool')).toBeVisible();
    await shot(page, `host-storage-${theme}`);
    await tab.getByTestId('pool-new').click();
    await page.getByTestId('pool-name').fill('images2');
    await shot(page, `pool-dialog-${theme}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('jobs-button').click();
    await expect(page.getByTestId('jobs-panel')).toBeVisible();
    await shot(page, `jobs-panel-${theme}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('open-preferences').click();
    await expect(page.getByTestId('pref-interval')).toBeVisible();
    await shot(page, `preferences-${theme}`);
    await page.getByTestId('prefs-cancel').click();

    await page.getByTestId('tab-all').click();
    await shot(page, `vm-table-${theme}`);
  });
}

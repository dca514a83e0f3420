// VM details detached into their own window: the popup shows that VM alone, live, and the tab leaves
// the main window.
import { expect, test } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.beforeAll(async () => {
  lab = await startLab([{ name: 'solo' }]);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

test('a VM tab opens in its own window and follows the VM there', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('vm-row-solo').dblclick();
  await expect(page.getByTestId('vm-tab-solo')).toBeVisible();

  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('tab-vm-solo').getByTestId('tab-detach').click()]);
  const popupErrors = watchErrors(popup);
  await expect(popup.getByTestId('detached-vm').getByTestId('vm-tab-solo')).toBeVisible();
  await expect(page.getByTestId('tab-vm-solo')).toHaveCount(0);

  // Live in the detached window too: a change made elsewhere shows up.
  lab.virsh('start', 'solo');
  await expect(popup.getByTestId('vm-tab-solo').getByTestId('vm-state').first()).toHaveText('running');
  expect(errors).toEqual([]);
  expect(popupErrors).toEqual([]);
});

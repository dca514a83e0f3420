// Networks and pools changed outside Virtdeck (here: with virsh) show up without a reload: main
// forwards libvirt's network and pool lifecycle events and the pages re-read their lists.
import { expect, test } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.beforeAll(async () => {
  lab = await startLab([]);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

test('a network stopped and started with virsh changes state on the open networks page', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('host-Lab').hover();
  await page.getByTestId('host-Lab').getByTestId('host-details').click();
  const tab = page.getByTestId('host-tab-Lab');
  await tab.getByTestId('host-page-networks').click();
  const row = tab.getByTestId('net-row-default');
  await expect(row.getByTestId('net-state')).toHaveText('active');

  lab.virsh('net-destroy', 'default');
  await expect(row.getByTestId('net-state')).toHaveText('inactive');
  lab.virsh('net-start', 'default');
  await expect(row.getByTestId('net-state')).toHaveText('active');
  expect(errors).toEqual([]);
});

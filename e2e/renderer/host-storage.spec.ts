// Host details → Storage: create and delete a volume in the test driver's default-pool (private
// daemon), checked with virsh vol-list.
import { expect, test } from '@playwright/test';
import { openApp, waitFor, watchErrors } from '../support/app';
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

const volumes = () => lab.virsh('vol-list', 'default-pool').split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);

test('create a volume in default-pool, then delete it', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  // From the palette: "Create volume on Lab…" opens the host's storage page and the dialog.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('create volume');
  await page.keyboard.press('Enter');
  const tab = page.getByTestId('host-tab-Lab');
  await expect(tab.getByTestId('pool-row-default-pool')).toBeVisible();
  const dlg = page.getByTestId('volume-dialog-create');
  await expect(dlg).toBeVisible();
  await dlg.getByTestId('vol-name').fill('vdtest-disk.qcow2');
  await dlg.getByTestId('vol-capacity').fill('2G');
  await dlg.getByTestId('vol-submit').click();
  await expect(dlg).toHaveCount(0);
  await expect(page.getByTestId('toast-success').first()).toContainText('Created volume vdtest-disk.qcow2');
  const row = tab.getByTestId('vol-row-vdtest-disk.qcow2');
  await expect(row).toContainText('2.0 GiB');
  await waitFor(() => volumes().includes('vdtest-disk.qcow2'), 'the volume in virsh vol-list');
  expect(lab.virsh('vol-info', '--pool', 'default-pool', 'vdtest-disk.qcow2')).toMatch(/Capacity:\s+2\.00 GiB/);

  // A bad size is refused with libvirt-side validation's message, nothing created.
  await tab.getByTestId('vol-new').click();
  await dlg.getByTestId('vol-name').fill('vdtest-bad');
  await dlg.getByTestId('vol-capacity').fill('lots');
  await dlg.getByTestId('vol-submit').click();
  await expect(dlg.getByTestId('vol-problems')).toBeVisible();
  await page.keyboard.press('Escape');
  expect(volumes()).not.toContain('vdtest-bad');

  await row.getByTestId('vol-delete').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Delete volume vdtest-disk.qcow2?');
  await expect(confirm).toContainText('All data in vdtest-disk.qcow2 is destroyed');
  await confirm.getByTestId('confirm-ok').click();
  await expect(row).toHaveCount(0);
  await waitFor(() => !volumes().includes('vdtest-disk.qcow2'), 'the volume gone from virsh vol-list');
  expect(errors).toEqual([]);
});

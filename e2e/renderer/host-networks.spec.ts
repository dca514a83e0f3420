// Host details → Virtual networks on a private daemon: create an isolated network through the
// wizard (with inline validation from the core), check libvirt holds it, delete it again.
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

const netList = () => lab.virsh('net-list', '--all', '--name').split('\n').map((s) => s.trim()).filter(Boolean);

test('create an isolated network with the wizard, then delete it', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('host-Lab').hover();
  await page.getByTestId('host-Lab').getByTestId('host-details').click();
  const tab = page.getByTestId('host-tab-Lab');
  await tab.getByTestId('host-page-networks').click();
  await expect(tab.getByTestId('net-row-default')).toBeVisible();

  await tab.getByTestId('net-new').click();
  const wiz = page.getByTestId('network-wizard');
  await wiz.getByTestId('net-name').fill('vdtest-iso');
  await wiz.getByText('Isolated', { exact: true }).click();
  await expect(wiz.getByTestId('net-mode-isolated')).toBeChecked();

  // The core's validation shows next to the field: the default network already uses 192.168.122.0/24.
  await wiz.getByTestId('net-address').fill('192.168.122.7');
  await expect(wiz.getByTestId('net-address-error')).toContainText('overlaps');
  await expect(wiz.getByTestId('net-create')).toBeDisabled();
  // A DHCP range outside the subnet.
  await wiz.getByTestId('net-address').fill('10.77.0.1');
  await wiz.getByTestId('net-dhcp-start').fill('10.77.0.100');
  await wiz.getByTestId('net-dhcp-end').fill('10.99.0.200');
  await expect(wiz.getByTestId('net-dhcp-error')).toContainText('outside');
  await wiz.getByTestId('net-dhcp-end').fill('10.77.0.200');
  // A static host.
  await wiz.getByTestId('net-add-host').click();
  await wiz.getByTestId('net-host-mac-0').fill('52:54:00:aa:bb:cc');
  await wiz.getByTestId('net-host-ip-0').fill('10.77.0.10');
  await wiz.getByTestId('net-host-name-0').fill('db');
  await expect(wiz.getByTestId('net-address-error')).toHaveCount(0);
  await expect(wiz.getByTestId('net-create')).toBeEnabled();
  await wiz.getByTestId('net-create').click();
  await expect(wiz).toHaveCount(0);
  await expect(page.getByTestId('toast-success').first()).toContainText('Created network vdtest-iso');

  const row = tab.getByTestId('net-row-vdtest-iso');
  await expect(row.getByTestId('net-state')).toHaveText('active');
  await waitFor(() => netList().includes('vdtest-iso'), 'vdtest-iso in virsh net-list');
  const xml = lab.virsh('net-dumpxml', 'vdtest-iso');
  expect(xml).not.toContain('<forward');
  expect(xml).toContain("address='10.77.0.1'");
  expect(xml).toContain("<range start='10.77.0.100' end='10.77.0.200'");
  expect(xml).toMatch(/<host mac='52:54:00:aa:bb:cc' name='db' ip='10.77.0.10'\/>/);

  // Delete: the confirmation names the network and what happens to it.
  await row.getByTestId('net-delete').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Delete network vdtest-iso?');
  await expect(confirm.getByTestId('confirm-items')).toContainText('vdtest-iso — Isolated, 10.77.0.1/24');
  await confirm.getByTestId('confirm-ok').click();
  await expect(row).toHaveCount(0);
  await waitFor(() => !netList().includes('vdtest-iso'), 'vdtest-iso gone from virsh net-list');
  expect(errors).toEqual([]);
});

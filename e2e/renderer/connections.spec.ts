// Hosts: add a connection through the dialog (Custom URI to a private daemon), see its VMs, and
// remove it after confirming; an SSH host with an unknown key (a private sshd) shows the key in an
// alert dialog. The shared system test driver is only read.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { isRoot, missingBinaries, startSshd } from '../../electron/libvirt/transport/testing/fixtures';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';
import { openApp, watchErrors } from '../support/app';

let devhost: RunningDevHost;
let lab: Lab;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await startLab([{ name: 'conn-web', vcpus: 2 }, { name: 'conn-db', vcpus: 4, memoryMiB: 2048 }]);
  devhost = await startDevHost({ 'Test driver': 'test+unix:///default' });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

test('adds a connection through the dialog and lists its VMs', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Test driver');
  await expect(page.getByTestId('vm-count')).toHaveText('1 VM');

  await page.getByTestId('add-connection').click();
  const dialog = page.getByTestId('add-connection-dialog');
  await expect(dialog).toBeVisible();

  // SSH: the URI is built from the fields; bad fields are explained inline.
  await dialog.getByTestId('conn-tab-ssh').click();
  await dialog.getByTestId('ssh-port').fill('99999');
  await dialog.getByTestId('conn-submit').click();
  await expect(dialog.getByText('Enter a host name or address')).toBeVisible();
  await expect(dialog.getByText('Port must be between 1 and 65535')).toBeVisible();
  await dialog.getByTestId('ssh-host').fill('kvm1.example.com');
  await dialog.getByTestId('ssh-user').fill('root');
  await dialog.getByTestId('ssh-port').fill('2222');
  await expect(dialog.getByTestId('conn-uri-preview')).toHaveText('qemu+ssh://root@kvm1.example.com:2222/system');

  // Custom URI: validated, then added.
  await dialog.getByTestId('conn-tab-custom').click();
  await dialog.getByTestId('custom-uri').fill('not a uri');
  await dialog.getByTestId('conn-submit').click();
  await expect(dialog.getByTestId('custom-uri-error')).toContainText('Not a libvirt URI');
  await dialog.getByTestId('custom-uri').fill(lab.uri);
  await dialog.getByTestId('conn-name').fill('Lab');
  await dialog.getByTestId('conn-submit').click();
  await expect(dialog).toBeHidden();

  const host = page.getByTestId('host-Lab');
  await expect(host.getByTestId('host-state')).toHaveText('connected');
  const labNames = lab.virsh('list', '--all', '--name').split('\n').filter(Boolean);
  await expect(host.getByTestId('host-vm-count')).toHaveText(String(labNames.length));
  await expect(page.getByTestId('vm-row-conn-db').getByTestId('vm-state')).toHaveText('shutoff');
  await expect(page.getByTestId('vm-row-conn-web').getByTestId('vm-vcpus')).toHaveText('2');
  await expect(page.getByTestId('vm-count')).toHaveText(`${labNames.length + 1} VMs`);

  // Clicking the host shows only its VMs.
  await host.getByRole('button', { name: /^Lab,/ }).click();
  await expect(page.getByTestId('vm-shown')).toHaveText(`· ${labNames.length} shown`);
  await expect(page.getByTestId('filter-host')).toHaveValue(/.+/);
  expect(errors).toEqual([]);
});

test('removes a connection only after confirmation and leaves the host untouched', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  const host = page.getByTestId('host-Lab');
  await host.hover();
  await host.getByTestId('host-remove').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Remove connection Lab?');
  await expect(confirm.getByTestId('confirm-items')).toContainText(lab.uri);
  // Focus starts on Cancel; Escape cancels.
  await expect(confirm.getByTestId('confirm-cancel')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(host).toBeVisible();

  await host.hover();
  await host.getByTestId('host-remove').click();
  await page.getByTestId('confirm-ok').click();
  await expect(host).toBeHidden();
  await expect(page.getByTestId('vm-count')).toHaveText('1 VM');
  expect(lab.virsh('list', '--all', '--name')).toContain('conn-db');
});

const sshMissing = isRoot() ? missingBinaries('SSH host key e2e test', ['sshd', 'ssh-keygen']) : ['root'];

test('an unknown SSH host key is the alert dialog\'s description, with its fingerprint; rejecting it connects nothing', async ({ page }) => {
  test.skip(sshMissing.length > 0, `needs ${sshMissing.join(', ')}`);
  const errors = watchErrors(page);
  const sshd = await startSshd({ pathBins: [] });
  // A known_hosts of our own (empty), so the key is unknown and ~/.ssh is never touched.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virtdeck-e2e-known-'));
  const knownHosts = path.join(dir, 'known_hosts');
  try {
    await openApp(page, devhost.url, 'Test driver');
    await page.getByTestId('add-connection').click();
    const add = page.getByTestId('add-connection-dialog');
    await add.getByTestId('conn-tab-custom').click();
    await add.getByTestId('custom-uri').fill(`qemu+ssh://root@127.0.0.1:${sshd.port}/system?known_hosts=${knownHosts}`);
    await add.getByTestId('conn-name').fill('SSH Lab');
    await add.getByTestId('conn-submit').click();
    await expect(add).toBeHidden();

    const dialog = page.getByRole('alertdialog', { name: 'Unknown SSH host key' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute('data-testid', 'auth-prompt');
    await expect(dialog.getByTestId('hostkey-fingerprint')).toHaveText(sshd.hostFingerprint);
    await expect(dialog.getByTestId('hostkey-reject')).toBeFocused();
    // The warning and the facts are what a screen reader reads out with the alert.
    const at = `127.0.0.1:${sshd.port}`;
    await expect(dialog).toHaveAccessibleDescription(
      `The authenticity of ${at} (SSH Lab) can't be established. Compare the fingerprint with the one the host's administrator gave you ` +
        `before you accept it. Host ${at} Key type ssh-ed25519 Fingerprint ${sshd.hostFingerprint}`,
    );

    await dialog.getByTestId('hostkey-reject').click();
    await expect(dialog).toBeHidden();
    const host = page.getByTestId('host-SSH Lab');
    await expect(host.getByTestId('host-state')).toHaveText('failed');
    await expect(host.getByTestId('host-detail')).toContainText('was not accepted');
    expect(existsSync(knownHosts)).toBe(false);
    expect(errors).toEqual([]);
  } finally {
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The Hardware page against a private libvirtd (test driver): NIC and disk edits, CD-ROM media,
// vCPU pinning, invalid values shown inline with nothing changed, the unsaved-changes guard —
// each checked in what libvirt holds afterwards (virsh dumpxml --inactive / domiflist /
// domblklist / vcpupin --config). Screenshots of the disk form and the pinning grid.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;
const VM = 'hw-1';
const MAC = '52:54:00:aa:00:01';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  lab = await startLab([]);
  const file = path.join(os.tmpdir(), `vdtest-${process.pid}-${VM}.xml`);
  writeFileSync(
    file,
    `<domain type='test'><name>${VM}</name><memory unit='MiB'>1024</memory><currentMemory unit='MiB'>1024</currentMemory><vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/guest/root.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
    <interface type='network'><mac address='${MAC}'/><source network='default'/><model type='virtio'/></interface>
    <graphics type='vnc' autoport='yes'><listen type='address' address='127.0.0.1'/></graphics>
    <video><model type='vga'/></video>
  </devices></domain>`,
  );
  lab.virsh('define', file);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

const dumpxml = () => lab.virsh('dumpxml', '--inactive', VM);

async function openHardware(page: Page) {
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId(`vm-row-${VM}`).dblclick();
  const tab = page.getByTestId(`vm-tab-${VM}`);
  await tab.getByTestId('vm-page-hardware').click();
  await expect(tab.getByTestId('vm-hardware')).toBeVisible();
  await expect(tab.getByTestId('hw-item-cpu')).toBeVisible();
  return tab;
}

async function applyAll(page: Page, expectLabel?: RegExp) {
  await page.getByTestId('hw-apply').click();
  const dialog = page.getByTestId('hw-preview-dialog');
  await expect(dialog).toBeVisible();
  if (expectLabel) await expect(dialog.getByTestId('hw-preview-changes')).toContainText(expectLabel);
  await dialog.getByTestId('hw-preview-apply').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('toast-success').last()).toContainText(`to ${VM}`);
  await expect(page.getByTestId('hw-pending')).toHaveText(/No unsaved changes/);
}

test('edit a NIC (model, link state) and a disk (cache, read-only)', async ({ page }) => {
  const errors = watchErrors(page);
  const tab = await openHardware(page);

  await tab.getByTestId(`hw-item-nic:${MAC}`).click();
  const nic = tab.getByTestId('hw-form-nic');
  await nic.getByLabel('Device model').fill('e1000');
  await nic.getByLabel('Link state').selectOption('down');
  await expect(tab.getByTestId('hw-pending')).toHaveText(/1 unsaved change/);
  await expect(page.getByTestId(`tab-vm-${VM}`)).toContainText('•');

  await tab.getByTestId('hw-item-disk:vda').click();
  const disk = tab.getByTestId('hw-form-disk');
  await disk.getByLabel('Cache mode').selectOption('none');
  await disk.getByLabel('Read-only').check();
  await disk.getByTestId('hw-tune-readBytesSec').fill('1048576');
  await disk.getByLabel('Cache mode').focus();
  await tab.locator('.hw__scroll').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/vm-hardware-disk-light.png' });
  await page.getByTestId('theme-dark').click();
  await page.screenshot({ path: 'test-results/screenshots/vm-hardware-disk-dark.png' });
  await page.getByTestId('theme-light').click();

  await applyAll(page, /vda.*: read-only, cache mode, I\/O limits/);
  const x = dumpxml();
  expect(x).toMatch(/<interface type='network'>[\s\S]*<model type='e1000'\/>\s*<link state='down'\/>/);
  expect(lab.virsh('domiflist', VM)).toMatch(/network\s+default\s+e1000\s+52:54:00:aa:00:01/);
  expect(x).toMatch(/<driver name='qemu' type='qcow2' cache='none'\/>/);
  expect(x).toMatch(/<target dev='vda' bus='virtio'\/>\s*<iotune>\s*<read_bytes_sec>1048576<\/read_bytes_sec>\s*<\/iotune>\s*<readonly\/>/);
  expect(lab.virsh('domblklist', VM)).toMatch(/vda\s+\/guest\/root\.qcow2/);
  // The form shows what libvirt now holds.
  await expect(tab.getByTestId('hw-form-disk').getByLabel('Cache mode')).toHaveValue('none');
  await expect(page.getByTestId(`tab-vm-${VM}`)).not.toContainText('•');
  expect(errors).toEqual([]);
});

test('change CD-ROM media, then eject', async ({ page }) => {
  const tab = await openHardware(page);
  await tab.getByTestId('hw-item-disk:sda').click();
  const form = tab.getByTestId('hw-form-disk');
  await form.getByLabel('Media').fill('/isos/debian-12.iso');
  await applyAll(page, /Insert \/isos\/debian-12\.iso/);
  expect(lab.virsh('domblklist', VM)).toMatch(/sda\s+\/isos\/debian-12\.iso/);

  await tab.getByTestId('hw-item-disk:sda').click();
  await tab.getByTestId('hw-eject').click();
  await applyAll(page, /Eject/);
  expect(lab.virsh('domblklist', VM)).toMatch(/sda\s+-/);
});

test('invalid values are shown inline and nothing changes', async ({ page }) => {
  const tab = await openHardware(page);
  const before = dumpxml();

  // Caught by the form: current memory above the maximum, a malformed MAC.
  await tab.getByTestId('hw-item-memory').click();
  await tab.getByTestId('hw-mem-current').fill('4096');
  await tab.getByTestId(`hw-item-nic:${MAC}`).click();
  await tab.getByTestId('hw-form-nic').getByLabel('MAC address').fill('52:54:zz:00:00:01');
  await tab.getByTestId('hw-apply').click();
  await expect(page.getByTestId('hw-preview-dialog')).toBeHidden();
  // The first problem's page is shown; the list marks both.
  await expect(tab.getByTestId('hw-error-mem-current')).toContainText('cannot exceed');
  await tab.getByTestId(`hw-item-nic:${MAC}`).click();
  await expect(tab.getByTestId('hw-error-mac')).toContainText('MAC address');
  await expect(tab.getByTestId('hw-form-nic').getByLabel('MAC address')).toHaveAttribute('aria-invalid', 'true');

  // Caught by the core: a relative image path on a new disk, mapped to its field.
  await tab.getByTestId('hw-revert').click();
  await tab.getByTestId('hw-add-kind').selectOption('disk');
  await tab.getByTestId('hw-add').click();
  await tab.getByTestId('hw-form-disk').getByLabel('Source path').fill('relative.img');
  await tab.getByTestId('hw-apply').click();
  await expect(tab.getByTestId('hw-error-source')).toBeVisible();
  await expect(page.getByTestId('hw-preview-dialog')).toBeHidden();
  expect(dumpxml()).toBe(before);

  // Leaving with unsaved changes asks first.
  await tab.getByTestId('vm-page-overview').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Discard unsaved hardware changes?');
  await page.getByTestId('confirm-cancel').click();
  await expect(tab.getByTestId('vm-hardware')).toBeVisible();
  await tab.getByTestId('hw-revert').click();
  await expect(tab.getByTestId('hw-pending')).toHaveText(/No unsaved changes/);
  expect(dumpxml()).toBe(before);
});

test('pinning grid: click and shift-click pin vCPUs (vcpupin --config)', async ({ page }) => {
  const tab = await openHardware(page);
  await tab.getByTestId('hw-item-cpu').click();
  const grid = tab.getByTestId('hw-pin-grid');
  await grid.getByTestId('hw-pin-0-1').click();
  await grid.getByTestId('hw-pin-0-3').click({ modifiers: ['Shift'] });
  await grid.getByTestId('hw-pin-1-8').click();
  await expect(grid.getByTestId('hw-pin-text-0')).toHaveValue('1-3');
  await expect(grid.getByTestId('hw-pin-0-2')).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: 'test-results/screenshots/vm-hardware-pinning-light.png' });
  await page.getByTestId('theme-dark').click();
  await page.screenshot({ path: 'test-results/screenshots/vm-hardware-pinning-dark.png' });
  await page.getByTestId('theme-light').click();
  await applyAll(page, /Pin vCPU 0/);
  const pins = lab.virsh('vcpupin', '--config', VM);
  expect(pins).toMatch(/^\s*0\s+1-3\s*$/m);
  const x = dumpxml();
  expect(x).toContain("<vcpupin vcpu='0' cpuset='1-3'/>");
  expect(x).toContain("<vcpupin vcpu='1' cpuset='8'/>");
});

// Overview of VMs on a private libvirtd (test driver): title/description saved into the
// definition, the OS from libosinfo metadata, the guest agent state, uptime. Screenshots in the
// light and the dark theme.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  lab = await startLab([]);
  const file = path.join(os.tmpdir(), `vdtest-${process.pid}-ov-1.xml`);
  writeFileSync(
    file,
    `<domain type='test'><name>ov-1</name>
  <metadata><libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0"><libosinfo:os id="http://debian.org/debian/12"/></libosinfo:libosinfo></metadata>
  <memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`,
  );
  lab.virsh('define', file);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

async function openVm(page: Page, name: string) {
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId(`vm-row-${name}`).dblclick();
  return page.getByTestId(`vm-tab-${name}`);
}

async function themes(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId(`theme-${theme}`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screenshots/${name}-${theme}.png` });
  }
  await page.getByTestId('theme-light').click();
}

test('overview: OS from metadata, guest agent state, title and description saved', async ({ page }) => {
  const errors = watchErrors(page);
  const tab = await openVm(page, 'ov-1');
  await expect(tab.getByTestId('ov-os')).toHaveText('Debian 12');
  await expect(tab.getByTestId('ov-agent')).toContainText('VM not running');
  await expect(tab.getByTestId('ov-uptime')).toHaveText('—');

  await tab.getByTestId('ov-title').fill('Build box');
  await tab.getByTestId('ov-description').fill('first line\nsecond line');
  await expect(page.getByTestId('tab-vm-ov-1')).toContainText('•');
  await tab.getByTestId('ov-general-save').click();
  await expect(page.getByTestId('toast-success')).toContainText('Saved the title and description of ov-1');
  const x = lab.virsh('dumpxml', '--inactive', 'ov-1');
  expect(x).toContain('<title>Build box</title>');
  expect(x).toContain('<description>first line\nsecond line</description>');
  await expect(tab.getByTestId('ov-general-save')).toBeDisabled();
  await expect(page.getByTestId('tab-vm-ov-1')).not.toContainText('•');
  expect(errors).toEqual([]);
});

test('overview of a running VM: uptime and guest section', async ({ page }) => {
  const tab = await openVm(page, 'test');
  await expect(tab.getByTestId('ov-state')).toHaveText('running');
  // Running before the app connected: only a lower bound is known.
  await expect(tab.getByTestId('ov-uptime')).toHaveText(/started before Virtdeck connected|more than \d+/);
  await expect(tab.getByTestId('ov-agent')).toContainText(/connected|not connected/);
  await expect(tab.getByTestId('ov-os')).toHaveText(/.+/);
  await themes(page, 'vm-details-overview');
});

test('uptime counts from a start seen live', async ({ page }) => {
  const tab = await openVm(page, 'ov-1');
  await expect(tab.getByTestId('ov-uptime')).toHaveText('—');
  lab.virsh('start', 'ov-1');
  await expect(tab.getByTestId('ov-state')).toHaveText('running');
  await expect(tab.getByTestId('ov-uptime')).toHaveText(/^\d+ s$/);
  lab.virsh('destroy', 'ov-1');
  await expect(tab.getByTestId('ov-uptime')).toHaveText('—');
});

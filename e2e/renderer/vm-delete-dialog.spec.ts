// The Delete VM dialog on qemu:///system with real QEMU guests: a disk another VM uses is offered
// disabled with "used by", a file in no pool is disabled with the reason, the plan's suggestion is
// pre-selected, the button says what goes, and deleting removes exactly the VM and the chosen disk
// (virsh list --all / vol-list). A running VM needs "force off". Screenshots in both themes.
// Only vdtest-ui-del-* domains, our own pool and our own folders are touched.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { QEMU_URI, tinyGuestXml } from '../../electron/core/testing/tiny-guest';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';

const RUN = randomUUID().slice(0, 6);
const DIR = `/var/lib/libvirt/images/vdtest-ui-del-${RUN}`;
const LOOSE_DIR = `/var/lib/libvirt/images/vdtest-ui-del-nopool-${RUN}`;
const POOL = `vdtest-ui-del-${RUN}`;
const VM_A = `vdtest-ui-del-a-${RUN}`;
const VM_B = `vdtest-ui-del-b-${RUN}`;
const HOST = 'System';

const virsh = (...a: string[]) => execFileSync('virsh', ['-q', '-c', QEMU_URI, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const domains = () => virsh('list', '--all', '--name').split('\n').filter(Boolean);
const volumes = () =>
  virsh('vol-list', POOL)
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter(Boolean)
    .sort();

function image(dir: string, name: string, size = '64M'): string {
  const file = path.join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, size]);
  return file;
}
function define(name: string, disks: string[]) {
  const xml = path.join(DIR, `${name}.xml`);
  writeFileSync(xml, tinyGuestXml({ name, graphics: 'none', disks: disks.map((p) => ({ path: p, format: 'qcow2' as const })) }));
  virsh('define', xml);
  rmSync(xml);
}
function removeDomain(name: string) {
  for (const args of [['destroy', name], ['undefine', name, '--snapshots-metadata', '--managed-save']]) {
    try {
      virsh(...args);
    } catch {
      /* not running / already gone */
    }
  }
}

let devhost: RunningDevHost;
let own: string;
let shared: string;
let keep: string;
let loose: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  for (const d of [DIR, LOOSE_DIR]) {
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755); // QEMU runs as another user
  }
  own = image(DIR, 'own.qcow2', '2G');
  shared = image(DIR, 'shared.qcow2');
  keep = image(DIR, 'keep.qcow2', '1G');
  loose = image(LOOSE_DIR, 'loose.qcow2');
  virsh('pool-create-as', POOL, 'dir', '--target', DIR);
  define(VM_A, [own, shared, keep, loose]);
  define(VM_B, [shared]);
  devhost = await startDevHost({ [HOST]: QEMU_URI });
});
test.afterAll(async () => {
  await devhost?.stop();
  removeDomain(VM_A);
  removeDomain(VM_B);
  try {
    virsh('pool-destroy', POOL);
  } catch {
    /* gone */
  }
  rmSync(DIR, { recursive: true, force: true });
  rmSync(LOOSE_DIR, { recursive: true, force: true });
});

const fileRow = (dlg: Locator, file: string) => dlg.locator(`[data-testid=vm-delete-file][data-path="${file}"]`);

async function openDelete(page: Page, vm: string) {
  await page.getByTestId(`vm-row-${vm}`).click({ button: 'right' });
  await page.getByTestId('vm-context-menu').getByTestId('menu-delete').click();
  const dlg = page.getByTestId('vm-delete-dialog');
  await expect(dlg.getByTestId('vm-delete-file').first()).toBeVisible();
  return dlg;
}

test('shared and pool-less disks are disabled with the reason; only the chosen disk is deleted', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, devhost.url, HOST);
  const dlg = await openDelete(page, VM_A);
  await expect(dlg.getByTestId('vm-delete-cancel')).toBeFocused();
  await expect(dlg.getByTestId('vm-delete-file')).toHaveCount(4);

  const sharedRow = fileRow(dlg, shared);
  await expect(sharedRow.getByTestId('vm-delete-file-check')).toBeDisabled();
  await expect(sharedRow.getByTestId('vm-delete-file-check')).not.toBeChecked();
  await expect(sharedRow.getByTestId('vm-delete-file-used-by')).toHaveText(`used by ${VM_B}`);
  await expect(sharedRow.getByTestId('vm-delete-file-reason')).toHaveText('Kept: another VM needs it.');

  const looseRow = fileRow(dlg, loose);
  await expect(looseRow.getByTestId('vm-delete-file-check')).toBeDisabled();
  await expect(looseRow.getByTestId('vm-delete-file-reason')).toContainText('not in any storage pool');
  await expect(looseRow).toContainText('in no pool');

  // The plan's suggestion: both unshared pool disks.
  await expect(fileRow(dlg, own).getByTestId('vm-delete-file-check')).toBeChecked();
  await expect(fileRow(dlg, keep).getByTestId('vm-delete-file-check')).toBeChecked();
  await expect(fileRow(dlg, own)).toContainText(`pool ${POOL}`);
  await expect(fileRow(dlg, own)).toContainText('2 GiB');
  await expect(dlg.getByTestId('vm-delete-confirm')).toHaveText(`Delete ${VM_A} and 2 disks (3 GiB)`);

  // Keep "keep.qcow2": the label follows (the label is clickable too).
  await fileRow(dlg, keep).getByTestId('vm-delete-file-path').click();
  await expect(fileRow(dlg, keep).getByTestId('vm-delete-file-check')).not.toBeChecked();
  await expect(dlg.getByTestId('vm-delete-confirm')).toHaveText(`Delete ${VM_A} and 1 disk (2 GiB)`);
  await expect(dlg.getByTestId('vm-delete-force-off')).toHaveCount(0);

  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId(`theme-${theme}`).evaluate((el: HTMLElement) => el.click()); // under the modal backdrop
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: `test-results/screenshots/vm-delete-${theme}.png` });
  }

  await dlg.getByTestId('vm-delete-confirm').click();
  await expect(dlg).toBeHidden();
  await expect(page.getByTestId('toast-success').filter({ hasText: `Deleted ${VM_A} and 1 disk` })).toBeVisible();
  await expect(page.getByTestId(`vm-row-${VM_A}`)).toHaveCount(0);
  expect(domains()).not.toContain(VM_A);
  expect(domains()).toContain(VM_B);
  expect(volumes()).toEqual(['keep.qcow2', 'shared.qcow2']);
  expect(existsSync(own)).toBe(false);
  expect(existsSync(loose)).toBe(true);
  expect(errors).toEqual([]);
});

test('a running VM needs "force off"; keeping every file deletes only the definition', async ({ page }) => {
  virsh('start', VM_B);
  await openApp(page, devhost.url, HOST);
  await expect(page.getByTestId(`vm-row-${VM_B}`).getByTestId('vm-state')).toHaveText('running');
  const dlg = await openDelete(page, VM_B);
  // Only B uses shared.qcow2 now: offered and suggested.
  const check = fileRow(dlg, shared).getByTestId('vm-delete-file-check');
  await expect(check).toBeEnabled();
  await expect(check).toBeChecked();
  await check.uncheck();
  await expect(dlg.getByTestId('vm-delete-confirm')).toHaveText(`Delete ${VM_B}, keep its files`);
  await expect(dlg.getByTestId('vm-delete-confirm')).toBeDisabled();
  await dlg.getByTestId('vm-delete-force-off').check();
  await expect(dlg.getByTestId('vm-delete-confirm')).toBeEnabled();
  await dlg.getByTestId('vm-delete-confirm').click();
  await expect(dlg).toBeHidden();
  await expect(page.getByTestId(`vm-row-${VM_B}`)).toHaveCount(0);
  expect(domains()).not.toContain(VM_B);
  expect(volumes()).toEqual(['keep.qcow2', 'shared.qcow2']);
});

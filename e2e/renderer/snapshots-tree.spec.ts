// The Snapshots page on real QEMU guests (qemu:///system): take → revert → delete internal
// snapshots, checked with virsh; a delete and a revert the chain-safety rules refuse show their
// reasons with Confirm disabled; screenshots of the tree in both themes.
// Only vdtest-ui-snap-* domains and our own image folder are touched (other engineers' guests run
// beside these tests).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { QEMU_URI, tinyGuestXml } from '../../electron/core/testing/tiny-guest';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';

const RUN = randomUUID().slice(0, 6);
const DIR = `/var/lib/libvirt/images/vdtest-ui-snap-${RUN}`;
const VM_A = `vdtest-ui-snap-a-${RUN}`;
const VM_B = `vdtest-ui-snap-b-${RUN}`;
const HOST = 'System';

const virsh = (...a: string[]) => execFileSync('virsh', ['-q', '-c', QEMU_URI, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const snapshots = (vm: string) => virsh('snapshot-list', vm, '--name').split('\n').filter(Boolean).sort();
const currentSnapshot = (vm: string) => {
  try {
    return virsh('snapshot-current', vm, '--name');
  } catch {
    return null;
  }
};

function image(name: string): string {
  const file = path.join(DIR, `${name}.qcow2`);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '64M']);
  return file;
}
function define(name: string, disk: string) {
  const xml = path.join(DIR, `${name}.xml`);
  writeFileSync(xml, tinyGuestXml({ name, graphics: 'none', disks: [{ path: disk, format: 'qcow2' }] }));
  virsh('define', xml);
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

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  chmodSync(DIR, 0o755); // QEMU runs as another user
  define(VM_A, image(VM_A));
  // B: an internal snapshot, then an external one on top (made with virsh: Virtdeck refuses to
  // build such a mixed chain). Deleting "e1" would merge away the file holding "i1".
  define(VM_B, image(VM_B));
  virsh('snapshot-create-as', VM_B, 'i1', 'internal, in the base image');
  virsh('snapshot-create-as', VM_B, 'e1', 'external overlay', '--disk-only', '--atomic');
  devhost = await startDevHost({ [HOST]: QEMU_URI });
});
test.afterAll(async () => {
  await devhost?.stop();
  removeDomain(VM_A);
  removeDomain(VM_B);
  rmSync(DIR, { recursive: true, force: true });
});

async function openSnapshots(page: Page, vm: string) {
  await openApp(page, devhost.url, HOST);
  await page.getByTestId(`vm-row-${vm}`).dblclick();
  const tab = page.getByTestId(`vm-tab-${vm}`);
  await tab.getByTestId('vm-page-snapshots').click();
  return tab.getByTestId('snapshots-page');
}

async function take(page: Page, snaps: import('@playwright/test').Locator, name: string, description = '') {
  await snaps.getByTestId('snapshot-create').click();
  const dlg = page.getByTestId('snapshot-create-dialog');
  await expect(dlg.getByTestId('snapshot-name')).toBeFocused();
  await dlg.getByTestId('snapshot-name').fill(name);
  if (description) await dlg.getByTestId('snapshot-description').fill(description);
  await dlg.getByTestId('snapshot-create-submit').click();
  await expect(dlg).toBeHidden();
  await expect(snaps.getByTestId(`snapshot-row-${name}`)).toBeVisible();
}

const row = (snaps: import('@playwright/test').Locator, name: string) => snaps.getByTestId(`snapshot-row-${name}`);

test('take, revert and delete internal snapshots of a shut-off guest', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 760 });
  const snaps = await openSnapshots(page, VM_A);
  await expect(snaps.getByTestId('snapshots-empty')).toBeVisible();

  // Create dialog: validation, defaults, options explained.
  await snaps.getByTestId('snapshot-create').click();
  const dlg = page.getByTestId('snapshot-create-dialog');
  await expect(dlg.getByTestId('snapshot-name')).toHaveValue('snapshot1');
  await dlg.getByTestId('snapshot-name').fill('bad name!');
  await expect(dlg.getByTestId('snapshot-name-error')).toContainText('may only contain');
  await expect(dlg.getByTestId('snapshot-create-submit')).toBeDisabled();
  await expect(dlg.getByTestId('snapshot-kind-internal')).toBeChecked();
  await expect(dlg.getByTestId('snapshot-memory')).toBeDisabled();
  await expect(dlg).toContainText('is shut off: there is no memory to save');
  await expect(dlg.getByTestId('snapshot-external-limits')).toContainText('cannot revert to external snapshots');
  // Focus stays in the dialog.
  for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
  expect(await dlg.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dlg).toBeHidden();

  await take(page, snaps, 'base', 'Fresh install');
  await expect(row(snaps, 'base').getByTestId('snapshot-current')).toBeVisible();
  await expect(row(snaps, 'base').getByTestId('snapshot-kind')).toHaveText('Internal, disks only');
  await expect(row(snaps, 'base').getByTestId('snapshot-state')).toHaveText('Shut off');
  expect(snapshots(VM_A)).toEqual(['base']);
  expect(virsh('snapshot-info', VM_A, 'base')).toMatch(/Location:\s+internal/);

  await take(page, snaps, 'upgraded');
  expect(snapshots(VM_A)).toEqual(['base', 'upgraded']);
  expect(virsh('snapshot-parent', VM_A, 'upgraded')).toBe('base');
  expect(currentSnapshot(VM_A)).toBe('upgraded');
  await expect(row(snaps, 'upgraded').getByTestId('snapshot-current')).toBeVisible();
  await expect(row(snaps, 'base').getByTestId('snapshot-current')).toHaveCount(0);

  // Revert to "base": the dialog names what is lost (changes since the current snapshot).
  await row(snaps, 'base').click();
  await snaps.getByTestId('snapshot-revert').click();
  const act = page.getByTestId('snapshot-action-dialog');
  await expect(act.getByTestId('snapshot-action-message')).toContainText('Reverting discards all changes since “upgraded” was taken');
  await expect(act.getByTestId('snapshot-action-confirm')).toBeEnabled();
  await expect(act.getByTestId('snapshot-check-reasons')).toHaveCount(0);
  await act.getByTestId('snapshot-action-confirm').click();
  await expect(act).toBeHidden();
  await expect(page.getByTestId('toast-success').filter({ hasText: `${VM_A} reverted to “base”` })).toBeVisible();
  await expect.poll(() => currentSnapshot(VM_A)).toBe('base');
  await expect(row(snaps, 'base').getByTestId('snapshot-current')).toBeVisible();

  // A branch: base → upgraded, base → experiment.
  await take(page, snaps, 'experiment', 'Trying the new kernel');
  expect(virsh('snapshot-parent', VM_A, 'experiment')).toBe('base');
  await expect(snaps.getByTestId('snapshot-tree').getByRole('treeitem')).toHaveCount(3);
  await expect(row(snaps, 'experiment')).toHaveAttribute('aria-level', '2');

  // Keyboard: arrows move the selection, Delete asks to delete. Base's first child in the tree's
  // order: "upgraded" and "experiment" sort by creation time, whole seconds, then by name, so
  // which comes first depends on whether both were taken in the same second.
  await row(snaps, 'base').click();
  await page.keyboard.press('ArrowDown');
  const next = snaps.getByTestId('snapshot-tree').getByRole('treeitem').nth(1);
  await expect(next).toBeFocused();
  await expect(next).toHaveAttribute('aria-selected', 'true');

  for (const theme of ['light', 'dark'] as const) {
    await page.getByTestId(`theme-${theme}`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await row(snaps, 'experiment').click();
    await page.screenshot({ path: `test-results/screenshots/snapshots-tree-${theme}.png` });
  }

  // Delete "upgraded" (a leaf).
  await row(snaps, 'upgraded').click();
  await page.keyboard.press('Delete');
  await expect(act.getByTestId('snapshot-action-message')).toContainText('You can no longer revert');
  await expect(act.getByTestId('snapshot-action-confirm')).toHaveText('Delete “upgraded”');
  await act.getByTestId('snapshot-action-confirm').click();
  await expect(act).toBeHidden();
  await expect(row(snaps, 'upgraded')).toHaveCount(0);
  expect(snapshots(VM_A)).toEqual(['base', 'experiment']);

  // Delete "base" with its children.
  await row(snaps, 'base').click();
  await snaps.getByTestId('snapshot-delete-children').click();
  await expect(act.getByTestId('snapshot-action-items').locator('li')).toHaveText(['base', 'experiment']);
  await expect(act.getByTestId('snapshot-action-confirm')).toHaveText('Delete 2 snapshots');
  await act.getByTestId('snapshot-action-confirm').click();
  await expect(snaps.getByTestId('snapshots-empty')).toBeVisible();
  expect(snapshots(VM_A)).toEqual([]);
  expect(errors).toEqual([]);
});

test('an unsafe delete and an unsupported revert show the blocking reason, Confirm disabled', async ({ page }) => {
  const snaps = await openSnapshots(page, VM_B);
  await expect(row(snaps, 'e1')).toHaveAttribute('aria-level', '2');
  await expect(row(snaps, 'e1').getByTestId('snapshot-kind')).toHaveText('External, disk only');
  await expect(row(snaps, 'e1').getByTestId('snapshot-current')).toBeVisible();

  await row(snaps, 'e1').click();
  await expect(snaps.getByTestId('snapshot-capability-hint')).toContainText('cannot revert to external snapshots');
  await snaps.getByTestId('snapshot-delete').click();
  const act = page.getByTestId('snapshot-action-dialog');
  const reasons = act.getByTestId('snapshot-check-reasons');
  await expect(reasons).toContainText('internal snapshots "i1" are stored in');
  await expect(reasons).toContainText('This delete is blocked');
  await expect(act.getByTestId('snapshot-action-confirm')).toBeDisabled();
  await page.screenshot({ path: 'test-results/screenshots/snapshots-unsafe-delete.png' });
  await act.getByTestId('snapshot-action-cancel').click();

  await snaps.getByTestId('snapshot-revert').click();
  await expect(act.getByTestId('snapshot-check-reason').first()).toContainText('cannot revert to external snapshots');
  await expect(act.getByTestId('snapshot-action-confirm')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(act).toBeHidden();
  expect(snapshots(VM_B)).toEqual(['e1', 'i1']);

  // Creating: internal is disabled (an external snapshot exists), with the reason.
  await snaps.getByTestId('snapshot-create').click();
  const dlg = page.getByTestId('snapshot-create-dialog');
  await expect(dlg.getByTestId('snapshot-kind-internal')).toBeDisabled();
  await expect(dlg.getByTestId('snapshot-internal-reason')).toContainText('has external snapshots (“e1”)');
  await expect(dlg.getByTestId('snapshot-kind-external')).toBeChecked();
  await page.keyboard.press('Escape');
});

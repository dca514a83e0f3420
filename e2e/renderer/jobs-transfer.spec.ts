// Upload a local file into a volume of a real directory pool on qemu:///system and download it
// back, through the storage page; the jobs panel shows both jobs done. The pool (vdtest-…, in a
// temporary directory) is made and removed with virsh around the test.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';

const SYSTEM = 'qemu:///system';
const POOL = `vdtest-xfer-${process.pid}`;
const VOL = 'vdtest-blob.raw';
const SIZE = 3 * 1024 * 1024;
const virsh = (...args: string[]) => execFileSync('virsh', ['-q', '-c', SYSTEM, ...args], { encoding: 'utf8' }).trim();
const haveSystem = existsSync('/run/libvirt/libvirt-sock') || existsSync('/run/libvirt/virtqemud-sock');

let devhost: RunningDevHost;
let dir: string;

test.skip(!haveSystem, 'no libvirtd on qemu:///system');

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vdtest-'));
  const poolDir = path.join(dir, 'pool');
  virsh('pool-define-as', POOL, 'dir', '--target', poolDir);
  virsh('pool-build', POOL);
  virsh('pool-start', POOL);
  virsh('vol-create-as', POOL, VOL, String(SIZE), '--format', 'raw');
  devhost = await startDevHost({ System: SYSTEM });
});
test.afterAll(async () => {
  await devhost?.stop();
  for (const args of [['vol-delete', '--pool', POOL, VOL], ['pool-destroy', POOL], ['pool-undefine', POOL]]) {
    try {
      virsh(...args);
    } catch {
      /* already gone */
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('upload into a volume and download it back; the jobs panel shows the jobs', async ({ page }) => {
  const errors = watchErrors(page);
  const source = path.join(dir, 'source.bin');
  const back = path.join(dir, 'back.bin');
  const data = randomBytes(SIZE);
  writeFileSync(source, data);

  await openApp(page, devhost.url, 'System');
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('storage of system');
  await page.keyboard.press('Enter');
  const tab = page.getByTestId('host-tab-System');
  await tab.getByTestId(`pool-row-${POOL}`).click();
  const row = tab.getByTestId(`vol-row-${VOL}`);
  await expect(row).toContainText('3.0 MiB');

  await row.getByTestId('vol-upload').click();
  let dlg = page.getByTestId('volume-dialog-upload');
  await dlg.getByTestId('vol-file').fill('relative/path');
  await expect(dlg.getByTestId('vol-submit')).toBeDisabled();
  await dlg.getByTestId('vol-file').fill(source);
  await dlg.getByTestId('vol-submit').click();
  await expect(page.getByTestId('toast-success').filter({ hasText: `Uploaded 3.0 MiB into ${VOL}` })).toBeVisible();

  await row.getByTestId('vol-download').click();
  dlg = page.getByTestId('volume-dialog-download');
  await dlg.getByTestId('vol-file').fill(back);
  await dlg.getByTestId('vol-submit').click();
  await expect(page.getByTestId('toast-success').filter({ hasText: `Downloaded ${VOL}` })).toBeVisible();
  expect(readFileSync(back).equals(data)).toBe(true);

  await page.getByTestId('jobs-button').click();
  const panel = page.getByTestId('jobs-panel');
  const up = panel.getByTestId('job-upload');
  const down = panel.getByTestId('job-download');
  await expect(up).toHaveAttribute('data-state', 'done');
  await expect(up.getByTestId('job-title')).toHaveText(`Upload source.bin to ${POOL}/${VOL}`);
  await expect(up.getByTestId('job-amount')).toHaveText('3.0 MiB of 3.0 MiB');
  await expect(down).toHaveAttribute('data-state', 'done');
  await expect(down.getByTestId('job-state')).toHaveText('Done');
  await expect(page.getByTestId('jobs-running-count')).toHaveText('0');
  await panel.getByTestId('jobs-clear').click();
  await expect(panel.getByTestId('jobs-empty')).toBeVisible();
  expect(errors).toEqual([]);
});

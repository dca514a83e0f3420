// VM lifecycle from the context menu, the VM tab header and bulk actions, checked with virsh on
// a private daemon.
import { expect, test } from '@playwright/test';
import { openApp, waitFor, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await startLab([{ name: 'lab-1' }, { name: 'lab-2' }, { name: 'lab-3' }, { name: 'lab-4' }, { name: 'lab-5' }]);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

const state = (page: import('@playwright/test').Page, name: string) => page.getByTestId(`vm-row-${name}`).getByTestId('vm-state');

test('context menu: start, pause, resume, force off (confirmed)', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  const row = page.getByTestId('vm-row-lab-1');

  await row.click({ button: 'right' });
  const menu = page.getByTestId('vm-context-menu');
  await expect(menu.getByTestId('menu-shutdown')).toHaveAttribute('aria-disabled', 'true');
  await menu.getByTestId('menu-start').click();
  await expect(state(page, 'lab-1')).toHaveText('running');
  await waitFor(() => lab.domstate('lab-1') === 'running', 'lab-1 running');
  await expect(page.getByTestId('toast-success').first()).toContainText('lab-1 started');

  await row.click({ button: 'right' });
  await page.getByTestId('menu-pause').click();
  await expect(state(page, 'lab-1')).toHaveText('paused');
  expect(lab.domstate('lab-1')).toBe('paused');

  // Keyboard: Shift+F10 opens the menu on the active row, arrows move, Enter runs.
  await row.click();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByTestId('menu-resume')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(state(page, 'lab-1')).toHaveText('running');
  expect(lab.domstate('lab-1')).toBe('running');

  await row.click({ button: 'right' });
  await page.getByTestId('menu-force-off').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Force off lab-1?');
  await expect(confirm.getByTestId('confirm-items')).toHaveText('lab-1');
  await confirm.getByTestId('confirm-ok').click();
  await expect(state(page, 'lab-1')).toHaveText('shutoff');
  expect(lab.domstate('lab-1')).toBe('shut off');
  expect(errors).toEqual([]);
});

test('bulk actions on a shift-click range', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('vm-row-lab-2').getByTestId('vm-select').click();
  await page.getByTestId('vm-row-lab-4').getByTestId('vm-select').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-count')).toHaveText('3 selected');
  await expect(page.getByTestId('vm-row-lab-3')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('vm-row-lab-5')).toHaveAttribute('aria-selected', 'false');

  await page.getByTestId('bulk-start').click();
  for (const n of ['lab-2', 'lab-3', 'lab-4']) await expect(state(page, n)).toHaveText('running');
  for (const n of ['lab-2', 'lab-3', 'lab-4']) expect(lab.domstate(n)).toBe('running');
  expect(lab.domstate('lab-5')).toBe('shut off');

  await page.getByTestId('bulk-force-off').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Force off 3 VMs?');
  await expect(confirm.getByTestId('confirm-items').locator('li')).toHaveText(['lab-2', 'lab-3', 'lab-4']);
  // Cancel changes nothing.
  await confirm.getByTestId('confirm-cancel').click();
  expect(lab.domstate('lab-3')).toBe('running');

  await page.getByTestId('bulk-force-off').click();
  await page.getByTestId('confirm-ok').click();
  for (const n of ['lab-2', 'lab-3', 'lab-4']) await expect(state(page, n)).toHaveText('shutoff');
  for (const n of ['lab-2', 'lab-3', 'lab-4']) expect(lab.domstate(n)).toBe('shut off');
});

test('VM tab: opened with Enter, lifecycle buttons follow the state', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('vm-row-lab-5').click();
  await page.keyboard.press('Enter');
  const tab = page.getByTestId('vm-tab-lab-5');
  await expect(tab.getByTestId('vm-title')).toHaveText('lab-5');
  await expect(tab.getByTestId('vm-action-shutdown')).toBeDisabled();
  await tab.getByTestId('vm-action-start').click();
  await expect(tab.getByTestId('vm-action-shutdown')).toBeEnabled();
  await expect(tab.getByTestId('ov-state')).toHaveText('running');
  expect(lab.domstate('lab-5')).toBe('running');
  await tab.getByTestId('vm-action-shutdown').click();
  await expect(tab.getByTestId('ov-state')).toHaveText('shutoff');
  await waitFor(() => lab.domstate('lab-5') === 'shut off', 'lab-5 shut off');

  // Autostart toggle.
  await tab.getByTestId('ov-autostart').click();
  await expect(tab.getByTestId('ov-autostart')).toHaveAttribute('aria-checked', 'true');
  expect(lab.virsh('dominfo', 'lab-5')).toMatch(/Autostart:\s+enable/);

  await page.getByTestId('tab-vm-lab-5').getByTestId('tab-close').click();
  await expect(tab).toBeHidden();
  await expect(page.getByTestId('tab-all')).toHaveAttribute('aria-selected', 'true');
});

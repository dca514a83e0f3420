// The VM table: sorting, filters, the command palette and virtual scrolling over many VMs.
import { expect, test } from '@playwright/test';
import { openApp, rowNames, waitFor } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;
const MANY = 600;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const many = Array.from({ length: MANY }, (_, i) => ({ name: `bulk-${String(i).padStart(4, '0')}` }));
  lab = await startLab([
    { name: 'pal-a', vcpus: 4, memoryMiB: 1024 },
    { name: 'pal-b', vcpus: 1, memoryMiB: 4096 },
    { name: 'pal-c', vcpus: 2, memoryMiB: 256 },
    ...many,
  ]);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

test('filters by text and state, sorts by clicking headers', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  await expect(page.getByTestId('vm-count')).toHaveText(`${MANY + 4} VMs`);

  await page.getByTestId('filter-text').fill('pal-');
  await expect(page.getByTestId('vm-shown')).toHaveText('· 3 shown');
  expect(await rowNames(page)).toEqual(['pal-a', 'pal-b', 'pal-c']);

  const vcpus = page.getByTestId('col-vcpus');
  await vcpus.getByRole('button').click();
  await expect(vcpus).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('col-name')).toHaveAttribute('aria-sort', 'none');
  expect(await rowNames(page)).toEqual(['pal-b', 'pal-c', 'pal-a']);
  await vcpus.getByRole('button').click();
  await expect(vcpus).toHaveAttribute('aria-sort', 'descending');
  expect(await rowNames(page)).toEqual(['pal-a', 'pal-c', 'pal-b']);
  await page.getByTestId('col-memory').getByRole('button').click();
  expect(await rowNames(page)).toEqual(['pal-c', 'pal-a', 'pal-b']);

  await page.getByTestId('filter-text').fill('');
  await page.getByTestId('filter-state').selectOption('running');
  await expect(page.getByTestId('vm-shown')).toHaveText('· 1 shown');
  expect(await rowNames(page)).toEqual(['test']);
  await page.getByTestId('filter-text').fill('nothing-like-this');
  await expect(page.getByTestId('empty-vms')).toContainText('No VMs match the filter');
  await page.getByTestId('filter-clear').click();
  await expect(page.getByTestId('vm-shown')).toBeHidden();
});

test('command palette runs an action on the selected VM', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('filter-text').fill('pal-b');
  await page.getByTestId('vm-row-pal-b').click();
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette.getByTestId('palette-input')).toBeFocused();
  await page.keyboard.type('start');
  await expect(palette.getByRole('option').first()).toHaveText(/Start pal-b/);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('vm-row-pal-b').getByTestId('vm-state')).toHaveText('running');
  await waitFor(() => lab.domstate('pal-b') === 'running', 'pal-b running');

  // Arrow keys pick another entry; Escape closes and gives focus back.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('pause');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('vm-row-pal-b').getByTestId('vm-state')).toHaveText('paused');
  expect(lab.domstate('pal-b')).toBe('paused');
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('vm-table')).toBeFocused();
});

test('renders only the rows in view, however many VMs there are', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  await expect(page.getByTestId('vm-count')).toHaveText(`${MANY + 4} VMs`);
  const rendered = await page.getByTestId('vm-grid-body').locator('[role=row]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);

  // Keyboard End goes to the last row and scrolls it into view.
  await page.getByTestId('vm-row-bulk-0000').click();
  await page.keyboard.press('End');
  await expect(page.getByTestId('vm-row-test')).toBeInViewport();
  expect(await page.getByTestId('vm-grid-body').locator('[role=row]').count()).toBeLessThan(60);
  await expect(page.getByTestId('vm-row-test')).toHaveAttribute('aria-rowindex', String(MANY + 4 + 1));

  // Select everything: the bulk bar counts all, not just the rendered rows.
  await page.getByTestId('select-all').check();
  await expect(page.getByTestId('bulk-count')).toHaveText(`${MANY + 4} selected`);
});

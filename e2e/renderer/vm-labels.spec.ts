// Groups and tags: set on the Overview page (kept in the domain's <metadata>, checked with virsh),
// tag chips in the table filter by tag, the filter bar filters by group, Group by shows headers.
import { expect, test } from '@playwright/test';
import { openApp, rowNames, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

const NS = 'https://virtdeck.org/xmlns/vm/1';
let devhost: RunningDevHost;
let lab: Lab;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  lab = await startLab([{ name: 'lbl-a' }, { name: 'lbl-b' }, { name: 'lbl-c' }]);
  // One VM already labelled outside Virtdeck (as virsh would).
  lab.virsh('metadata', 'lbl-b', '--uri', NS, '--key', 'virtdeck', '--config', '--set', '<vm><group>Db</group><tag>prod</tag></vm>');
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

test('set a group and tags on the Overview page: virsh metadata shows them', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  await expect(page.getByTestId('vm-row-lbl-b').getByTestId('vm-tag')).toHaveText(['prod']);
  await page.getByTestId('vm-row-lbl-a').dblclick();
  const tab = page.getByTestId('vm-tab-lbl-a');
  const labels = tab.getByTestId('ov-labels');
  await labels.getByTestId('ov-group').fill('Web & <Co>');
  await labels.getByTestId('ov-tag-input').fill('prod');
  await labels.getByTestId('ov-tag-input').press('Enter');
  await labels.getByTestId('ov-tag-input').fill('eu-1');
  await labels.getByTestId('ov-tag-add').click();
  await labels.getByTestId('ov-tag-input').fill('bad tag');
  await labels.getByTestId('ov-tag-add').click();
  await expect(labels.getByTestId('ov-tag-error')).toBeVisible();
  await labels.getByTestId('ov-tag-input').fill('');
  await expect(labels.getByTestId('ov-tag')).toHaveCount(2);
  await labels.getByTestId('ov-labels-save').click();
  await expect(page.getByTestId('toast-success')).toContainText('Saved the group and tags of lbl-a');
  const meta = lab.virsh('metadata', 'lbl-a', '--uri', NS, '--config');
  expect(meta).toContain('<group>Web &amp; &lt;Co&gt;</group>');
  expect(meta).toContain('<tag>prod</tag>');
  expect(meta).toContain('<tag>eu-1</tag>');
  await expect(labels.getByTestId('ov-labels-save')).toBeDisabled();

  // Removing a tag.
  await labels.locator('[data-tag="eu-1"]').getByTestId('ov-tag-remove').click();
  await labels.getByTestId('ov-labels-save').click();
  await expect.poll(() => lab.virsh('metadata', 'lbl-a', '--uri', NS, '--config')).not.toContain('eu-1');
  expect(errors).toEqual([]);
});

test('filter by tag (chip or select) and by group; group by shows headers', async ({ page }) => {
  await openApp(page, devhost.url, 'Lab');
  await expect(page.getByTestId('vm-row-lbl-a').getByTestId('vm-tag')).toHaveText(['prod']);

  // Clicking a chip filters by that tag.
  await page.getByTestId('vm-row-lbl-a').getByTestId('vm-tag').click();
  await expect(page.getByTestId('filter-tag')).toHaveValue('prod');
  await expect.poll(() => rowNames(page)).toEqual(['lbl-a', 'lbl-b']);
  await page.getByTestId('filter-tag').selectOption('');
  await page.getByTestId('filter-group').selectOption('Db');
  await expect.poll(() => rowNames(page)).toEqual(['lbl-b']);
  await page.getByTestId('filter-clear').click();

  // Group by group: headers in order, "No group" last, each followed by its VMs.
  await page.getByTestId('filter-text').fill('lbl-');
  await page.getByTestId('group-by').selectOption('group');
  const body = page.getByTestId('vm-grid-body');
  await expect(body.getByTestId('vm-group-label')).toHaveText(['Db', 'Web & <Co>', 'No group']);
  const order = await body.locator('[data-testid="vm-group-label"], [data-testid="vm-name"]').allTextContents();
  expect(order).toEqual(['Db', 'lbl-b', 'Web & <Co>', 'lbl-a', 'No group', 'lbl-c']);
  // The keyboard cursor and shift-ranges step over the header rows, VM to VM.
  await page.getByTestId('vm-row-lbl-b').click();
  await page.getByTestId('vm-table').press('Shift+ArrowDown');
  await expect(page.getByTestId('bulk-count')).toHaveText('2 selected');
  await expect(page.getByTestId('vm-row-lbl-a')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('vm-row-lbl-c')).toHaveAttribute('aria-selected', 'false');

  // Bulk "Add tag…" on the two selected VMs.
  await page.getByTestId('bulk-add-tag').click();
  await page.getByTestId('bulk-tag-input').fill('batch-1');
  await page.getByTestId('bulk-tag-apply').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Tagged 2 VMs with batch-1');
  await expect(page.getByTestId('vm-row-lbl-a').getByTestId('vm-tag')).toHaveText(['batch-1', 'prod']);
  expect(lab.virsh('metadata', 'lbl-b', '--uri', NS, '--config')).toContain('<tag>batch-1</tag>');
  expect(lab.virsh('metadata', 'lbl-b', '--uri', NS, '--config')).toContain('<group>Db</group>');

  await page.getByTestId('group-by').selectOption('host');
  await expect(body.getByTestId('vm-group-label')).toHaveText(['Lab']);
  await page.getByTestId('group-by').selectOption('none');
  await expect(body.getByTestId('vm-group-header')).toHaveCount(0);
  expect(await rowNames(page)).toEqual(['lbl-a', 'lbl-b', 'lbl-c']);
});

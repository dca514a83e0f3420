// Accessibility: axe-core (WCAG 2.0/2.1/2.2 A and AA rules, colour contrast included) on every
// main view and dialog in the light and the dark theme, and a keyboard-only walk through the
// sidebar, the VM table, a VM's page tabs and a dialog. The app's CSP allows no inline script, so
// axe's source goes in through page.evaluate (DevTools evaluation is not subject to the CSP).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { openApp, rowNames, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations'],
};

let devhost: RunningDevHost;
let lab: Lab;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  lab = await startLab([
    { name: 'web-frontend', vcpus: 2, memoryMiB: 2048, title: 'Public web server' },
    { name: 'db-primary', vcpus: 4, memoryMiB: 4096 },
    { name: 'build-box', vcpus: 1 },
  ]);
  lab.virsh('start', 'web-frontend');
  // Group and tags (tag chips in the table, group headers when grouping), as virsh would set them.
  lab.virsh('metadata', 'db-primary', '--uri', 'https://virtdeck.org/xmlns/vm/1', '--key', 'virtdeck', '--config', '--set', '<vm><group>Db</group><tag>prod</tag><tag>eu-1</tag></vm>');
  lab.virsh('snapshot-create-as', 'db-primary', 'before-upgrade', 'taken before the upgrade');
  lab.virsh('snapshot-create-as', 'db-primary', 'after-upgrade');
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

interface Found {
  view: string;
  rule: string;
  impact: string;
  help: string;
  target: string;
  summary: string;
}

/** Runs axe on the whole page; one entry per offending node. */
async function axe(page: Page, view: string): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (options) => (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<AxeResults> } }).axe.run(document, options),
    AXE_OPTIONS,
  );
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => ({ view, rule: v.id, impact: v.impact ?? '', help: v.help, target: n.target.join(' '), summary: n.failureSummary ?? '' })),
  );
}

/** Violations grouped by rule, then by node (a node seen in several views is listed once, with the views). */
function report(found: Found[]): string {
  const rules = new Map<string, Map<string, { summary: string; views: string[] }>>();
  for (const f of found) {
    const key = `${f.rule} (${f.impact}): ${f.help}`;
    const nodes = rules.get(key) ?? new Map<string, { summary: string; views: string[] }>();
    rules.set(key, nodes);
    const node = nodes.get(f.target) ?? { summary: f.summary, views: [] };
    nodes.set(f.target, node);
    if (!node.views.includes(f.view)) node.views.push(f.view);
  }
  return [...rules]
    .map(([rule, nodes]) =>
      [rule, ...[...nodes].map(([target, n]) => `  - ${target}   [${n.views.join(', ')}]\n      ${n.summary.replace(/\n/g, '\n      ')}`)].join('\n'),
    )
    .join('\n\n');
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.getByTestId(`theme-${theme}`).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function vmPage(page: Page, tab: Locator, id: string) {
  await tab.getByTestId(`vm-page-${id}`).click();
  await expect(tab.getByTestId(`vm-page-${id}`)).toHaveAttribute('aria-selected', 'true');
}

for (const theme of ['light', 'dark'] as const) {
  test(`no axe violations in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    const found: Found[] = [];
    await openApp(page, devhost.url, 'Lab');
    await setTheme(page, theme);

    // Manager view: the VM table with rows, one selected (bulk bar shown).
    await expect(page.getByTestId('vm-row-web-frontend')).toBeVisible();
    await page.getByTestId('vm-row-db-primary').click();
    await expect(page.getByTestId('vm-row-db-primary').getByTestId('vm-tag')).toHaveText(['eu-1', 'prod']);
    found.push(...(await axe(page, 'manager')));
    await page.getByTestId('group-by').selectOption('group');
    await expect(page.getByTestId('vm-group-header').first()).toBeVisible();
    found.push(...(await axe(page, 'manager, grouped')));
    await page.getByTestId('group-by').selectOption('none');
    // A filter that matches nothing: the message is not inside the grid, and the shown count is a
    // live region that exists before, during and after filtering.
    const shown = page.getByTestId('vm-shown');
    await expect(shown).toHaveAttribute('role', 'status');
    await expect(shown).toHaveText('');
    await page.getByTestId('filter-text').fill('nothing-like-this');
    await expect(page.getByTestId('empty-vms')).toContainText('No VMs match the filter');
    await expect(page.getByTestId('vm-table').getByTestId('empty-vms')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: '0 shown' })).toHaveText('· 0 shown');
    found.push(...(await axe(page, 'manager, no match')));
    await page.getByTestId('filter-text').fill('');
    await expect(shown).toHaveText('');
    await expect(shown).toHaveAttribute('role', 'status');
    await page.getByTestId('vm-row-db-primary').click({ button: 'right' });
    await expect(page.getByTestId('vm-context-menu')).toBeVisible();
    found.push(...(await axe(page, 'vm context menu')));
    await page.getByTestId('menu-delete').click();
    await expect(page.getByTestId('vm-delete-dialog')).toBeVisible();
    found.push(...(await axe(page, 'delete vm dialog')));
    await page.keyboard.press('Escape');
    await page.getByTestId('vm-row-db-primary').click({ button: 'right' });
    await page.getByTestId('menu-clone').click();
    await expect(page.getByTestId('vm-clone-dialog')).toBeVisible();
    found.push(...(await axe(page, 'clone vm dialog')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('vm-clone-dialog')).toBeHidden();

    // Dashboard, after a few stats ticks in its charts.
    await page.getByTestId('tab-dashboard').click();
    await expect(page.getByTestId('dash-host-Lab')).toBeVisible();
    await page.waitForTimeout(2500);
    found.push(...(await axe(page, 'dashboard')));
    // Each chart canvas is an image named by a text summary of what it shows.
    const dashCharts = page.getByTestId('dash-host-Lab').getByTestId('chart-canvas');
    await expect(dashCharts).toHaveCount(3);
    await expect(dashCharts.nth(0)).toHaveAttribute('aria-label', /^CPU % over the last 10 min: /); // the test driver reports no host CPU
    await expect(dashCharts.nth(2)).toHaveAttribute('aria-label', /^Running VMs over the last 10 min: \d+ now, peak \d+$/);

    // A VM's details, page by page.
    await page.getByTestId('tab-all').click();
    await page.getByTestId('vm-row-db-primary').dblclick();
    const vm = page.getByTestId('vm-tab-db-primary');
    await expect(vm.getByTestId('ov-state')).toBeVisible();
    found.push(...(await axe(page, 'vm overview')));
    await vmPage(page, vm, 'performance');
    await expect(vm.getByTestId('perf-chart-cpu').getByTestId('chart-canvas')).toHaveAttribute('aria-label', /^CPU over the last 1 min: of its vCPUs .+; of host .+$/);
    found.push(...(await axe(page, 'vm performance')));
    await vmPage(page, vm, 'hardware');
    await expect(vm.getByTestId('hw-item-cpu')).toBeVisible();
    found.push(...(await axe(page, 'vm hardware')));
    await vmPage(page, vm, 'snapshots');
    await expect(vm.getByTestId('snapshot-row-after-upgrade')).toBeVisible();
    await vm.getByTestId('snapshot-row-before-upgrade').click();
    await expect(vm.getByTestId('snapshot-details')).toBeVisible();
    found.push(...(await axe(page, 'vm snapshots')));
    await vm.getByTestId('snapshot-create').click();
    await expect(page.getByTestId('snapshot-create-dialog')).toBeVisible();
    found.push(...(await axe(page, 'take snapshot dialog')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('snapshot-create-dialog')).toBeHidden();
    await vmPage(page, vm, 'xml');
    await expect(vm.getByTestId('xml-editor-content')).toContainText('<name>db-primary</name>');
    found.push(...(await axe(page, 'vm xml')));

    // The host's details: overview, networks (with leases), storage (with volumes).
    await page.getByTestId('host-Lab').hover();
    await page.getByTestId('host-Lab').getByTestId('host-details').click();
    const host = page.getByTestId('host-tab-Lab');
    await expect(host.getByTestId('host-overview')).toBeVisible();
    found.push(...(await axe(page, 'host overview')));
    await host.getByTestId('host-page-networks').click();
    await host.getByTestId('net-row-default').click();
    await expect(host.getByTestId('net-leases')).toBeVisible();
    found.push(...(await axe(page, 'host networks')));
    await host.getByTestId('net-new').click();
    await page.getByTestId('network-wizard').getByTestId('net-address').fill('192.168.122.9');
    await expect(page.getByTestId('net-address-error')).toBeVisible();
    found.push(...(await axe(page, 'network wizard')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('network-wizard')).toBeHidden();
    await host.getByTestId('host-page-storage').click();
    await host.getByTestId('pool-row-default-pool').click();
    await expect(host.getByTestId('volumes')).toBeVisible();
    found.push(...(await axe(page, 'host storage')));
    await host.getByTestId('pool-new').click();
    await expect(page.getByTestId('pool-name')).toBeVisible();
    found.push(...(await axe(page, 'new pool dialog')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pool-name')).toBeHidden();

    // Dialogs and panels.
    await page.getByTestId('host-Lab').hover();
    await page.getByTestId('host-Lab').getByTestId('host-remove').click();
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    found.push(...(await axe(page, 'confirm dialog')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('confirm-dialog')).toBeHidden();

    await page.getByTestId('jobs-button').click();
    await expect(page.getByTestId('jobs-panel')).toBeVisible();
    found.push(...(await axe(page, 'jobs panel')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('jobs-panel')).toBeHidden();

    await page.getByTestId('add-connection').click();
    const add = page.getByTestId('add-connection-dialog');
    await expect(add).toBeVisible();
    found.push(...(await axe(page, 'add connection')));
    await add.getByTestId('conn-tab-ssh').click();
    await add.getByTestId('conn-submit').click();
    await expect(add.getByText('Enter a host name or address')).toBeVisible();
    found.push(...(await axe(page, 'add connection (ssh, errors)')));
    await page.keyboard.press('Escape');
    await expect(add).toBeHidden();

    await page.getByTestId('open-preferences').click();
    await expect(page.getByTestId('pref-interval')).toBeVisible();
    found.push(...(await axe(page, 'preferences')));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('preferences-dialog')).toBeHidden();

    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('palette-input')).toBeFocused();
    found.push(...(await axe(page, 'command palette')));
    await page.keyboard.press('Escape');

    expect(found.length, `axe found violations in the ${theme} theme:\n\n${report(found)}\n`).toBe(0);
    expect(errors).toEqual([]);
  });
}

/** Presses Tab (Shift+Tab when `back`) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, back = false, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `not reached with ${back ? 'Shift+Tab' : 'Tab'}`).toBeFocused({ timeout: 1 });
}

/** Presses `key` and expects the page tab `id` of `scope` to be focused and selected. */
async function pageKey(page: Page, scope: Locator, key: string, id: string) {
  await page.keyboard.press(key);
  const tab = scope.getByTestId(id);
  await expect(tab).toBeFocused();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

test('keyboard only: sidebar, theme, host pages, tab strip, VM table, VM pages, a dialog', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');

  // Sidebar: Enter on the host filters the table to it and back; its details button (shown when
  // focused) opens the host's tab.
  const item = page.getByTestId('host-Lab');
  const hostButton = item.getByRole('button', { name: /^Lab,/ });
  await tabTo(page, hostButton);
  await page.keyboard.press('Enter');
  await expect(hostButton).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('filter-host')).not.toHaveValue('');
  await page.keyboard.press('Enter');
  await expect(hostButton).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('filter-host')).toHaveValue('');
  await page.keyboard.press('Tab');
  await expect(item.getByTestId('host-details')).toBeFocused();
  await expect(item.locator('.host__actions')).toHaveCSS('opacity', '1');
  await page.keyboard.press('Enter');
  const host = page.getByTestId('host-tab-Lab');
  await expect(host.getByTestId('host-overview')).toBeVisible();

  // Theme: a radio group, one Tab stop, arrows choose (and wrap). It starts where the last test
  // left it (the theme is a saved setting).
  const order = ['system', 'light', 'dark'] as const;
  const checked = page.getByTestId('theme-toggle').getByRole('radio', { checked: true });
  await tabTo(page, checked);
  let at = order.indexOf((await checked.getAttribute('data-value')) as (typeof order)[number]);
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowLeft']) {
    at = (at + (key === 'ArrowRight' ? 1 : -1) + order.length) % order.length;
    await page.keyboard.press(key);
    const radio = page.getByTestId(`theme-${order[at]}`);
    await expect(radio).toBeFocused();
    await expect(radio).toHaveAttribute('aria-checked', 'true');
    if (order[at] !== 'system') await expect(page.locator('html')).toHaveAttribute('data-theme', order[at]!);
  }

  // The host's page tabs: arrows, Home/End; the panel follows.
  await tabTo(page, host.getByTestId('host-page-overview'));
  await pageKey(page, host, 'ArrowRight', 'host-page-networks');
  await expect(host.getByTestId('net-table')).toBeVisible();
  await pageKey(page, host, 'ArrowRight', 'host-page-storage');
  await expect(host.getByTestId('pool-table')).toBeVisible();
  await pageKey(page, host, 'Home', 'host-page-overview');
  await expect(host.getByTestId('host-overview')).toBeVisible();

  // The tab strip, backwards from the page: ArrowLeft goes to "All VMs".
  const strip = page.getByTestId('tab-strip');
  await tabTo(page, page.getByTestId('tab-host-Lab').getByRole('tab'), true);
  await page.keyboard.press('ArrowLeft');
  await expect(strip.getByTestId('tab-all')).toBeFocused();
  await expect(strip.getByTestId('tab-all')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('vm-table')).toBeVisible();

  // Tag chips in the rows are mouse shortcuts outside the tab order: the "All tags" filter, a Tab
  // stop before the table, offers the same tags and does the same.
  const tagFilter = page.getByTestId('filter-tag');
  await tabTo(page, tagFilter);
  const chips = await page.getByTestId('vm-row-db-primary').getByTestId('vm-tag').allTextContents();
  expect(chips).toEqual(['eu-1', 'prod']);
  for (const t of chips) await expect(tagFilter.locator(`option[value="${t}"]`)).toHaveText(`#${t}`);
  await tagFilter.selectOption('prod');
  await expect(page.getByTestId('vm-shown')).toHaveText('· 1 shown');
  expect(await rowNames(page)).toEqual(['db-primary']);
  await tagFilter.selectOption('');
  await expect(page.getByTestId('vm-shown')).toHaveText('');

  // The VM table, a grid: its aria-activedescendant is the name cell of the cursor's row (the row
  // holds the selection). Home, arrows to a VM; what the live cells' tooltips say (memory used of
  // total, read/write split) is the active cell's description, built when it became active; only
  // that cell has one. Space selects, Shift+F10 opens the menu at the row, Enter opens the VM and
  // the focus goes to its tab.
  const table = page.getByTestId('vm-table');
  const activeCell = async () => {
    const id = await table.getAttribute('aria-activedescendant');
    expect(id, 'the grid names an active descendant').toBeTruthy();
    const cell = page.locator(`[id="${id}"]`);
    await expect(cell, `#${id} exists`).toHaveCount(1);
    await expect(cell).toHaveAttribute('role', 'gridcell');
    return cell;
  };
  const activeRow = async () => (await activeCell()).evaluate((el) => el.closest('[role=row]')?.getAttribute('data-testid'));
  const cursorTo = async (name: string) => {
    await page.keyboard.press('Home');
    for (let i = 0; i < 10 && (await activeRow()) !== `vm-row-${name}`; i++) await page.keyboard.press('ArrowDown');
    expect(await activeRow()).toBe(`vm-row-${name}`);
    return activeCell();
  };
  await tabTo(page, table);
  await page.keyboard.press('Home');
  const first = (await rowNames(page))[0]!;
  await expect(await activeCell()).toHaveAccessibleName(new RegExp(`^${first}\\b`));

  let cell = await cursorTo('web-frontend');
  await expect(cell).toHaveAccessibleName('web-frontend Public web server');
  await expect(cell).toHaveAccessibleDescription(/^running; CPU .+; 2 vCPUs; memory 2\.0 GiB(, .+ used of .+)?; disk read .+, write .+; network in .+, out .+; host Lab$/);
  await expect(page.getByTestId('vm-grid-body').locator('[aria-describedby]')).toHaveCount(1);

  cell = await cursorTo('db-primary');
  await expect(cell).toHaveAccessibleName('db-primary eu-1 prod');
  await expect(cell).toHaveAccessibleDescription('shutoff; 4 vCPUs; memory 4.0 GiB; host Lab');
  await expect(page.getByTestId('vm-grid-body').locator('[aria-describedby]')).toHaveCount(1);
  const dbRow = page.getByTestId('vm-row-db-primary');
  await page.keyboard.press(' ');
  await expect(dbRow).toHaveAttribute('aria-selected', 'true');
  await expect(cell).not.toHaveAttribute('aria-selected');
  await page.keyboard.press('Shift+F10');
  const menu = page.getByTestId('vm-context-menu');
  await expect(menu).toBeVisible();
  const [rowBox, menuBox] = [await dbRow.boundingBox(), await menu.boundingBox()];
  expect(Math.abs(menuBox!.x - (rowBox!.x + 40))).toBeLessThan(2);
  expect(Math.abs(menuBox!.y - (rowBox!.y + rowBox!.height - 4))).toBeLessThan(2);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(table).toBeFocused();
  await page.keyboard.press('Enter');
  const vm = page.getByTestId('vm-tab-db-primary');
  await expect(vm.getByTestId('ov-state')).toBeVisible();
  const vmTab = page.getByTestId('tab-vm-db-primary').getByRole('tab');
  await expect(vmTab).toBeFocused();
  await expect(vmTab).toHaveAttribute('aria-selected', 'true');

  // The VM's page tabs.
  await tabTo(page, vm.getByTestId('vm-page-overview'));
  await pageKey(page, vm, 'ArrowRight', 'vm-page-performance');
  await pageKey(page, vm, 'ArrowRight', 'vm-page-hardware');
  await expect(vm.getByTestId('hw-item-cpu')).toBeVisible();
  await pageKey(page, vm, 'End', 'vm-page-xml');
  await expect(vm.getByTestId('xml-editor-content')).toBeVisible();
  await pageKey(page, vm, 'ArrowRight', 'vm-page-overview'); // wraps around
  await pageKey(page, vm, 'ArrowLeft', 'vm-page-xml');
  await pageKey(page, vm, 'ArrowLeft', 'vm-page-snapshots');
  await expect(vm.getByTestId('snapshot-row-before-upgrade')).toBeVisible();

  // A dialog: Enter opens it with the focus inside, Tab stays inside, Escape closes it and the
  // focus is back on the button that opened it. Same for the command palette.
  const create = vm.getByTestId('snapshot-create');
  await tabTo(page, create);
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('snapshot-create-dialog');
  await expect(dialog.getByTestId('snapshot-name')).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(create).toBeFocused();
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('palette-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette')).toBeHidden();
  await expect(create).toBeFocused();

  // Delete on a tab closes it; the focus goes to the tab shown next.
  await tabTo(page, vmTab, true);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('tab-vm-db-primary')).toHaveCount(0);
  const hostTab = page.getByTestId('tab-host-Lab').getByRole('tab');
  await expect(hostTab).toBeFocused();
  await expect(hostTab).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

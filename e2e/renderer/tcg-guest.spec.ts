// A real QEMU (TCG) guest on qemu:///system, driven from the UI: start it, ask it to shut down,
// force it off. The tiny test guest boots a kernel but runs no ACPI daemon, so it ignores the
// shutdown request: the test checks libvirt accepted it and the guest kept running, then forces it
// off — which is also what a user does with such a guest.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { QEMU_URI, tinyGuestXml } from '../../electron/core/testing/tiny-guest';
import { distinctColours, openApp, waitFor, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';

const NAME = `vdtest-ui-tcg-${process.pid}`;
const virsh = (...a: string[]) => execFileSync('virsh', ['-c', QEMU_URI, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const quiet = (...a: string[]) => {
  try {
    virsh(...a);
  } catch {
    /* already gone */
  }
};
const cpuTime = () => Number(/cpu\.time=(\d+)/.exec(virsh('domstats', NAME, '--cpu-total'))?.[1] ?? 0);

let devhost: RunningDevHost;

test.beforeAll(async () => {
  const file = `/tmp/${NAME}.xml`;
  writeFileSync(file, tinyGuestXml({ name: NAME }));
  virsh('define', file);
  devhost = await startDevHost({ Local: QEMU_URI });
});
test.afterAll(async () => {
  await devhost?.stop();
  quiet('destroy', NAME);
  quiet('undefine', NAME);
});

test('start a TCG guest, request shutdown, force it off', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Local');
  const row = page.getByTestId(`vm-row-${NAME}`);
  const state = row.getByTestId('vm-state');
  await expect(state).toHaveText('shutoff');
  // Nothing live for a stopped guest: its CPU cell (under the live canvas) is blank.
  const cpuCell = row.getByTestId('vm-cpu');
  expect(await distinctColours(page, cpuCell)).toBeLessThanOrEqual(3);

  await row.click({ button: 'right' });
  await page.getByTestId('menu-start').click();
  await expect(state).toHaveText('running');
  expect(virsh('domstate', NAME)).toBe('running');
  // It really runs: QEMU burns guest CPU time while the kernel boots.
  const t0 = cpuTime();
  await waitFor(() => cpuTime() > t0 + 200_000_000, 'the guest to use CPU', 30_000);
  // The live canvas paints its sparkline and CPU % (antialiased line and text: many colours), and
  // the cursor row's description for screen readers says the same in words.
  await expect.poll(() => distinctColours(page, cpuCell), { timeout: 15_000 }).toBeGreaterThan(12);
  await row.click();
  await expect(page.getByTestId('vm-table')).toHaveAttribute('aria-activedescendant', /.+/);
  const described = await row.getByTestId('vm-name').evaluate((el) => {
    const cell = el.closest('[role=gridcell]')!;
    return document.getElementById(cell.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
  });
  expect(described).toMatch(/^running; CPU \d+(\.\d)? %; 1 vCPU/);

  await row.click({ button: 'right' });
  await page.getByTestId('menu-shutdown').click();
  await expect(page.getByTestId('toast-success').last()).toContainText(NAME);
  await page.waitForTimeout(3000);
  expect(virsh('domstate', NAME)).toBe('running'); // no ACPI daemon in the tiny guest

  await row.click({ button: 'right' });
  await page.getByTestId('menu-force-off').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
  await expect(state).toHaveText('shutoff');
  expect(virsh('domstate', NAME)).toBe('shut off');
  expect(errors).toEqual([]);
});

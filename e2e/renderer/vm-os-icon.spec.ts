// The VM table's icon column: the guest OS libosinfo recorded in each domain's <metadata> (as
// virt-install writes it), drawn with the VM's state and named for screen readers ("Debian 12,
// running"); it follows changes made outside Virtdeck (virsh metadata, start) live.
import { expect, test } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

const NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

let devhost: RunningDevHost;
let lab: Lab;

/** What virt-manager does when the OS is set: the libosinfo element in <metadata>. */
const setOs = (vm: string, id: string) =>
  lab.virsh('metadata', vm, '--uri', NS, '--key', 'libosinfo', '--config', ...(lab.domstate(vm) === 'running' ? ['--live'] : []), '--set', `<libosinfo><os id="${id}"/></libosinfo>`);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await startLab([{ name: 'os-debian' }, { name: 'os-win' }, { name: 'os-none' }]);
  lab.virsh('start', 'os-win');
  setOs('os-debian', 'http://debian.org/debian/12');
  setOs('os-win', 'http://microsoft.com/win/11');
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

test('each VM row shows its OS and state in one named icon', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  expect(lab.virsh('metadata', 'os-debian', '--uri', NS)).toContain('http://debian.org/debian/12');

  const debian = page.getByTestId('vm-row-os-debian').getByRole('img', { name: /Debian/ });
  await expect(debian).toBeVisible();
  await expect(debian).toHaveAccessibleName('Debian 12, shutoff');
  await expect(debian).toHaveAttribute('data-glyph', 'debian');
  await expect(page.getByTestId('vm-row-os-win').getByRole('img', { name: 'Windows 11, running' })).toHaveAttribute('data-glyph', 'windows');
  await expect(page.getByTestId('vm-row-os-none').getByTestId('vm-os-icon')).toHaveAccessibleName('Unknown OS, shutoff');
  // The test driver's own VM has no metadata either.
  await expect(page.getByTestId('vm-row-test').getByTestId('vm-os-icon')).toHaveAccessibleName('Unknown OS, running');
  // The icon sits in the row's icon gridcell.
  await expect(page.getByTestId('vm-row-os-debian').getByRole('gridcell').nth(1).getByRole('img')).toHaveAccessibleName(/^Debian 12/);

  await page.getByTestId('vm-row-os-debian').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/vm-os-icons.png' });

  // The search box finds VMs by their OS too.
  await page.getByTestId('filter-text').fill('windows');
  await expect(page.getByTestId('vm-row-os-win')).toBeVisible();
  await expect(page.getByTestId('vm-row-os-debian')).toHaveCount(0);
  await page.getByTestId('filter-text').fill('debian 12');
  await expect(page.getByTestId('vm-row-os-debian')).toBeVisible();
  await expect(page.getByTestId('vm-row-os-win')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the icon follows the state and OS changes made outside Virtdeck', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost.url, 'Lab');
  const debian = page.getByTestId('vm-row-os-debian').getByTestId('vm-os-icon');
  await expect(debian).toHaveAccessibleName('Debian 12, shutoff');

  lab.virsh('start', 'os-debian');
  await expect(debian).toHaveAccessibleName('Debian 12, running');

  // Reinstalled as FreeBSD (virsh metadata: a metadata-change event, no reload).
  setOs('os-debian', 'http://freebsd.org/freebsd/14.0');
  await expect(debian).toHaveAccessibleName('FreeBSD 14.0, running');
  await expect(debian).toHaveAttribute('data-glyph', 'bsd');

  // Metadata removed: back to the generic monitor.
  lab.virsh('metadata', 'os-none', '--uri', NS, '--config', '--remove');
  setOs('os-none', 'http://ubuntu.com/ubuntu/24.04');
  const none = page.getByTestId('vm-row-os-none').getByTestId('vm-os-icon');
  await expect(none).toHaveAccessibleName('Ubuntu 24.04 LTS, shutoff');
  lab.virsh('metadata', 'os-none', '--uri', NS, '--config', '--remove');
  await expect(none).toHaveAccessibleName('Unknown OS, shutoff');
  await expect(none).toHaveAttribute('data-glyph', 'other');

  // The overview names the recorded OS when no guest agent answers.
  await page.getByTestId('vm-row-os-win').dblclick();
  await expect(page.getByTestId('vm-tab-os-win').getByTestId('ov-os')).toHaveText('Windows 11');
  expect(errors).toEqual([]);
});

// SASL (libvirt's own auth) from the UI: a private libvirtd whose TLS listener on 127.0.0.1 wants
// SCRAM-SHA-256 (its own Cyrus config and sasldb, as the SASL integration test sets up), added
// through the add-connection dialog. The credentials dialog names the host and the mechanism, and
// asks for a missing user name only after a try; cancelling leaves the host unconnected saying
// why; a wrong password is explained and asked again; the right one connects and lists the host's
// VMs. Needs root, libvirtd, openssl, saslpasswd2 (sasl2-bin) and libsasl2-modules: skipped,
// loudly, without them.
import { rmSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { connect, type LibvirtClient } from '../../electron/libvirt';
import {
  isRoot,
  makePki,
  makeSaslConfig,
  missingBinaries,
  saslPluginsMissing,
  startLibvirtd,
  type LibvirtdFixture,
  type Pki,
  type SaslFixture,
} from '../../electron/libvirt/transport/testing/fixtures';
import { domainXml } from '../support/lab';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';

const USER = 'user';
const PASSWORD = 'pencil';

const missing = isRoot() ? [...missingBinaries('SASL e2e test', ['libvirtd', 'openssl', 'saslpasswd2']), ...saslPluginsMissing()] : ['root'];
if (missing.length) console.warn(`\n!!!! SKIPPING SASL e2e test: missing ${missing.join(', ')} !!!!\n`);

let pki: Pki | undefined;
let sasl: SaslFixture | undefined;
let daemon: LibvirtdFixture | undefined;
/** Our own authenticated connection: keeps the daemon's test:///default (and what we define) alive. */
let holder: LibvirtClient | undefined;
let devhost: RunningDevHost | undefined;
let uri: string;

test.describe.configure({ mode: 'serial' });
test.skip(missing.length > 0, `needs ${missing.join(', ')}`);

test.beforeAll(async () => {
  pki = makePki();
  sasl = makeSaslConfig('scram-sha-256', { [USER]: PASSWORD });
  daemon = await startLibvirtd(pki, { authTls: 'sasl', env: sasl.env });
  uri = `test+tls://127.0.0.1:${daemon.tlsPort}/default?pkipath=${pki.goodPkiPath}`;
  holder = await connect(uri, { sasl: { askCredentials: () => ({ username: USER, password: PASSWORD }) }, timeoutMs: 15_000 });
  await holder.call('DOMAIN_DEFINE_XML', { xml: domainXml({ name: 'sasl-web', vcpus: 2 }) });
  devhost = await startDevHost({ 'Test driver': 'test+unix:///default' });
});
test.afterAll(async () => {
  await devhost?.stop();
  holder?.destroy();
  await daemon?.stop();
  sasl?.cleanup();
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

/** The credentials dialog, checked to name the host and the mechanism. */
async function credentialsDialog(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Log in to libvirt on 127.0.0.1' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('data-testid', 'auth-prompt');
  await expect(dialog.getByTestId('auth-mechanism')).toHaveText('SCRAM-SHA-256');
  await expect(dialog).toContainText('SASL Lab asks for a libvirt (SASL) login');
  return dialog;
}

test('cancelling the SASL prompt of a new connection leaves it unconnected, saying why', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, devhost!.url, 'Test driver');

  await page.getByTestId('add-connection').click();
  const add = page.getByTestId('add-connection-dialog');
  await add.getByTestId('conn-tab-custom').click();
  await add.getByTestId('custom-uri').fill(uri);
  await add.getByTestId('conn-name').fill('SASL Lab');
  await add.getByTestId('conn-submit').click();
  await expect(add).toBeHidden();

  const host = page.getByTestId('host-SASL Lab');
  const dialog = await credentialsDialog(page);
  await expect(host.getByTestId('host-state')).toHaveText('needs-auth');
  await expect(host.getByTestId('host-detail')).toHaveText('Waiting for you: SASL login for 127.0.0.1');
  await expect(dialog.getByTestId('auth-previous-error')).toHaveCount(0);
  const user = dialog.getByTestId('auth-username');
  await expect(user).toBeFocused();

  // The user name is not marked invalid before a try, and Log in is always enabled: logging in
  // without one explains what is missing, in the field's description, and sends nothing.
  await expect(user).not.toHaveAttribute('aria-invalid', 'true');
  await expect(user).not.toHaveAttribute('aria-describedby');
  await expect(dialog.getByTestId('auth-username-error')).toHaveCount(0);
  await expect(dialog.getByTestId('auth-submit')).toBeEnabled();
  await dialog.getByTestId('auth-submit').click();
  await expect(dialog.getByTestId('auth-username-error')).toHaveText('Enter a user name');
  await expect(user).toHaveAttribute('aria-invalid', 'true');
  await expect(user).toHaveAccessibleDescription('Enter a user name');
  await expect(user).toBeFocused();
  await expect(dialog).toBeVisible();
  await expect(host.getByTestId('host-state')).toHaveText('needs-auth');
  await user.fill(USER);
  await expect(user).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('auth-username-error')).toHaveCount(0);

  await dialog.getByTestId('auth-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(host.getByTestId('host-state')).toHaveText('failed');
  await expect(host.getByTestId('host-detail')).toHaveText('SASL authentication on 127.0.0.1 cancelled: no credentials were given');
  await expect(host.getByTestId('host-connect')).toHaveCount(1);
  // Nothing of that host is listed, and it does not ask again by itself.
  await expect(page.getByTestId('vm-row-sasl-web')).toHaveCount(0);
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('auth-prompt')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a wrong password is explained and asked again; the right one connects and lists the VMs', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(devhost!.url);
  const host = page.getByTestId('host-SASL Lab');
  await expect(host.getByTestId('host-state')).toHaveText('failed');
  await host.hover();
  await host.getByTestId('host-connect').click();

  let dialog = await credentialsDialog(page);
  await dialog.getByTestId('auth-username').fill(USER);
  await dialog.getByTestId('auth-secret').fill('not-the-password');
  await dialog.getByTestId('auth-submit').click();

  // Same dialog again, now with libvirt's refusal in our words; the user name is kept.
  dialog = await credentialsDialog(page);
  await expect(dialog.getByTestId('auth-previous-error')).toHaveText(
    "SASL SCRAM-SHA-256 authentication as 'user' on 127.0.0.1 failed: the daemon rejected the credentials (wrong user name or password, unknown user, or a user not in sasl_allowed_username_list)",
  );
  await expect(dialog.getByTestId('auth-previous-error')).toHaveAttribute('role', 'alert');
  await expect(dialog.getByTestId('auth-username')).toHaveValue(USER);
  await expect(dialog.getByTestId('auth-secret')).toHaveValue('');
  await expect(dialog.getByTestId('auth-secret')).toBeFocused();
  await expect(host.getByTestId('host-state')).toHaveText('needs-auth');

  await dialog.getByTestId('auth-secret').fill(PASSWORD);
  await dialog.getByTestId('auth-submit').click();
  await expect(dialog).toBeHidden();
  await expect(host.getByTestId('host-state')).toHaveText('connected');

  // The host's VMs are what libvirt holds there.
  const { domains } = await holder!.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 });
  expect(domains.map((d) => d.name).sort()).toEqual(['sasl-web', 'test']);
  await expect(host.getByTestId('host-vm-count')).toHaveText(String(domains.length));
  const row = page.getByTestId('vm-row-sasl-web');
  await expect(row.getByTestId('vm-state')).toHaveText('shutoff');
  await expect(row.getByTestId('vm-vcpus')).toHaveText('2');
  await expect(row.getByRole('gridcell').last()).toHaveText('SASL Lab');
  expect(errors).toEqual([]);
});

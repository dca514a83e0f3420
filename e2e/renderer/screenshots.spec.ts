// Screenshots of the main views in the light and the dark theme, for review:
// test-results/screenshots/<view>-<theme>.png.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.beforeAll(async () => {
  lab = await startLab([
    { name: 'web-frontend', vcpus: 2, memoryMiB: 2048 },
    { name: 'db-primary', vcpus: 8, memoryMiB: 16384 },
    { name: 'ci-runner-01', vcpus: 4, memoryMiB: 4096 },
    { name: 'win11-desktop', vcpus: 4, memoryMiB: 8192 },
  ]);
  lab.virsh('start', 'web-frontend');
  lab.virsh('start', 'db-primary');
  lab.virsh('start', 'ci-runner-01');
  lab.virsh('suspend', 'ci-runner-01');
  devhost = await startDevHost({ 'Test driver': 'test+unix:///default', 'Lab (private)': lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

for (const theme of ['light', 'dark'] as const) {
  test(`views in the ${theme} theme`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 760 });
    await openApp(page, devhost.url, 'Lab (private)');
    await page.getByTestId(`theme-${theme}`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByTestId('vm-row-db-primary')).toBeVisible();
    await page.getByTestId('vm-row-web-frontend').getByTestId('vm-select').click();
    await page.getByTestId('vm-row-db-primary').getByTestId('vm-select').click();
    await shot(page, `vm-list-${theme}`);

    await page.getByTestId('vm-row-ci-runner-01').click({ button: 'right' });
    await shot(page, `context-menu-${theme}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('bulk-force-off').click();
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await shot(page, `confirm-${theme}`);
    await page.getByTestId('confirm-cancel').click();

    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    await expect(palette).toBeVisible();
    // The palette focuses its input once mounted; wait for that so Escape reaches it.
    await expect(palette.locator('input')).toBeFocused();
    await shot(page, `palette-${theme}`);
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();

    await page.getByTestId('add-connection').click();
    await page.getByTestId('conn-tab-ssh').click();
    await page.getByTestId('ssh-host').fill('kvm1.example.com');
    await page.getByTestId('ssh-user').fill('root');
    await shot(page, `add-connection-${theme}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('vm-row-db-primary').dblclick();
    const tab = page.getByTestId('vm-tab-db-primary');
    await expect(tab.getByTestId('ov-autostart')).toBeEnabled();
    await shot(page, `vm-overview-${theme}`);

    await tab.getByTestId('vm-page-xml').click();
    const editor = tab.getByTestId('xml-editor-content');
    await expect(editor).toContainText('<name>db-primary</name>');
    await shot(page, `vm-xml-${theme}`);
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.insertText('\n  <description>screenshot</description>');
    await tab.getByTestId('xml-apply').click();
    await expect(page.getByTestId('xml-diff-dialog')).toBeVisible();
    await shot(page, `xml-diff-${theme}`);
  });
}

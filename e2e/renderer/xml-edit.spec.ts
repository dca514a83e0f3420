// The XML page: a valid edit is reviewed as a diff and applied (virsh sees it); bad XML — ours
// or libvirt's refusal — is shown under the editor and libvirt's definition does not change.
import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from '../support/app';
import { startDevHost, type RunningDevHost } from '../support/devhost';
import { startLab, type Lab } from '../support/lab';

let devhost: RunningDevHost;
let lab: Lab;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  lab = await startLab([{ name: 'xml-1', vcpus: 2 }]);
  devhost = await startDevHost({ Lab: lab.uri });
});
test.afterAll(async () => {
  await devhost?.stop();
  await lab?.dispose();
});

async function openXml(page: Page) {
  await openApp(page, devhost.url, 'Lab');
  await page.getByTestId('vm-row-xml-1').dblclick();
  const tab = page.getByTestId('vm-tab-xml-1');
  await tab.getByTestId('vm-page-xml').click();
  const editor = tab.getByTestId('xml-editor-content');
  await expect(editor).toContainText('<name>xml-1</name>');
  return { tab, editor };
}

async function replaceText(page: Page, editor: import('@playwright/test').Locator, text: string) {
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}

test('a valid change is shown as a diff, then applied', async ({ page }) => {
  const errors = watchErrors(page);
  const { tab, editor } = await openXml(page);
  const before = lab.virsh('dumpxml', '--inactive', 'xml-1');
  const edited = before.replace('</name>', '</name>\n  <description>edited in Virtdeck</description>');
  await replaceText(page, editor, edited);
  await expect(tab.getByTestId('xml-dirty')).toBeVisible();
  await expect(page.getByTestId('tab-vm-xml-1')).toContainText('•');

  await tab.getByTestId('xml-apply').click();
  const diff = page.getByTestId('xml-diff-dialog');
  await expect(diff.getByTestId('xml-diff')).toContainText('<description>edited in Virtdeck</description>');
  await expect(diff.locator('.line--add')).toHaveCount(1);
  await diff.getByTestId('xml-diff-apply').click();
  await expect(diff).toBeHidden();
  await expect(page.getByTestId('toast-success')).toContainText('Applied XML changes to xml-1');
  await expect(tab.getByTestId('xml-dirty')).toBeHidden();
  expect(lab.virsh('dumpxml', '--inactive', 'xml-1')).toContain('<description>edited in Virtdeck</description>');
  expect(errors).toEqual([]);
});

test('malformed XML and XML libvirt refuses are rejected inline; nothing changes', async ({ page }) => {
  const { tab, editor } = await openXml(page);
  const before = lab.virsh('dumpxml', '--inactive', 'xml-1');

  await replaceText(page, editor, before.replace('</name>', '</nam>'));
  await tab.getByTestId('xml-apply').click();
  await page.getByTestId('xml-diff-apply').click();
  await expect(tab.getByTestId('xml-error')).toContainText('Not applied.');
  await expect(tab.getByTestId('xml-error')).toContainText('INVALID_XML');
  expect(lab.virsh('dumpxml', '--inactive', 'xml-1')).toBe(before);
  // The edit is kept for fixing.
  await expect(editor).toContainText('</nam>');

  // Well-formed, same UUID, but not a valid domain for libvirt.
  await replaceText(page, editor, before.replace(/<vcpu([^>]*)>\d+<\/vcpu>/, '<vcpu$1>many</vcpu>'));
  await tab.getByTestId('xml-apply').click();
  await page.getByTestId('xml-diff-apply').click();
  await expect(tab.getByTestId('xml-error')).toContainText(/VIR_ERR_|INVALID_XML/);
  expect(lab.virsh('dumpxml', '--inactive', 'xml-1')).toBe(before);

  // Leaving with unsaved changes asks first; Revert reloads what libvirt holds.
  await page.getByTestId('tab-vm-xml-1').getByTestId('tab-close').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('unsaved changes');
  await page.getByTestId('confirm-cancel').click();
  await tab.getByTestId('vm-page-overview').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Discard unsaved XML changes?');
  await page.getByTestId('confirm-cancel').click();
  await tab.getByTestId('xml-revert').click();
  await expect(tab.getByTestId('xml-dirty')).toBeHidden();
  await expect(tab.getByTestId('xml-error')).toBeHidden();
  await expect(editor).toContainText('<vcpu');
  await expect(editor).not.toContainText('many');
});

test('a running VM is told the change applies at next start', async ({ page }) => {
  lab.virsh('start', 'xml-1');
  const { tab, editor } = await openXml(page);
  const before = lab.virsh('dumpxml', '--inactive', 'xml-1');
  await replaceText(page, editor, before.replace('edited in Virtdeck', 'edited while running'));
  await tab.getByTestId('xml-apply').click();
  await expect(page.getByTestId('xml-diff-dialog')).toContainText('applies at its next start');
  await page.getByTestId('xml-diff-apply').click();
  await expect(tab.getByTestId('xml-needs-restart')).toBeVisible();
  expect(lab.virsh('dumpxml', '--inactive', 'xml-1')).toContain('edited while running');
});

// Page helpers shared by the renderer specs.
import { expect, type Locator, type Page } from '@playwright/test';

/** Collects page errors and console errors; assert it is empty at the end of a test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  return errors;
}

export async function openApp(page: Page, url: string, host: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId(`host-${host}`).getByTestId('host-state')).toHaveText('connected');
}

/** Names of the rendered VM rows, top to bottom. */
export async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId('vm-grid-body').getByTestId('vm-name').allTextContents();
}

export async function waitFor(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * How many distinct colours the screen shows over `target` (a screenshot of its box, decoded in
 * the page): what a canvas painted there, which the DOM cannot tell. A blank cell has one or two.
 */
export async function distinctColours(page: Page, target: Locator): Promise<number> {
  const png = (await target.screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const ctx = new OffscreenCanvas(img.width, img.height).getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = new Uint32Array(ctx.getImageData(0, 0, img.width, img.height).data.buffer);
    return new Set(px).size;
  }, png);
}

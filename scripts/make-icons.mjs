// Renders assets/icon.svg to the PNG sizes Linux desktops and electron-builder want, with Debian's
// Chromium (no native image library needed). Run after changing the SVG: node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const svg = await readFile(new URL('../assets/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('width="256" height="256"', `width="${size}" height="${size}"`)}</body></html>`,
    );
    await page.screenshot({ path: `assets/icons/${size}x${size}.png`, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}

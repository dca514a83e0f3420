import { defineConfig } from '@playwright/test';

// Browser tests of the real renderer bundle against the real core (through the dev host) in
// Debian's Chromium, plus the Electron launcher test where an Electron binary is installed.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'renderer', testDir: 'e2e/renderer', use: { browserName: 'chromium' } },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});

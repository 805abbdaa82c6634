import { defineConfig } from '@playwright/test'
import { findElectronBinary } from './scripts/lib/electron-binary.mjs'
import type { RuntimeOptions } from './e2e/fixtures/app'

/*
 * Two projects run the same specs: `browser` (the built renderer served on 127.0.0.1, in the system
 * Chromium — Playwright cannot download its own browsers here) and `electron` (the real desktop app via
 * _electron.launch), the latter only where the Electron binary is installed.
 */
const BROWSER_PORT = Number(process.env.WIRELITE_E2E_PORT || 41731)
const chromium = process.env.WIRELITE_CHROMIUM || '/usr/bin/chromium'
const electron = findElectronBinary()

export default defineConfig<RuntimeOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 30_000,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'browser', use: { runtime: 'browser', baseURL: `http://127.0.0.1:${BROWSER_PORT}/` } },
    ...(electron
      ? [{ name: 'electron', use: { runtime: 'electron' as const, electronPath: electron } }]
      : []),
  ],
  webServer: {
    // The same server `npm start` falls back to; the renderer must already be built (npm test builds it).
    command: `node scripts/start.mjs --browser --no-build --port ${BROWSER_PORT}`,
    url: `http://127.0.0.1:${BROWSER_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
  },
})

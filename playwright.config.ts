import { defineConfig } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { findElectronBinary } from './scripts/lib/electron-binary.mjs'
import type { RuntimeOptions } from './e2e/fixtures/app'

/*
 * Two projects run the same specs: `browser` (the built renderer served on 127.0.0.1, in the system
 * Chromium — Playwright cannot download its own browsers here) and `electron` (the real desktop app via
 * _electron.launch), the latter only where the Electron binary is installed.
 */
const BROWSER_PORT = Number(process.env.WIRELITE_E2E_PORT || 41731)
// Browser mode is `wirelite serve`, guarded by a token. The config is evaluated again in each worker
// process, so the token is chosen once here and handed down through the environment.
process.env.WIRELITE_SERVE_TOKEN ||= randomBytes(18).toString('base64url')
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
    {
      name: 'browser',
      use: {
        runtime: 'browser',
        baseURL: `http://127.0.0.1:${BROWSER_PORT}/`,
        serveToken: process.env.WIRELITE_SERVE_TOKEN,
      },
    },
    ...(electron
      ? [{ name: 'electron', use: { runtime: 'electron' as const, electronPath: electron } }]
      : []),
  ],
  webServer: {
    // Browser mode exactly as users get it (`wirelite serve`: renderer + engine over the token-guarded
    // WebSocket); the renderer and the CLI bundle must already be built (npm test builds both).
    command: `node out/cli/wirelite.mjs serve --port ${BROWSER_PORT}`,
    url: `http://127.0.0.1:${BROWSER_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
  },
})

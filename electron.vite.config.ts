import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/main/windows/security-policy'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
}
const version = JSON.stringify(pkg.version)

/** Writes the renderer's CSP into index.html from the one policy in security-policy.ts. */
function cspMeta(): Plugin {
  let dev = false
  return {
    name: 'wirelite-csp-meta',
    configResolved(config) {
      dev = config.command === 'serve'
    },
    transformIndexHtml(html) {
      return html.replace('__WIRELITE_CSP__', contentSecurityPolicy({ dev }))
    },
  }
}

export default defineConfig({
  main: {
    define: { __WIRELITE_VERSION__: version },
  },
  preload: {
    // A sandboxed preload cannot be an ES module: build it as CommonJS (out/preload/index.cjs).
    build: { lib: { entry: 'src/preload/index.ts', formats: ['cjs'] } },
  },
  renderer: {
    define: { __WIRELITE_VERSION__: version },
    plugins: [vue(), cspMeta()],
    build: {
      // No inline scripts or data: modules — the CSP forbids them.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  },
})

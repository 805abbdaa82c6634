import type { App } from 'vue'
import { watch } from 'vue'
import type { Pinia } from 'pinia'
import { createI18n, type LocaleMessages, type VueMessageType } from 'vue-i18n'
import { useUiStore, type Locale } from '../stores/ui'

/** One messages module per area: `export default { en: { <area>: {…} }, 'zh-CN': { <area>: {…} } }`. */
export type MessageModule = Record<Locale, Record<string, unknown>>

/** Merges every area's module; an area key defined twice is a mistake, so the later one is reported. */
export function mergeMessages(modules: Record<string, { default: MessageModule }>): MessageModule {
  const out: MessageModule = { en: {}, 'zh-CN': {} }
  for (const [path, mod] of Object.entries(modules)) {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [area, value] of Object.entries(mod.default[locale] ?? {})) {
        if (area in out[locale]) console.warn(`i18n: area "${area}" defined again in ${path}`)
        out[locale][area] = value
      }
    }
  }
  return out
}

const modules = import.meta.glob<{ default: MessageModule }>('./messages/*.ts', { eager: true })
export const messages = mergeMessages(modules)

/** vue-i18n in composition mode; the locale follows useUiStore().locale (persisted there). */
export function installI18n(app: App, pinia: Pinia): void {
  const ui = useUiStore(pinia)
  const i18n = createI18n({
    legacy: false,
    locale: ui.locale,
    fallbackLocale: 'en',
    // Missing keys fall back to English quietly in production; the key-parity unit test guards them.
    missingWarn: import.meta.env.DEV,
    fallbackWarn: import.meta.env.DEV,
    messages: messages as unknown as LocaleMessages<Record<string, VueMessageType>>,
  })
  watch(
    () => ui.locale,
    (l) => {
      i18n.global.locale.value = l
    },
  )
  app.use(i18n)
}

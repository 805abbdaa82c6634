import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { readPref, writePref } from './prefs'

export type ThemeSetting = 'system' | 'light' | 'dark'
export type Locale = 'en' | 'zh-CN'
export const LOCALES: readonly Locale[] = ['en', 'zh-CN']
export const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark']

const THEME_KEY = 'wirelite.theme'
const LOCALE_KEY = 'wirelite.locale'

function initialLocale(): Locale {
  const saved = readPref(LOCALE_KEY)
  if (saved === 'en' || saved === 'zh-CN') return saved
  // First start: follow the system language when it is Chinese, English otherwise.
  const nav = globalThis.navigator?.language ?? 'en'
  return /^zh\b/i.test(nav) ? 'zh-CN' : 'en'
}

function initialTheme(): ThemeSetting {
  const saved = readPref(THEME_KEY)
  return saved === 'light' || saved === 'dark' || saved === 'system' ? saved : 'system'
}

/** The palette actually shown: a forced choice, or the OS scheme for 'system'. */
export function effectiveTheme(setting: ThemeSetting, systemDark: boolean): 'light' | 'dark' {
  return setting === 'system' ? (systemDark ? 'dark' : 'light') : setting
}

/**
 * Window-level UI state: preferences (theme, language) and which overlay / pane is showing. Menus set
 * these flags; each overlay decides from them whether it is visible.
 */
export const useUiStore = defineStore('ui', () => {
  const theme = ref<ThemeSetting>(initialTheme())
  const locale = ref<Locale>(initialLocale())
  const conversationsOpen = ref(false)
  /** tcp.stream shown in the follow-stream state view; null = closed. */
  const streamView = ref<number | null>(null)
  const openDialogOpen = ref(false)
  const exportDialogOpen = ref(false)
  /** Which export the dialog was opened for: File ▸ Save As… (all packets) or Export Specified Packets…. */
  const exportMode = ref<'saveAs' | 'specified'>('specified')
  const captureDialogOpen = ref(false)
  const inspectorTab = ref<'details' | 'tcp'>('details')
  /** View ▸ Colouring legend. */
  const legendOpen = ref(false)
  /** Go ▸ Go to packet (Ctrl+G): the small frame-number input of the packet list. */
  const goToOpen = ref(false)

  // data-theme on <html> is the EFFECTIVE palette, 'light' or 'dark' (theme.css has each once): the
  // 'system' setting is resolved here with matchMedia, and a change of the OS scheme is followed live.
  // Only a choice is remembered: until then the language keeps following the system's.
  const darkQuery = globalThis.matchMedia?.('(prefers-color-scheme: dark)')
  const applyTheme = (): void => {
    if (typeof document === 'undefined') return
    document.documentElement.dataset.theme = effectiveTheme(theme.value, darkQuery?.matches ?? false)
  }
  const applyLocale = (l: Locale): void => {
    if (typeof document !== 'undefined') document.documentElement.lang = l
  }
  applyTheme()
  applyLocale(locale.value)
  darkQuery?.addEventListener?.('change', applyTheme)
  watch(theme, (t) => {
    writePref(THEME_KEY, t)
    applyTheme()
  })
  watch(locale, (l) => {
    writePref(LOCALE_KEY, l)
    applyLocale(l)
  })

  function setTheme(t: ThemeSetting): void {
    theme.value = t
  }
  /** system → light → dark → system. */
  function toggleTheme(): void {
    theme.value = THEMES[(THEMES.indexOf(theme.value) + 1) % THEMES.length]!
  }
  function setLocale(l: Locale): void {
    locale.value = l
  }
  function openStream(stream: number): void {
    streamView.value = stream
  }
  function closeStream(): void {
    streamView.value = null
  }

  return {
    theme,
    locale,
    conversationsOpen,
    streamView,
    openDialogOpen,
    exportDialogOpen,
    exportMode,
    captureDialogOpen,
    inspectorTab,
    legendOpen,
    goToOpen,
    setTheme,
    toggleTheme,
    setLocale,
    openStream,
    closeStream,
  }
})

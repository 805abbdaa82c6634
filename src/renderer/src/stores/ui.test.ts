import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'

/*
 * UI preferences: theme and language are remembered in localStorage and put on <html> (data-theme is
 * the effective palette, 'system' resolved through matchMedia; lang); the first start follows the
 * system language. (A stand-in localStorage and document: the
 * unit tests run in Node.)
 */
const store = new Map<string, string>()
const root = { dataset: {} as Record<string, string>, lang: '' }
vi.stubGlobal('localStorage', {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
})
vi.stubGlobal('document', { documentElement: root })

const { useUiStore } = await import('./ui')

beforeEach(() => {
  store.clear()
  root.dataset = {}
  root.lang = ''
  setActivePinia(createPinia())
})

describe('ui store', () => {
  it('starts with the system theme and puts the choice on <html>, remembered', async () => {
    const ui = useUiStore()
    expect(ui.theme).toBe('system')
    // No matchMedia here (Node): 'system' shows the light palette.
    expect(root.dataset.theme).toBe('light')
    ui.toggleTheme()
    await nextTick()
    expect(ui.theme).toBe('light')
    ui.toggleTheme()
    await nextTick()
    expect(ui.theme).toBe('dark')
    expect(root.dataset.theme).toBe('dark')
    expect(store.get('wirelite.theme')).toBe('dark')
    setActivePinia(createPinia())
    expect(useUiStore().theme).toBe('dark')
  })

  it("resolves 'system' with prefers-color-scheme and follows its changes", async () => {
    let listener: (() => void) | undefined
    const query = {
      matches: true,
      addEventListener: (_type: string, fn: () => void) => void (listener = fn),
    }
    const matchMedia = vi.fn(() => query)
    vi.stubGlobal('matchMedia', matchMedia)
    try {
      const ui = useUiStore()
      expect(matchMedia).toHaveBeenCalledWith('(prefers-color-scheme: dark)')
      expect(root.dataset.theme).toBe('dark')
      query.matches = false
      listener?.()
      expect(root.dataset.theme).toBe('light')
      // A forced choice ignores the OS scheme.
      ui.setTheme('dark')
      await nextTick()
      expect(root.dataset.theme).toBe('dark')
      query.matches = true
      ui.setTheme('light')
      await nextTick()
      listener?.()
      expect(root.dataset.theme).toBe('light')
      ui.setTheme('system')
      await nextTick()
      expect(root.dataset.theme).toBe('dark')
    } finally {
      vi.stubGlobal('matchMedia', undefined)
    }
  })

  it('follows a Chinese system language on first start, then the saved choice', async () => {
    vi.stubGlobal('navigator', { language: 'zh-TW' })
    expect(useUiStore().locale).toBe('zh-CN')
    expect(root.lang).toBe('zh-CN')
    setActivePinia(createPinia())
    vi.stubGlobal('navigator', { language: 'de-DE' })
    const ui = useUiStore()
    expect(ui.locale).toBe('en')
    ui.setLocale('zh-CN')
    await nextTick()
    expect(store.get('wirelite.locale')).toBe('zh-CN')
    setActivePinia(createPinia())
    expect(useUiStore().locale).toBe('zh-CN')
  })

  it('ignores a corrupt saved value', () => {
    store.set('wirelite.theme', 'purple')
    store.set('wirelite.locale', 'fr')
    vi.stubGlobal('navigator', { language: 'en-US' })
    const ui = useUiStore()
    expect(ui.theme).toBe('system')
    expect(ui.locale).toBe('en')
  })

  it('opens and closes the stream view', () => {
    const ui = useUiStore()
    ui.openStream(4)
    expect(ui.streamView).toBe(4)
    ui.closeStream()
    expect(ui.streamView).toBeNull()
  })
})

import { en, type MessageKey } from './catalog-en'
import { zhCN } from './catalog-zh-cn'

export type Lang = 'en' | 'zh-CN'
export const LANGS: readonly Lang[] = ['en', 'zh-CN']

/** A parameter is a plain value, or another message (e.g. a localized side name) formatted in place. */
export type MessageParam = string | number | Message
export interface Message {
  key: MessageKey
  params?: Readonly<Record<string, MessageParam>>
}

export const CATALOGS: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, 'zh-CN': zhCN }

/** Accepts the spellings users type: en, zh, zh-CN, zh_cn, zh-Hans … */
export function parseLang(s: string | undefined): Lang | null {
  if (!s) return 'en'
  const l = s.toLowerCase().replace('_', '-')
  if (l === 'en' || l.startsWith('en-')) return 'en'
  if (l === 'zh' || l === 'zh-cn' || l === 'zh-hans' || l === 'cn') return 'zh-CN'
  return null
}

/** Templates split once into literal text (even indexes) and parameter names (odd indexes). */
const compiled = new Map<string, string[]>()

function compile(template: string): string[] {
  let parts = compiled.get(template)
  if (!parts) {
    parts = template.split(/\{(\w+)\}/)
    compiled.set(template, parts)
  }
  return parts
}

/** Replace `{name}` placeholders. Unknown placeholders stay visible (`{name}`) so a missing param shows up. */
export function formatMessage(msg: Message, lang: Lang = 'en'): string {
  const template = CATALOGS[lang][msg.key] ?? en[msg.key] ?? msg.key
  const params = msg.params
  if (!params) return template
  const parts = compile(template)
  let out = parts[0]!
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!
    const v = params[name]
    out += v === undefined ? `{${name}}` : typeof v === 'object' ? formatMessage(v, lang) : String(v)
    out += parts[i + 1]!
  }
  return out
}

/** Placeholder names of a catalogue template, sorted (tests check en and zh-CN agree). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort()
}

const SIDES: readonly [Message, Message] = [{ key: 'side.client' }, { key: 'side.server' }]

/** The localized name of a side as a message param (shared constants: no allocation). */
export function sideMessage(side: 0 | 1): Message {
  return SIDES[side]
}

type Nested = { [k: string]: string | Nested }

/**
 * The catalogues as nested objects for vue-i18n (`createI18n({ messages: vueI18nMessages() })`):
 * vue-i18n reads dots in a key as a path, so 'ex.data' becomes { ex: { data } }. Params that are
 * messages (side names) must be formatted before they are passed to vue-i18n's t().
 */
export function vueI18nMessages(): Record<Lang, Nested> {
  const out = {} as Record<Lang, Nested>
  for (const lang of LANGS) {
    const root: Nested = {}
    for (const [key, value] of Object.entries(CATALOGS[lang])) {
      const parts = key.split('.')
      let node = root
      for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Nested
      node[parts[parts.length - 1]!] = value
    }
    out[lang] = root
  }
  return out
}

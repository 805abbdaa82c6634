import { en, type MessageKey } from './catalog-en'
import { formatMessage, type Lang } from './format'

/**
 * The catalogue key of a header field's explanation (TCP inspector). Field names are Wireshark's
 * (`tcp.options.mss_val`); in the catalogue the dots become underscores (`field.tcp_options_mss_val`)
 * because vue-i18n reads dots as paths and `tcp.flags` is also the prefix of `tcp.flags.syn`.
 */
export function fieldExplanationKey(field: string): MessageKey | null {
  const key = `field.${field.replaceAll('.', '_')}`
  return key in en ? (key as MessageKey) : null
}

/** The explanation of a header field in `lang`, or null when the catalogue has none. */
export function explainField(field: string, lang: Lang): string | null {
  const key = fieldExplanationKey(field)
  return key ? formatMessage({ key }, lang) : null
}

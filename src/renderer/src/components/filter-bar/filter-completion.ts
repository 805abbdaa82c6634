/**
 * Field-name completion for the filter box: which word the caret is in, and which field names of the
 * filter's own field table (src/shared/filter listFields) start with it. Pure, so the rules are tested.
 */

export interface CompletionItem {
  name: string
  description: string
}

export interface Completion {
  /** The word being completed: [start, end) in the text. */
  start: number
  end: number
  items: CompletionItem[]
}

const WORD = /[A-Za-z0-9_.]/
/** Before a value, not a field: comparison operators (symbols and words). */
const VALUE_BEFORE = /(==|!=|===|~=|<=|>=|<|>|\b(eq|ne|lt|gt|le|ge|contains|matches|in)\s*|&\s*)\s*$/i

/**
 * The completion at `caret`, or null when the caret is not at the end of a field-like word (inside a
 * quoted string, after an operator where a value goes, or on a number / address).
 */
export function completionAt(
  text: string,
  caret: number,
  fields: readonly CompletionItem[],
  limit = 12,
): Completion | null {
  if (caret < 0 || caret > text.length) return null
  // Inside a string literal: an odd number of unescaped quotes before the caret.
  let quotes = 0
  for (let i = 0; i < caret; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') quotes++
  }
  if (quotes % 2 === 1) return null
  let start = caret
  while (start > 0 && WORD.test(text[start - 1]!)) start--
  let end = caret
  while (end < text.length && WORD.test(text[end]!)) end++
  const word = text.slice(start, caret).toLowerCase()
  if (word === '' || !/^[a-z_]/.test(word)) return null
  if (VALUE_BEFORE.test(text.slice(0, start))) return null
  const items = fields.filter((f) => f.name.startsWith(word))
  // Exactly the word typed and nothing longer: nothing to offer.
  if (items.length === 0 || (items.length === 1 && items[0]!.name === word)) return null
  // Shorter names first (the protocol before its fields), then alphabetical.
  items.sort((a, b) => a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
  return { start, end, items: items.slice(0, limit) }
}

/** Put `name` in place of the completed word; returns the new text and where the caret goes. */
export function applyCompletion(
  text: string,
  completion: Pick<Completion, 'start' | 'end'>,
  name: string,
): { text: string; caret: number } {
  const out = text.slice(0, completion.start) + name + text.slice(completion.end)
  return { text: out, caret: completion.start + name.length }
}

import type { DetailNode, FrameDetails } from '../../../../shared/ipc/contract'
import { compileFilter } from '../../../../shared/filter/filter'

/**
 * Pure helpers over the details tree (src/shared/dissect): flattening the expanded part into rows for a
 * keyboard-navigable list, the node under a byte offset (hex → tree), and the "Apply as filter" text.
 *
 * Two identities: a node's PATH ("0.3.1", child indexes) names it in the current packet; its KIND key
 * (field names from the root, e.g. "tcp/tcp.flags") is what stays expanded across packets, like
 * Wireshark remembering expanded subtrees per protocol/field rather than per packet.
 */

export type NodePath = string

export function kindKey(node: DetailNode, parentKey: string): string {
  // Nodes without a field (expert items, link type) are keyed by their text before the value.
  const own = node.field ?? '~' + (node.label.split(':')[0] ?? node.label)
  return parentKey === '' ? own : `${parentKey}/${own}`
}

export interface VisibleRow {
  node: DetailNode
  path: NodePath
  key: string
  depth: number
  hasChildren: boolean
  expanded: boolean
  /** Path of the parent row ('' for a top-level layer). */
  parent: NodePath
}

/** Rows of the tree with every collapsed subtree left out, in display order. */
export function flattenVisible(
  tree: readonly DetailNode[],
  isExpanded: (key: string) => boolean,
): VisibleRow[] {
  const out: VisibleRow[] = []
  const walk = (nodes: readonly DetailNode[], prefix: string, parentKey: string, depth: number): void => {
    nodes.forEach((node, i) => {
      const path = prefix === '' ? String(i) : `${prefix}.${i}`
      const key = kindKey(node, parentKey)
      const hasChildren = (node.children?.length ?? 0) > 0
      const expanded = hasChildren && isExpanded(key)
      out.push({ node, path, key, depth, hasChildren, expanded, parent: prefix })
      if (expanded) walk(node.children!, path, key, depth + 1)
    })
  }
  walk(tree, '', '', 0)
  return out
}

export function nodeAtPath(tree: readonly DetailNode[], path: NodePath): DetailNode | null {
  if (path === '') return null
  let nodes: readonly DetailNode[] | undefined = tree
  let node: DetailNode | null = null
  for (const part of path.split('.')) {
    node = nodes?.[Number(part)] ?? null
    if (!node) return null
    nodes = node.children
  }
  return node
}

/** Kind keys of the node at `path` and of all its ancestors (to expand them so it becomes visible). */
export function ancestorKeys(tree: readonly DetailNode[], path: NodePath): string[] {
  const keys: string[] = []
  let nodes: readonly DetailNode[] | undefined = tree
  let parentKey = ''
  for (const part of path.split('.')) {
    const node: DetailNode | undefined = nodes?.[Number(part)]
    if (!node) break
    parentKey = kindKey(node, parentKey)
    keys.push(parentKey)
    nodes = node.children
  }
  return keys.slice(0, -1)
}

/**
 * The deepest node whose byte range contains `offset` (hex pane click → tree). Among siblings that
 * contain it the narrowest wins (e.g. "Source Port" rather than the whole TCP header); zero-length
 * nodes (generated fields) never contain a byte. Null when no node covers the offset.
 */
export function deepestNodeAt(tree: readonly DetailNode[], offset: number): NodePath | null {
  let best: NodePath | null = null
  let nodes: readonly DetailNode[] | undefined = tree
  let prefix = ''
  while (nodes && nodes.length > 0) {
    let pick = -1
    let width = Infinity
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!
      if (n.start <= offset && offset < n.end && n.end - n.start < width) {
        pick = i
        width = n.end - n.start
      }
    }
    if (pick < 0) break
    best = prefix === '' ? String(pick) : `${prefix}.${pick}`
    prefix = best
    nodes = nodes[pick]!.children
  }
  return best
}

/** The value part of a label: "Source Port: 57782" → "57782", "[Stream index: 0]" → "0", "Syn: Set" → "1". */
export function labelValue(label: string): string | null {
  const text = label.replace(/^\[/, '').replace(/\]$/, '')
  const colon = text.indexOf(': ')
  if (colon < 0) return null
  const rest = text.slice(colon + 2).trim()
  if (rest === 'Set') return '1'
  if (rest === 'Not set') return '0'
  const first = rest.split(/\s+/)[0] ?? ''
  return first === '' ? null : first
}

/**
 * "Apply as filter" text for a node: `field == value` for a field, the protocol name for a layer; null
 * when wirelite's display filter does not know the field (then the action is not offered), so the
 * filter applied is always one the filter bar accepts.
 */
export function filterForNode(node: DetailNode): string | null {
  const field = node.field
  if (!field) return null
  const candidates: string[] = []
  // A protocol layer ("tcp") or a field whose label has no literal value: test its presence.
  const value = field.includes('.') ? labelValue(node.label) : null
  if (value !== null) candidates.push(`${field} == ${value}`)
  candidates.push(field)
  for (const c of candidates) if (compileFilter(c).ok) return c
  return null
}

/** tcp.stream of the dissected frame (the "[Stream index: N]" node), or null when not TCP / unknown. */
export function streamOf(details: FrameDetails | null): number | null {
  if (!details) return null
  const tcp = details.tree.find((n) => n.field === 'tcp')
  const s = tcp?.children?.find((n) => n.field === 'tcp.stream')
  const v = s ? Number(labelValue(s.label)) : NaN
  return Number.isInteger(v) && v >= 0 ? v : null
}

/** Expert items of the frame: every node with an issue, in tree order, with its path. */
export function expertItems(tree: readonly DetailNode[]): Array<{ path: NodePath; node: DetailNode }> {
  const out: Array<{ path: NodePath; node: DetailNode }> = []
  const walk = (nodes: readonly DetailNode[], prefix: string): void =>
    nodes.forEach((n, i) => {
      const path = prefix === '' ? String(i) : `${prefix}.${i}`
      if (n.issue) out.push({ path, node: n })
      if (n.children) walk(n.children, path)
    })
  walk(tree, '')
  return out
}

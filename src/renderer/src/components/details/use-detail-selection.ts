import { effectScope, ref, watch } from 'vue'
import { api } from '../../api'
import { useCaptureStore } from '../../stores/capture'
import type { DetailNode } from '../../../../shared/ipc/contract'
import { ancestorKeys, flattenVisible, kindKey, nodeAtPath, type NodePath } from './detail-tree'

/**
 * The field selected in the details tree, shared by the details pane and the hex pane so selection works
 * both ways: a tree click lights the bytes (capture.setHighlight), a byte click selects the deepest node
 * containing it and opens its ancestors. Expanded subtrees are remembered by kind ("tcp",
 * "tcp/tcp.flags"), so they stay open from packet to packet like in Wireshark; the selected field is
 * found again by kind in the next packet too.
 */

const selectedPath = ref<NodePath | null>(null)
const selectedKey = ref<string | null>(null)
const expanded = ref<Set<string>>(new Set())
/** The node under the mouse in the hex pane (outlined in the tree when its row is shown). */
const hoverPath = ref<NodePath | null>(null)
let watching = false

function keyOfPath(tree: readonly DetailNode[], path: NodePath): string {
  let key = ''
  let nodes: readonly DetailNode[] | undefined = tree
  for (const part of path.split('.')) {
    const n: DetailNode | undefined = nodes?.[Number(part)]
    if (!n) break
    key = kindKey(n, key)
    nodes = n.children
  }
  return key
}

export function useDetailSelection() {
  const capture = useCaptureStore()

  function highlightOf(node: DetailNode | null): void {
    capture.setHighlight(node && node.end > node.start ? { start: node.start, end: node.end } : null)
  }

  /** Select the node at `path` of the current details (null clears the selection). */
  function select(path: NodePath | null, reveal = false): void {
    const tree = capture.details?.tree ?? []
    const node = path === null ? null : nodeAtPath(tree, path)
    selectedPath.value = node ? path : null
    selectedKey.value = node ? keyOfPath(tree, path!) : null
    if (node && reveal) {
      const next = new Set(expanded.value)
      for (const k of ancestorKeys(tree, path!)) next.add(k)
      expanded.value = next
    }
    highlightOf(node)
  }

  function isExpanded(key: string): boolean {
    return expanded.value.has(key)
  }

  function setExpanded(key: string, open: boolean): void {
    if (expanded.value.has(key) === open) return
    const next = new Set(expanded.value)
    if (open) next.add(key)
    else next.delete(key)
    expanded.value = next
  }

  function expandAll(open: boolean): void {
    if (!open) {
      expanded.value = new Set()
      return
    }
    const all = flattenVisible(capture.details?.tree ?? [], () => true)
    expanded.value = new Set(all.filter((r) => r.hasChildren).map((r) => r.key))
  }

  if (!watching) {
    watching = true
    // In a detached scope: the panes come and go (the details tab gives way to the TCP inspector), the
    // selection state and these watchers live as long as the page.
    effectScope(true).run(() => watchDetails())
  }

  function watchDetails(): void {
    // A new packet: pick the same kind of field again if it has one (Wireshark keeps the selected field).
    watch(
      () => capture.details,
      (d) => {
        hoverPath.value = null
        if (!d || !selectedKey.value) {
          selectedPath.value = null
          return
        }
        const row = flattenVisible(d.tree, () => true).find((r) => r.key === selectedKey.value)
        if (row) {
          selectedPath.value = row.path
          highlightOf(row.node)
        } else selectedPath.value = null
      },
    )
    // A packet selected while the file was loading was dissected without the TCP analysis (stream,
    // relative seq, expert items): dissect it again once indexing is done, as Wireshark re-dissects.
    watch(
      () => capture.loading,
      async (loading, was) => {
        const frame = capture.selectedFrame
        const fileId = capture.fileId
        if (loading || !was || frame === null || fileId === null || !capture.details) return
        const r = await api.invoke('frame.details', { fileId, frame })
        if (r.ok && capture.selectedFrame === frame && capture.fileId === fileId) capture.details = r.value
      },
    )
  }

  return { selectedPath, selectedKey, expanded, hoverPath, select, isExpanded, setExpanded, expandAll }
}

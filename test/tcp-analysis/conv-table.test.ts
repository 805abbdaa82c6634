import { describe, expect, it } from 'vitest'
import { buildIndex } from '../../src/main/engine/index'
import { analyzeTcp, formatConversationTable } from '../../src/main/engine/tcp'
import { corpusFiles, requireShared } from '../support/corpus'
import { runOracle, toolAvailable } from '../support/oracle'

// `wirelite conv` text vs `tshark -q -z conv,tcp` on every capture of captures/real + fixtures with TCP.
describe('conversation table vs tshark -z conv,tcp', () => {
  it('prints the same table', { timeout: 600_000 }, async () => {
    requireShared()
    expect(toolAvailable('tshark')).toBe(true)
    const files = corpusFiles().filter((f) => !f.includes('/tcpdump-tests/'))
    let same = 0
    let total = 0
    const diffs: string[] = []
    const tunnelled: string[] = []
    for (const file of files) {
      let index
      try {
        index = await buildIndex(file, { verifyChecksums: false })
      } catch {
        continue
      }
      const an = analyzeTcp(index)
      if (an.conversations.length === 0) continue
      const ours = formatConversationTable(an.conversations, index, (id) => index.addresses.format(id))
      const theirs = runOracle('tshark', ['-n', '-r', file, '-q', '-z', 'conv,tcp'], file).stdout
      const name = file.replace(/.*\/(captures|fixtures)\//, '')
      // tshark also counts TCP inside tunnels / ICMP errors, which wirelite does not decode: more lines.
      if (theirs.split('\n').length !== ours.split('\n').length) {
        tunnelled.push(name)
        continue
      }
      total++
      if (ours === theirs) same++
      else {
        const a = ours.split('\n')
        const b = theirs.split('\n')
        const k = a.findIndex((l, i) => l !== b[i])
        diffs.push(`${name}:\n  ours:   ${a[k]}\n  tshark: ${b[k]}`)
      }
    }
    console.log(`conv,tcp: ${same} identical of ${total} files`)
    if (tunnelled.length) console.log(`skipped (tshark sees more TCP conversations): ${tunnelled.join(', ')}`)
    for (const d of diffs) console.log(d)
    expect(total).toBeGreaterThan(50)
    // Known: a frame whose malformed TCP option makes tshark throw is still counted by us (the index
    // does not record which layer an issue is in), e.g. suricata-verify/tcp-empty-sack.
    expect(same / total).toBeGreaterThanOrEqual(0.98)
  })
})

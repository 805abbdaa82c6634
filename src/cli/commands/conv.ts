import { buildIndex } from '../../main/engine/index'
import { CaptureOpenError } from '../../main/engine/readers/read-capture-file'
import { analyzeTcp, formatConversationTable, type TcpConversation } from '../../main/engine/tcp'
import type { AddressTable } from '../../shared/decode/address-table'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'
import { warnPartialRead } from '../read-warnings'

const USAGE = `Usage: wirelite conv [--json] FILE

The TCP conversation table, one line per tcp.stream.

Without --json: the same table as \`tshark -q -z conv,tcp\` (most frames first; "<-" counts frames towards
the first packet's source; bytes are frame lengths; start is relative to the first frame).

With --json: an array with one object per stream (in tcp.stream order): client and server (the side
that sent the first SYN is the client; without a SYN the first packet's source, marked clientAssumed),
packets / frame bytes / payload bytes per direction, start, end and duration, ISNs, the options each
side's SYN offered (mss, wscale, sackPermitted, timestamps) and what was negotiated, the initial RTT,
how the connection ended (fin-both, fin-client, fin-server, rst-client, rst-server, open),
startedBeforeCapture, and the frame numbers of the stream.
`

function parseArgs(args: string[]): { file: string; json: boolean } {
  let file: string | null = null
  let json = false
  for (const a of args) {
    if (a === '--json') json = true
    else if (a.startsWith('-') && a !== '-')
      throw new CliError(`unknown option '${a}' (see wirelite conv --help)`, 2)
    else if (file === null) file = a
    else throw new CliError(`only one FILE is accepted, got also '${a}'`, 2)
  }
  if (file === null) throw new CliError('missing FILE (usage: wirelite conv [--json] FILE)', 2)
  return { file, json }
}

/** JSON view of one conversation: addresses as text, times as numbers, frames 1-based. */
export function conversationJson(c: TcpConversation, addrs: AddressTable): Record<string, unknown> {
  return {
    stream: c.stream,
    client: { address: addrs.format(c.clientAddr), port: c.clientPort },
    server: { address: addrs.format(c.serverAddr), port: c.serverPort },
    clientAssumed: c.clientAssumed,
    startedBeforeCapture: c.startedBeforeCapture,
    packets: { clientToServer: c.packetsClientToServer, serverToClient: c.packetsServerToClient },
    bytes: { clientToServer: c.bytesClientToServer, serverToClient: c.bytesServerToClient },
    payloadBytes: { clientToServer: c.payloadClientToServer, serverToClient: c.payloadServerToClient },
    start: c.startTime,
    end: c.endTime,
    duration: c.duration,
    isn: { client: c.clientIsn < 0 ? null : c.clientIsn, server: c.serverIsn < 0 ? null : c.serverIsn },
    options: { client: c.client, server: c.server },
    negotiated: { windowScaling: c.windowScaling, sackPermitted: c.sackPermitted, timestamps: c.timestamps },
    initialRtt: Number.isNaN(c.initialRtt) ? null : c.initialRtt,
    endReason: c.endReason,
    finFrames: { client: c.clientFinFrame || null, server: c.serverFinFrame || null },
    rstFrame: c.rstFrame || null,
    frames: Array.from(c.rows, (r) => r + 1),
  }
}

export const convCommand: Command = {
  name: 'conv',
  summary: 'TCP conversation table (like tshark -z conv,tcp), or --json with per-stream facts',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { file, json } = parseArgs(args)
    let index
    try {
      index = await buildIndex(file, { verifyChecksums: false })
    } catch (err) {
      if (err instanceof CaptureOpenError) throw new CliError(err.message, 1)
      throw err
    }
    warnPartialRead(index.summary, io)
    const an = analyzeTcp(index)
    const addrs = index.addresses
    if (json) {
      io.stdout.write(
        JSON.stringify(
          an.conversations.map((c) => conversationJson(c, addrs)),
          null,
          1,
        ) + '\n',
      )
    } else {
      io.stdout.write(formatConversationTable(an.conversations, index, (id) => addrs.format(id)))
    }
    return 0
  },
}

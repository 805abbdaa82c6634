import { writeFile } from 'node:fs/promises'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'
import { buildIndex } from '../../main/engine/index'
import { analyzeTcp } from '../../main/engine/tcp'
import { followTcpStream, type FollowStreamResult } from '../../main/engine/tcp/reassembly/follow-stream'
import { formatFollow, hexString, type FollowFormat } from '../../main/engine/tcp/reassembly/follow-format'
import {
  ChunkFlag,
  chunkFlagNames,
  directionBytes,
} from '../../main/engine/tcp/reassembly/follow-reassembler'
import { warnPartialRead } from '../read-warnings'

const USAGE = `Usage: wirelite follow FILE --stream N [--format ascii|hex|raw] [--dir both|client|server] [--out FILE] [--json]

Reassemble both byte streams of TCP conversation N (tcp.stream, as 'wirelite conv' numbers it) honoring
sequence numbers, and print them like 'tshark -q -z follow,tcp,<format>,N': node 0 is the client (the
side of the first segment), node 1 the server, whose chunks are indented by a tab.

  --stream N         the tcp.stream to follow (required)
  --format F         ascii (default: length line + printable text), hex (hex dump), raw (hex per chunk)
  --dir D            both (default, interleaved in arrival order), client or server only (the
                     roles of 'wirelite conv': the client sent the first SYN)
  --out FILE         with --dir client|server: write that side's reassembled bytes to FILE, exactly
                     (binary; a "[N bytes missing in capture file]" marker stands where bytes were
                     never captured, as in tshark). With --dir both: write the text output to FILE.
  --json             chunks as JSON: direction, frames, seq range, flags (gap, out-of-order,
                     retransmitted-bytes-dropped, after-fin, after-rst, truncated), bytes as hex
`

interface FollowArgs {
  file: string
  stream: number
  format: FollowFormat
  dir: 'both' | 'client' | 'server'
  out: string | null
  json: boolean
}

function parseArgs(args: string[]): FollowArgs {
  let file: string | null = null
  let stream: number | null = null
  let format: FollowFormat = 'ascii'
  let dir: FollowArgs['dir'] = 'both'
  let out: string | null = null
  let json = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const value = (): string => {
      const v = args[++i]
      if (v === undefined) throw new CliError(`${a} needs a value. ${USAGE.split('\n')[0]}`, 2)
      return v
    }
    if (a === '--stream' || a === '-s') {
      const v = value()
      if (!/^\d+$/.test(v)) throw new CliError(`--stream takes a tcp.stream number (0, 1, …), not '${v}'`, 2)
      stream = Number(v)
    } else if (a === '--format' || a === '-f') {
      const v = value()
      if (v !== 'ascii' && v !== 'hex' && v !== 'raw')
        throw new CliError(`--format must be ascii, hex or raw, not '${v}'`, 2)
      format = v
    } else if (a === '--dir') {
      const v = value()
      if (v !== 'both' && v !== 'client' && v !== 'server')
        throw new CliError(`--dir must be both, client or server, not '${v}'`, 2)
      dir = v
    } else if (a === '--out' || a === '-o') {
      out = value()
    } else if (a === '--json') {
      json = true
    } else if (a.startsWith('-') && a !== '-') {
      throw new CliError(`unknown option '${a}'. Run 'wirelite follow --help'.`, 2)
    } else if (file === null) {
      file = a
    } else {
      throw new CliError(`unexpected argument '${a}' (one capture file only)`, 2)
    }
  }
  if (file === null) throw new CliError(`no capture file given. ${USAGE.split('\n')[0]}`, 2)
  if (stream === null)
    throw new CliError(`--stream N is required (list the streams with 'wirelite conv ${file}')`, 2)
  return { file, stream, format, dir, out, json }
}

function toJson(r: FollowStreamResult): string {
  const side = (d: 0 | 1): string => (d === 0 ? 'client' : 'server')
  return JSON.stringify(
    {
      stream: r.stream,
      client: r.client ? { address: r.header.clientAddr, port: r.header.clientPort } : null,
      server: r.server ? { address: r.header.serverAddr, port: r.header.serverPort } : null,
      stats: { client: r.stats[0], server: r.stats[1] },
      chunks: r.chunks.map((c) => ({
        dir: side(c.dir),
        firstFrame: c.firstFrame,
        lastFrame: c.lastFrame,
        seq: c.seq,
        endSeq: c.endSeq,
        length: c.data.length,
        flags: chunkFlagNames(c.flags),
        ...(c.flags & ChunkFlag.Gap ? { missing: c.missing } : {}),
        ...(c.droppedBytes ? { droppedBytes: c.droppedBytes } : {}),
        hex: hexString(c.data),
      })),
      notShown: r.pending.map((c) => ({
        dir: side(c.dir),
        frame: c.firstFrame,
        seq: c.seq,
        length: c.data.length,
      })),
    },
    null,
    2,
  )
}

async function run(args: string[], io: CliIo): Promise<number> {
  const a = parseArgs(args)
  const index = await buildIndex(a.file)
  const analysis = analyzeTcp(index)
  const streams = analysis.conversations.length
  if (a.stream >= streams) {
    throw new CliError(
      streams === 0
        ? `${a.file} has no TCP conversation to follow`
        : `${a.file} has TCP streams 0..${streams - 1}; there is no stream ${a.stream} (see 'wirelite conv ${a.file}')`,
      1,
    )
  }
  const r = await followTcpStream(a.file, index, analysis, a.stream)
  // Only on success: a failing command says one line, the error.
  warnPartialRead(index.summary, io)
  // --dir names the TCP roles of the conversation table (client = the SYN sender). tshark's node 0 is
  // the source of the first segment seen; the two differ only when the capture does not begin with the
  // client's packet, so map the role onto the node.
  const conv = r.conversation
  const clientIsNode0 =
    !conv || !r.client || (conv.clientAddr === r.client.addr && conv.clientPort === r.client.port)
  const dirSel =
    a.dir === 'both'
      ? ('both' as const)
      : (a.dir === 'client') === clientIsNode0
        ? (0 as const)
        : (1 as const)

  if (a.out !== null && dirSel !== 'both') {
    const bytes = directionBytes(r, dirSel)
    await writeFile(a.out, bytes)
    const st = r.stats[dirSel]
    io.stderr.write(
      `wirelite: wrote ${bytes.length} bytes (${a.dir} → ${a.dir === 'client' ? 'server' : 'client'}) to ${a.out}` +
        (st.gaps ? `; ${st.gaps} gap marker(s) stand for ${st.missingBytes} missing bytes` : '') +
        '\n',
    )
    return 0
  }

  const text = a.json ? toJson(r) + '\n' : formatFollow(r, r.header, a.format, dirSel)
  if (a.out !== null) await writeFile(a.out, text)
  else io.stdout.write(text)

  // Things tshark hides silently; say them on stderr so stdout stays tshark-identical.
  if (!a.json && r.pending.length > 0) {
    const bytes = r.pending.reduce((n, c) => n + c.data.length, 0)
    io.stderr.write(
      `wirelite: note: ${r.pending.length} out-of-order segment(s) (${bytes} bytes) never fitted (a preceding segment is missing and was not acknowledged); not shown, as in tshark\n`,
    )
  }
  return 0
}

export const followCommand: Command = {
  name: 'follow',
  summary: 'reassemble a TCP conversation (tshark -z follow,tcp)',
  usage: USAGE,
  run,
}

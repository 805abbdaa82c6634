import { writeSync } from 'node:fs'
import { decodeFrame } from '../../shared/decode/decode-frame'
import type { FieldContext } from '../../shared/decode/wireshark-fields'
import { DEFAULT_FIELD_WRITERS, fieldsJson } from '../../shared/decode/wireshark-fields'
import { DecodedFrame } from '../../shared/model/decoded-frame'
import { CaptureOpenError, readCaptureFile } from '../../main/engine/readers/read-capture-file'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'

const USAGE = `Usage: wirelite fields [-c COUNT] FILE

Print one JSON object per frame (NDJSON) with fields named as in Wireshark:
  frame.number frame.time_epoch frame.len frame.cap_len frame.interface_id (pcapng)
  eth.src eth.dst vlan.id ieee8021ad.id
  ip.src ip.dst ip.hdr_len ip.len ip.ttl ip.id ip.proto  ipv6.src ipv6.dst ipv6.plen ipv6.nxt ipv6.hlim
  tcp.srcport tcp.dstport tcp.seq_raw tcp.ack_raw tcp.flags tcp.window_size_value tcp.len tcp.hdr_len
  tcp.urgent_pointer
  tcp.options.mss_val tcp.options.wscale.shift tcp.options.sack_perm
  tcp.options.timestamp.tsval tcp.options.timestamp.tsecr  udp.srcport udp.dstport udp.length
  icmp.type icmp.code icmpv6.type icmpv6.code  _issues

Values are JSON numbers except frame.time_epoch ("1700000000.123456000") and tcp.flags ("0x0012"),
as tshark prints them. A key is absent when its layer is absent. vlan.id (802.1Q tags) and
ieee8021ad.id (802.1ad service tags) are arrays, outer tag first, where tshark would print the values
comma-joined. Only the outermost IP/transport headers are decoded: tunnels (IP-in-IP, GRE, VXLAN …)
and ICMP errors show their outer headers only. tcp.len is absent on IP fragments, as in tshark.
tcp.options.sack_perm is 1 when present. _issues lists truncated, malformed, unsupported,
bad-checksum and fragment (a non-first IP fragment).

Options:
  -c COUNT   stop after COUNT frames
`

function parseArgs(args: string[]): { file: string; count: number } {
  let file: string | null = null
  let count = Infinity
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-c') {
      const v = args[++i]
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1)
        throw new CliError(`-c needs a positive packet count, got '${v ?? ''}'`, 2)
      count = Number(v)
    } else if (/^-c[1-9]\d*$/.test(a)) count = Number(a.slice(2))
    else if (a.startsWith('-') && a !== '-')
      throw new CliError(`unknown option '${a}' (see wirelite fields --help)`, 2)
    else if (file === null) file = a
    else throw new CliError(`only one FILE is accepted, got also '${a}'`, 2)
  }
  if (file === null) throw new CliError('missing FILE (usage: wirelite fields [-c COUNT] FILE)', 2)
  return { file, count }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4))

/**
 * Where output goes. The reader calls us synchronously, so we cannot await 'drain': writing to a slow
 * pipe through the stream would buffer the whole output in memory (1.3 GB for 1M frames). For the
 * process's own stdout we therefore write the file descriptor directly, waiting while the pipe is full
 * (EAGAIN), which is the backpressure `tcpdump | head` relies on. Other streams (tests) get write().
 */
function outputSink(stream: NodeJS.WritableStream): (s: string) => void {
  const fd = (stream as { fd?: unknown }).fd
  if (stream !== process.stdout || typeof fd !== 'number') return (s) => void stream.write(s)
  return (s) => {
    const b = Buffer.from(s)
    let off = 0
    while (off < b.length) {
      try {
        off += writeSync(fd, b, off)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err
        Atomics.wait(sleepCell, 0, 0, 2)
      }
    }
  }
}

export const fieldsCommand: Command = {
  name: 'fields',
  summary: 'print Wireshark-named fields of every frame as NDJSON',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { file, count } = parseArgs(args)
    const f = new DecodedFrame()
    let buf: string[] = []
    let bufLen = 0
    const out = outputSink(io.stdout)
    const flush = (): void => {
      if (buf.length === 0) return
      out(buf.join(''))
      buf = []
      bufLen = 0
    }
    let summary
    try {
      summary = await readCaptureFile(file, (rec, info) => {
        decodeFrame(rec.linkType, rec.data, rec.origLen, f)
        const ctx: FieldContext = { rec, f, info, row: rec.number - 1 }
        const line = fieldsJson(ctx, DEFAULT_FIELD_WRITERS) + '\n'
        buf.push(line)
        bufLen += line.length
        if (bufLen > 1 << 16) flush()
        return rec.number < count
      })
    } catch (err) {
      flush()
      if (err instanceof CaptureOpenError) throw new CliError(err.message, 1)
      throw err
    }
    flush()
    for (const w of summary.warnings) io.stderr.write(`wirelite: warning: ${w}\n`)
    if (summary.error) io.stderr.write(`wirelite: warning: ${summary.error.message}\n`)
    return 0
  },
}

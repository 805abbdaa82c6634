import { writeSync } from 'node:fs'
import { decodeFrame } from '../../shared/decode/decode-frame'
import type { FieldContext } from '../../shared/decode/wireshark-fields'
import { DEFAULT_FIELD_WRITERS, fieldsJson, tcpFields } from '../../shared/decode/wireshark-fields'
import { DecodedFrame } from '../../shared/model/decoded-frame'
import { CaptureOpenError, readCaptureFile } from '../../main/engine/readers/read-capture-file'
import { prepareTcpAnalysisWriter } from '../../main/engine/fields/tcp-analysis-fields'
import { spoolIfNotRegular } from '../../main/engine/fields/spool'
import { parseLang, type Lang } from '../../shared/explain/format'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'
import { warnPartialRead } from '../read-warnings'

const USAGE = `Usage: wirelite fields [-c COUNT] [--lang en|zh] FILE

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

TCP analysis, as tshark 4.0 shows it. Every row with a tcp.stream (a TCP header captured at least up
to its window, as in tshark) has all of tcp.stream … tcp.explain except the ones marked optional:
  tcp.stream tcp.seq tcp.ack (relative, or raw where tshark shows them raw) tcp.window_size (scaled)
  tcp.nxtseq              optional: absent where tshark shows none
  tcp.analysis.flags      array of names, [] when none: retransmission fast_retransmission
                          spurious_retransmission out_of_order lost_segment ack_lost_segment
                          duplicate_ack zero_window zero_window_probe zero_window_probe_ack
                          window_update window_full keep_alive keep_alive_ack reused_ports
                          (a fast or spurious retransmission also lists retransmission, as tshark)
  tcp.analysis.ack_rtt    optional; seconds as a JSON number (tshark's nanosecond value, 0.000123456)
  tcp.analysis.initial_rtt optional; seconds as a JSON number
  tcp.analysis.acks_frame tcp.analysis.bytes_in_flight tcp.analysis.duplicate_ack_num
  tcp.analysis.duplicate_ack_frame   optional numbers: each absent where tshark shows none
  tcp.state.client tcp.state.server  RFC 9293 state of each endpoint after this packet
                          (CLOSED LISTEN SYN_SENT SYN_RECEIVED ESTABLISHED FIN_WAIT_1 FIN_WAIT_2
                          CLOSE_WAIT CLOSING LAST_ACK TIME_WAIT); the client sent the SYN (no SYN
                          captured: the client is the first packet's source)
  tcp.state.assumed       true when the states are assumed, not observed (the capture started
                          mid-connection: ESTABLISHED until a SYN, an RST or both FINs pin them down)
  tcp.explain             the seq/ack arithmetic of the packet in words (--lang zh: in Chinese)
The analysis reads the file twice (analysis first, then output); with -c only the first COUNT
frames are analysed, as tshark -c does. Standard input and pipes are copied to a temporary file.

Options:
  -c COUNT     stop after COUNT frames
  --lang LANG  language of tcp.explain: en (default) or zh (zh-CN)
`

function parseArgs(args: string[]): { file: string; count: number; lang: Lang } {
  let file: string | null = null
  let count = Infinity
  let lang: Lang = 'en'
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--lang' || a.startsWith('--lang=')) {
      const v = a === '--lang' ? args[++i] : a.slice('--lang='.length)
      const l = v === undefined ? null : parseLang(v)
      if (v === undefined || l === null) throw new CliError(`--lang needs en or zh, got '${v ?? ''}'`, 2)
      lang = l
    } else if (a === '-c') {
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
  if (file === null)
    throw new CliError('missing FILE (usage: wirelite fields [-c COUNT] [--lang en|zh] FILE)', 2)
  return { file, count, lang }
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
    const { file: given, count, lang } = parseArgs(args)
    // Two passes (TCP analysis, then output) need a file we can read twice.
    let spool
    try {
      spool = await spoolIfNotRegular(given)
    } catch (err) {
      throw new CliError(
        `cannot read ${given === '-' ? 'standard input' : given}: ${(err as Error).message}`,
        1,
      )
    }
    try {
      return await printFields(spool.path, count, lang, io)
    } catch (err) {
      // Name what the user gave, not our temporary copy of it.
      if (err instanceof CliError && spool.path !== given)
        throw new CliError(
          err.message.split(spool.path).join(given === '-' ? 'standard input' : given),
          err.exitCode,
        )
      throw err
    } finally {
      spool.cleanup()
    }
  },
}

async function printFields(file: string, count: number, lang: Lang, io: CliIo): Promise<number> {
  let tcpWriter
  try {
    tcpWriter = await prepareTcpAnalysisWriter(file, count, lang)
  } catch (err) {
    if (err instanceof CaptureOpenError) throw new CliError(err.message, 1)
    throw err
  }
  // The TCP analysis keys follow the decoder's tcp.* keys.
  const writers = [...DEFAULT_FIELD_WRITERS]
  writers.splice(writers.indexOf(tcpFields) + 1, 0, tcpWriter)
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
      const line = fieldsJson(ctx, writers) + '\n'
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
  warnPartialRead(summary, io)
  return 0
}

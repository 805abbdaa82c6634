import { runOracle } from '../support/oracle'

/**
 * tcpdump's output for one capture, split per packet. We run tcpdump with `-#` (packet numbers) so the
 * split is exact even when a packet's text spans several lines (-v continuation lines, multi-line
 * application printers): a new packet starts only at a line `%5u  ` whose number is the next one.
 */
export interface TcpdumpPackets {
  /** Text printed for packet i+1 (lines joined with '\n', the number prefix removed). */
  packets: string[]
  stderr: string
  status: number | null
}

export function tcpdumpArgs(file: string, flags: string[]): string[] {
  return ['-#', '-nn', ...flags, '-r', file]
}

export function runTcpdumpPackets(file: string, flags: string[]): TcpdumpPackets {
  const r = runOracle('tcpdump', tcpdumpArgs(file, flags), file)
  return { packets: splitNumbered(r.stdout), stderr: r.stderr, status: r.status }
}

export function splitNumbered(stdout: string): string[] {
  const packets: string[] = []
  const lines = stdout.split('\n')
  if (lines.length && lines[lines.length - 1] === '') lines.pop()
  for (const line of lines) {
    const m = /^ *(\d+) {2}/.exec(line)
    if (m && Number(m[1]) === packets.length + 1) {
      packets.push(line.slice(m[0].length))
    } else if (packets.length) {
      packets[packets.length - 1] += '\n' + line
    }
  }
  return packets
}

/**
 * Which of tcpdump's packets are "TCP lines": an IPv4/IPv6 packet whose transport is printed by
 * tcp_print directly under IP (not inside a tunnel, not after a link-layer prefix other than the
 * SLL2 interface/direction columns). tcp_print always prints `src.port > dst.port: ` and then one of
 * `Flags [`, a truncation marker, or ` tcp N [bad hdr length`.
 */
const TCP_AFTER_PORTS =
  /^(?:[0-9a-f:.]+)\.\d+ > (?:[0-9a-f:.]+)\.\d+: (?:Flags \[| tcp \d+ \[bad hdr length| \[\|tcp\])/
const TCP_TRUNC_ADDRS = /^(?:[0-9a-f:.]+) > (?:[0-9a-f:.]+): \[\|tcp\]/

export function isTcpPacketText(text: string, verbose: boolean): boolean {
  // Strip an optional timestamp (any -t variant) — callers pass text as printed.
  let t = stripTimestamp(text)
  t = t.replace(/^\S+\s+(?:In|Out|M|B|P|Unknown)\s+(?=IP6? )/, '') // SLL2: "lo    In  IP …"
  t = t.replace(/^PPPoE {2}\[ses 0x[0-9a-f]+\] (?=IP6? )/, '') // PPPoE session
  if (!verbose) t = t.replace(/^MPLS(?: \(label [^)]*\))+ (?=IP6? )/, '') // MPLS label stack (one line without -v)
  let rest: string
  if (t.startsWith('IP ')) rest = t.slice(3)
  else if (t.startsWith('IP6 ')) rest = t.slice(4)
  else return false
  rest = rest.replace(/^truncated-ip6? - \d+ bytes missing! ?/, '')
  if (verbose && rest.startsWith('(')) {
    // IPv4: "(tos …)\n    a.p > b.q: …"; IPv6: "(… next-header TCP (6) payload length: N) a.p > b.q: …".
    const v4 = /^\(tos [^\n]*\)\n {4}/.exec(rest)
    const v6 = /^\([^()\n]*next-header [^\n]*? payload length: \d+\) /.exec(rest)
    const m = v4 ?? v6
    if (!m) return false
    if (!/proto TCP \(6\)|next-header TCP \(6\)/.test(m[0])) return false
    rest = rest.slice(m[0].length)
  }
  return TCP_AFTER_PORTS.test(rest) || TCP_TRUNC_ADDRS.test(rest)
}

export function stripTimestamp(text: string): string {
  return text.replace(/^[ -]?(?:\d{4}-\d\d-\d\d )?(?:\d\d:\d\d:\d\d\.\d+|\d+\.\d+|\d+:\d\d:\d\d\.\d+) /, '')
}

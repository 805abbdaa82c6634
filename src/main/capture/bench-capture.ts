/**
 * Live-capture benchmark (not a test): `sudo npx tsx src/main/capture/bench-capture.ts [rates…]`
 *
 * 1. Timestamp error: 1000 UDP packets on lo, 1 ms apart; wirelite's arrival stamps vs tcpdump's kernel
 *    stamps for the same packets (matched by a sequence number in the payload): p50 / p99 / max.
 * 2. Flood: small UDP packets at increasing target rates for a few seconds each; packets captured by
 *    wirelite vs tcpdump in the same run, tcpdump's kernel drop count, the helper's CPU and peak RSS.
 * The generator is a small Python loop in its own process, so it does not share our event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { forEachRecord } from './batch-codec'
import { LiveCapture } from './capture-client'
import { readCaptureFile } from '../engine/readers/read-capture-file'

const dir = mkdtempSync(join(tmpdir(), 'wirelite-bench-'))
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function tcpdump(filter: string, out: string): Promise<{ proc: ChildProcess; stderr: () => string }> {
  const proc = spawn(
    'tcpdump',
    ['-i', 'lo', '--immediate-mode', '-B', '65536', '--time-stamp-precision=nano', '-w', out, filter],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let err = ''
  return new Promise((resolve, reject) => {
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
      if (err.includes('listening on')) resolve({ proc, stderr: () => err })
    })
    proc.on('exit', () => reject(new Error(err)))
  })
}

async function stop(p: ChildProcess): Promise<void> {
  const done = new Promise((r) => p.once('exit', r))
  p.kill('SIGINT')
  await done
}

/** Sends `count` UDP datagrams of 64 bytes ("seq NNNNNNNN" + padding) at `rate` per second. */
function generate(port: number, count: number, rate: number): Promise<void> {
  const py = `
import socket, time, sys
port, count, rate = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
pad = b'x' * 50
t0 = time.perf_counter()
for i in range(count):
    if i % 64 == 0:
        ahead = t0 + i / rate - time.perf_counter()
        if ahead > 0: time.sleep(ahead)
    s.sendto(b'seq %08d' % i + pad, ('127.0.0.1', port))
`
  return new Promise((resolve, reject) => {
    const p = spawn('python3', ['-c', py, String(port), String(count), String(rate)], { stdio: 'inherit' })
    p.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`generator exited ${c}`))))
  })
}

function procCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // utime + stime, USER_HZ 100
}

function procPeakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

function seqOf(b: Uint8Array, off: number, len: number): number {
  // Ethernet 14 + IPv4 20 + UDP 8 → payload "seq NNNNNNNN"
  const p = off + 42
  if (len < 54 || b[p] !== 0x73) return -1
  let n = 0
  for (let i = p + 4; i < p + 12; i++) n = n * 10 + (b[i]! - 48)
  return n
}

async function timestampError(): Promise<void> {
  const port = 40000 + Math.floor(Math.random() * 20000)
  const filter = `udp port ${port}`
  const tdPath = join(dir, 'ts.pcap')
  const td = await tcpdump(filter, tdPath)
  const ours = new Map<number, number>()
  const lc = await LiveCapture.start(
    { device: 'lo', filter },
    {
      onBatch(bytes) {
        forEachRecord(
          bytes,
          (r) => void ours.set(seqOf(r.buf, r.dataOffset, r.capLen), r.tsSec * 1e6 + r.tsNsec / 1e3),
        )
      },
    },
  )
  await generate(port, 1000, 1000)
  await sleep(300)
  await lc.stop()
  await stop(td.proc)
  const err: number[] = []
  await readCaptureFile(tdPath, (r) => {
    const us = ours.get(seqOf(r.buf, r.dataOffset, r.capLen))
    if (us !== undefined) {
      err.push(us - (r.tsSec * 1e6 + r.tsNsec / 1e3))
      if (process.env.BENCH_DEBUG && err[err.length - 1]! > 2000)
        console.log('late', seqOf(r.buf, r.dataOffset, r.capLen), err[err.length - 1]!.toFixed(0))
    }
  })
  await lc.discard()
  const abs = err.map(Math.abs).sort((a, b) => a - b)
  const pct = (p: number): string =>
    abs[Math.min(abs.length - 1, Math.floor((p / 100) * abs.length))]!.toFixed(1)
  const signed = [...err].sort((a, b) => a - b)
  console.log(
    `timestamp error (wirelite - kernel), ${abs.length} packets at 1 kpps: |err| p50 ${pct(50)} µs, p99 ${pct(99)} µs, max ${abs[abs.length - 1]!.toFixed(1)} µs; ` +
      `signed min ${signed[0]!.toFixed(1)} µs (negative = anchor error)`,
  )
}

async function flood(rate: number, seconds: number): Promise<void> {
  const port = 40000 + Math.floor(Math.random() * 20000)
  const filter = `udp port ${port}`
  const count = Math.round(rate * seconds)
  const td = await tcpdump(filter, '/dev/null')
  let received = 0
  const lc = await LiveCapture.start({ device: 'lo', filter }, { onBatch: (_b, n) => (received += n) })
  const pid = lc.helperPid!
  const cpu0 = procCpuMs(pid)
  const t0 = performance.now()
  await generate(port, count, rate)
  const sendMs = performance.now() - t0
  await sleep(500)
  const cpu1 = procCpuMs(pid)
  const rss = procPeakRssMiB(pid)
  await lc.stop()
  await stop(td.proc)
  const m = /(\d+) packets captured[\s\S]*?(\d+) packets dropped by kernel/.exec(td.stderr())
  const tdCaptured = m ? Number(m[1]) : NaN
  const tdDropped = m ? Number(m[2]) : NaN
  await lc.discard()
  console.log(
    `target ${rate} pps: sent ${count} in ${(sendMs / 1000).toFixed(2)} s (${Math.round(count / (sendMs / 1000))} pps); ` +
      `tcpdump ${tdCaptured} (kernel drops ${tdDropped}), wirelite ${received} = ${((100 * received) / tdCaptured).toFixed(1)} % of tcpdump; ` +
      `helper CPU ${((100 * (cpu1 - cpu0)) / (sendMs + 500)).toFixed(0)} %, peak RSS ${rss.toFixed(0)} MiB`,
  )
}

const rates = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0)
try {
  await timestampError()
  for (const r of rates.length ? rates : [10_000, 50_000, 100_000, 200_000]) await flood(r, 3)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

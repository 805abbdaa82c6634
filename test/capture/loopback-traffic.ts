/**
 * Real traffic on loopback for the live-capture tests, and a simultaneous `tcpdump -i lo -w` to compare
 * with. Shared by the helper-level (live-capture.test.ts) and the engine-level (engine-capture.test.ts) tests.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { readCaptureFile } from '../../src/main/engine/readers/read-capture-file'

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
export const randomPort = (): number => 20000 + Math.floor(Math.random() * 30000)

export interface Pkt {
  sec: number
  nsec: number
  origLen: number
  bytes: Uint8Array
}

export async function readAll(path: string): Promise<{ pkts: Pkt[]; incomplete: boolean }> {
  const pkts: Pkt[] = []
  const s = await readCaptureFile(path, (r) => {
    pkts.push({
      sec: r.tsSec,
      nsec: r.tsNsec,
      origLen: r.origLen,
      bytes: r.buf.slice(r.dataOffset, r.dataOffset + r.capLen),
    })
  })
  return { pkts, incomplete: s.incompleteTail !== null }
}

/** tcpdumps started and not yet stopped (a failed test must not leave one running). */
const running = new Set<ChildProcess>()

/** Stops every tcpdump a test left running (afterAll). */
export async function stopAllTcpdump(): Promise<void> {
  for (const td of [...running]) await stopTcpdump(td)
}

export function startTcpdump(filter: string, out: string): Promise<ChildProcess> {
  // -s 65535: cap fixes libpcap's snapshot length there, so both sides cut loopback GSO frames alike.
  const td = spawn(
    'tcpdump',
    [
      '-i',
      'lo',
      '--immediate-mode',
      '-B',
      '65536',
      '-s',
      '65535',
      '--time-stamp-precision=nano',
      '-U',
      '-w',
      out,
      filter,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  running.add(td)
  td.once('exit', () => running.delete(td))
  return new Promise((resolve, reject) => {
    let err = ''
    td.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
      if (err.includes('listening on')) resolve(td)
    })
    td.on('exit', () => reject(new Error(`tcpdump exited: ${err}`)))
  })
}

export async function stopTcpdump(td: ChildProcess): Promise<void> {
  if (td.exitCode !== null || td.signalCode !== null) return
  const done = new Promise((r) => td.once('exit', r))
  td.kill('SIGINT')
  await done
}

/** seed 003: server reads "ping", answers "pong", waits, closes; the client closes after reading. */
export async function pingPong(port: number): Promise<void> {
  const server = createServer((sock) => {
    sock.once('data', () => {
      sock.write('pong')
      setTimeout(() => sock.end(), 200)
    })
    sock.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  await new Promise<void>((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.write('ping'))
    c.once('data', () => c.end())
    c.on('close', () => resolve())
    c.on('error', reject)
  })
  await sleep(300)
  await new Promise((r) => server.close(r))
}

/** A bulk transfer of `bytes` from client to server; resolves with the bytes the server got. */
export async function bulk(port: number, bytes: number): Promise<number> {
  let got = 0
  const server = createServer((sock) => {
    sock.on('data', (d) => (got += d.length))
    sock.on('end', () => sock.end())
  })
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  const chunk = Buffer.alloc(64 * 1024, 0x5a)
  await new Promise<void>((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => {
      let sent = 0
      const pump = (): void => {
        while (sent < bytes) {
          sent += chunk.length
          if (!c.write(chunk)) return void c.once('drain', pump)
        }
        c.end()
      }
      pump()
    })
    c.on('close', () => resolve())
    c.on('error', reject)
    c.resume()
  })
  await new Promise((r) => server.close(r))
  return got
}

/** `count` one-byte writes `everyMs` apart on one connection (echoed back): a steady trickle of packets. */
export async function trickle(port: number, count: number, everyMs: number): Promise<void> {
  const server = createServer((sock) => {
    sock.on('data', (d) => sock.write(d))
    sock.on('end', () => sock.end())
  })
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  await new Promise<void>((resolve, reject) => {
    const c = connect(port, '127.0.0.1', async () => {
      for (let i = 0; i < count; i++) {
        c.write('x')
        await sleep(everyMs)
      }
      c.end()
    })
    c.resume()
    c.on('close', () => resolve())
    c.on('error', reject)
  })
  await new Promise((r) => server.close(r))
}

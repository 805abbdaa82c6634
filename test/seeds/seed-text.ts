import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { join, resolve } from 'node:path'
import { main } from '../../src/cli/main'
import { SHARED_DIR } from '../support/corpus'

/** The seed tutorials (../shared/seeds) that the fixtures reproduce. */
export const SEEDS_DIR = join(SHARED_DIR, 'seeds')
export const FIXTURES = resolve(__dirname, '../fixtures')

const TS = /^\d\d:\d\d:\d\d\.\d{6} /

/**
 * The packets of the first code block of a seed that holds tcpdump lines: each packet is its
 * "HH:MM:SS.ffffff …" line plus the indented continuation lines (-v), joined with '\n', with the
 * time stamp removed (`allBlocks`: the packets of every code block, in order). Read from the seed file
 * itself, so nothing is copied by hand.
 */
export function seedPackets(seedFile: string, opts: { allBlocks?: boolean } = {}): string[] {
  const text = readFileSync(join(SEEDS_DIR, seedFile), 'utf8')
  const blocks = text.split(/^```.*$/m).filter((_, i) => i % 2 === 1)
  const packets: string[] = []
  for (const block of blocks) {
    if (!opts.allBlocks) packets.length = 0
    for (const line of block.split('\n')) {
      if (TS.test(line)) packets.push(line.replace(TS, ''))
      else if (/^ {4}\S/.test(line) && packets.length) packets[packets.length - 1] += '\n' + line
    }
    if (packets.length && !opts.allBlocks) return packets
  }
  if (packets.length) return packets
  throw new Error(`${seedFile}: no code block with tcpdump lines`)
}

/** Run the wirelite CLI in-process (the same code as the binary) and return its stdout. */
export async function wirelite(args: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
  err.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const status = await main(args, { stdout: out, stderr: err })
  out.end()
  err.end()
  await new Promise((r) => setImmediate(r))
  return { stdout, stderr, status }
}

/** Split `read` output into packets (a packet's -v continuation lines start with 4 spaces). */
export function splitPackets(stdout: string): string[] {
  const packets: string[] = []
  for (const line of stdout.split('\n')) {
    if (line === '') continue
    if (/^ {4}/.test(line) && packets.length) packets[packets.length - 1] += '\n' + line
    else packets.push(line)
  }
  return packets
}

export function stripTs(packet: string): string {
  return packet.replace(TS, '')
}

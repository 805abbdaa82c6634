import { describe, expect, it } from 'vitest'
import { formatInterfaceList, parseCaptureArgs } from '../../src/cli/commands/capture'
import { CliError } from '../../src/cli/command'

describe('wirelite capture arguments', () => {
  it('parses the options and a trailing filter', () => {
    expect(
      parseCaptureArgs([
        '-i',
        'lo',
        '-c',
        '5',
        '--duration',
        '1.5',
        '-w',
        'x.pcap',
        '-vv',
        'tcp',
        'port',
        '80',
      ]),
    ).toEqual({
      list: false,
      device: 'lo',
      filter: 'tcp port 80',
      write: 'x.pcap',
      print: false,
      count: 5,
      duration: 1.5,
      snapLen: 262144,
      bufferKiB: 65536,
      verbose: 2,
      t: 0,
    })
    expect(parseCaptureArgs(['--list']).list).toBe(true)
  })

  it('rejects what it cannot use, with exit code 2', () => {
    for (const bad of [
      [],
      ['-i'],
      ['-i', 'lo', '-c', '0'],
      ['-i', 'lo', '-c', '1.5'],
      ['-i', 'lo', '--duration', 'x'],
      ['-i', 'lo', '-f', 'tcp', 'udp'],
      ['-i', 'lo', '--bogus'],
    ]) {
      let err: unknown
      try {
        parseCaptureArgs(bad)
      } catch (e) {
        err = e
      }
      expect(err, bad.join(' ')).toBeInstanceOf(CliError)
      expect((err as CliError).exitCode).toBe(2)
    }
  })

  it('lists interfaces like tcpdump -D, with flags, addresses and link type', () => {
    expect(
      formatInterfaceList([
        { name: 'lo', addresses: [{ addr: '127.0.0.1' }], loopback: true, up: true, linkTypes: [1] },
        { name: 'nflog', description: 'NFLOG', addresses: [], loopback: false, up: null, linkTypes: [] },
        { name: 'wlan0', addresses: [], loopback: false, up: false, linkTypes: [127] },
      ]),
    ).toBe(
      '1.lo [Up, Loopback] 127.0.0.1 link-type EN10MB (Ethernet)\n2.nflog (NFLOG)\n3.wlan0 [Down] link-type IEEE802_11_RADIO (802.11 plus radiotap header)',
    )
  })
})

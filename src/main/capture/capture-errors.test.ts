import { describe, expect, it } from 'vitest'
import { capMissingError, classifyOpenError, helperExitedError, privilegeAdvice } from './capture-errors'

const ctx = { device: 'eth0', filter: 'tcp port 80' }

describe('classifyOpenError', () => {
  it('recognises libpcap permission messages on each platform', () => {
    for (const m of [
      'socket: Operation not permitted',
      "You don't have permission to capture on that device ((cannot open BPF device) /dev/bpf0: Permission denied)",
      'Error opening adapter: Access is denied. (5)',
    ]) {
      expect(classifyOpenError(new Error(m), ctx, 'linux', '/usr/bin/node').code).toBe('permission')
    }
    expect(
      classifyOpenError(new Error('socket: Operation not permitted'), ctx, 'linux', '/usr/bin/node').message,
    ).toBe(
      "No permission to capture on eth0 (socket: Operation not permitted). On Linux give the capture helper's node binary the capture capabilities: `sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/node` (or run the capture helper elevated, e.g. `sudo wirelite capture …`).",
    )
  })

  it('gives platform advice: /dev/bpf on macOS, Npcap on Windows', () => {
    expect(privilegeAdvice('darwin')).toContain('/dev/bpf*')
    expect(privilegeAdvice('darwin')).toContain('ChmodBPF')
    expect(privilegeAdvice('win32')).toContain('Npcap')
    expect(
      classifyOpenError(new Error('(cannot open BPF device) /dev/bpf0: Permission denied'), ctx, 'darwin')
        .message,
    ).toContain('ChmodBPF')
  })

  it('tells a missing device, a down device and a bad filter apart', () => {
    expect(classifyOpenError(new Error('No such device exists'), { device: 'x0', filter: '' }).code).toBe(
      'no-such-device',
    )
    expect(
      classifyOpenError(
        new Error('BIOCSETIF: en9: Device not configured'),
        { device: 'en9', filter: '' },
        'darwin',
      ).code,
    ).toBe('no-such-device')
    expect(classifyOpenError(new Error('That device is not up'), ctx).code).toBe('device-down')
    expect(classifyOpenError(new Error("can't parse filter expression: syntax error"), ctx).code).toBe(
      'bad-filter',
    )
    expect(classifyOpenError(new Error("unknown host 'nosuchhost'"), ctx).code).toBe('bad-filter')
    // Without a filter, an unknown message is a plain failure, not a filter error.
    expect(classifyOpenError(new Error('Unable to set buffer size'), { device: 'lo', filter: '' })).toEqual({
      code: 'failed',
      message: 'Could not start capturing on lo: Unable to set buffer size.',
      detail: 'Unable to set buffer size',
    })
  })
})

describe('capMissingError / helperExitedError', () => {
  it('says what to install per platform, without a stack', () => {
    const e = new Error("Cannot find module '../build/Release/cap.node'\nRequire stack:\n- /x/cap/lib/Cap.js")
    const linux = capMissingError(e, 'linux')
    expect(linux.code).toBe('cap-missing')
    expect(linux.message).toBe(
      "Live capture is unavailable: the packet capture library could not be loaded (Cannot find module '../build/Release/cap.node'). Install libpcap and its headers (Debian/Ubuntu: `sudo apt install libpcap-dev`; Fedora: `sudo dnf install libpcap-devel`), then run `npm rebuild cap` (needs a C++ toolchain).",
    )
    expect(linux.message).not.toContain('Require stack')
    expect(capMissingError(e, 'win32').message).toContain('Install Npcap')
    expect(capMissingError(e, 'darwin').message).toContain('npm rebuild cap')
  })

  it('reports a killed helper with its signal', () => {
    expect(helperExitedError(null, 'SIGKILL', '').message).toBe(
      'The capture helper was killed by SIGKILL; the capture stopped. The packets captured until then were kept in the spool file and can be saved.',
    )
    expect(helperExitedError(3, null, 'a\nb\nc').message).toContain('exited with code 3')
  })
})

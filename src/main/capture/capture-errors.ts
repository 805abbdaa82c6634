/**
 * Every way a live capture can fail, turned into one message that says what happened and what to do
 * on the user's platform. libpcap only gives us strings (through `cap`), so classification is by the
 * message text libpcap uses on Linux, macOS and Windows (Npcap).
 */
export type CaptureErrorCode =
  | 'cap-missing' // the `cap` native addon (or libpcap itself) cannot be loaded
  | 'permission' // no capture privileges
  | 'no-such-device'
  | 'device-down' // the interface is down, or went down / disappeared during the capture
  | 'bad-filter' // libpcap could not compile the capture filter
  | 'helper-exited' // the helper process died (killed, crashed)
  | 'spool' // the spool file could not be written
  | 'failed' // anything else libpcap reported

export interface CaptureErrorInfo {
  code: CaptureErrorCode
  /** The whole user-facing message: what happened, then what to do. */
  message: string
  /** libpcap's (or the OS's) own text, kept for the details pane / bug reports. */
  detail?: string
}

/** Thrown by the parent-side API; carries a code and a message meant for the user (no stack needed). */
export class CaptureError extends Error {
  override name = 'CaptureError'
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message)
  }

  static from(info: CaptureErrorInfo): CaptureError {
    return new CaptureError(info.code, info.message, info.detail)
  }
}

type Platform = NodeJS.Platform

/** How to give the helper capture rights, per platform (one paragraph each). */
export function privilegeAdvice(platform: Platform = process.platform, execPath = process.execPath): string {
  if (platform === 'darwin')
    return (
      'On macOS capturing needs read access to /dev/bpf*: install Wireshark\'s "ChmodBPF" launch daemon ' +
      '(or `sudo chgrp access_bpf /dev/bpf* && sudo chmod g+rw /dev/bpf*` and add yourself to group access_bpf), ' +
      'or run the capture helper with sudo.'
    )
  if (platform === 'win32')
    return 'On Windows capturing needs Npcap (https://npcap.com); if Npcap was installed with "Restrict driver access to Administrators only", run wirelite as Administrator.'
  return (
    "On Linux give the capture helper's node binary the capture capabilities: " +
    `\`sudo setcap cap_net_raw,cap_net_admin=eip ${execPath}\` ` +
    '(or run the capture helper elevated, e.g. `sudo wirelite capture …`).'
  )
}

function libpcapAdvice(platform: Platform): string {
  if (platform === 'win32')
    return 'Install Npcap (https://npcap.com) with "WinPcap API-compatible mode", then reinstall wirelite\'s dependencies (`npm rebuild cap`).'
  if (platform === 'darwin')
    return 'libpcap ships with macOS; rebuild the addon with `npm rebuild cap` (needs the Xcode command line tools).'
  return 'Install libpcap and its headers (Debian/Ubuntu: `sudo apt install libpcap-dev`; Fedora: `sudo dnf install libpcap-devel`), then run `npm rebuild cap` (needs a C++ toolchain).'
}

/** The `cap` module could not be loaded (not built for this Node/Electron, or libpcap missing). */
export function capMissingError(err: unknown, platform: Platform = process.platform): CaptureErrorInfo {
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err)
  return {
    code: 'cap-missing',
    message: `Live capture is unavailable: the packet capture library could not be loaded (${detail}). ${libpcapAdvice(platform)}`,
    detail,
  }
}

const PERMISSION =
  /operation not permitted|permission denied|you don't have permission|cap_net_raw|access is denied|eperm|eacces/i
const NO_DEVICE =
  /no such device|device not configured|cannot find the device|doesn't exist|does not exist|unknown device|no matching device|not found|error opening adapter/i
const DOWN = /not up|went down|network is down|enetdown|device is not up|interface went down/i
const FILTER =
  /can't parse filter|syntax error|unknown host|illegal |not a legal|expression rejects|no such host|unknown (port|protocol|network|ether)|parse error|invalid |bpf/i

/**
 * Classifies a libpcap error thrown by `cap.open()`. `cap` compiles the filter after activating the
 * device, so a filter message can only come after permission/device checks passed; text decides.
 */
export function classifyOpenError(
  raw: unknown,
  ctx: { device: string; filter: string },
  platform: Platform = process.platform,
  execPath = process.execPath,
): CaptureErrorInfo {
  const detail = (raw instanceof Error ? raw.message : String(raw)).trim()
  if (PERMISSION.test(detail))
    return {
      code: 'permission',
      message: `No permission to capture on ${ctx.device} (${detail}). ${privilegeAdvice(platform, execPath)}`,
      detail,
    }
  if (DOWN.test(detail)) return deviceDownError(ctx.device, detail)
  if (NO_DEVICE.test(detail))
    return {
      code: 'no-such-device',
      message: `There is no capture device named "${ctx.device}" (${detail}). Run \`wirelite capture --list\` to see the interfaces.`,
      detail,
    }
  if (ctx.filter.trim() !== '' && (FILTER.test(detail) || !/unable to set/i.test(detail)))
    return {
      code: 'bad-filter',
      message: `Invalid capture filter "${ctx.filter}": ${detail}. Capture filters use libpcap syntax (see \`man pcap-filter\`), e.g. "tcp port 80" or "host 10.0.0.1".`,
      detail,
    }
  return { code: 'failed', message: `Could not start capturing on ${ctx.device}: ${detail}.`, detail }
}

export function deviceDownError(
  device: string,
  detail = 'the interface is down or was removed',
): CaptureErrorInfo {
  return {
    code: 'device-down',
    message: `The interface ${device} is down or went away (${detail}); the capture stopped. Bring it up again (e.g. \`sudo ip link set ${device} up\`) and restart the capture; packets captured so far are kept.`,
    detail,
  }
}

export function helperExitedError(
  code: number | null,
  signal: string | null,
  stderrTail: string,
): CaptureErrorInfo {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`
  const tail = stderrTail.trim() ? ` Last output: ${stderrTail.trim().split('\n').slice(-2).join(' | ')}` : ''
  return {
    code: 'helper-exited',
    message: `The capture helper ${how}; the capture stopped. The packets captured until then were kept in the spool file and can be saved.${tail}`,
    detail: stderrTail,
  }
}

/**
 * The one IPC contract between the renderer (through the preload) and the main process.
 *
 * Requests are `ipcRenderer.invoke(channel, request)`; main answers with an {@link IpcResult} so that a
 * failure reaches the renderer with its message intact (Electron keeps only the message of a thrown error,
 * and we want a user-facing "what happened + what to do" text, not a stack).
 *
 * Adding a request = one entry in {@link IpcRequests} + its name in {@link IPC_REQUEST_CHANNELS}. The
 * preload builds its allow-list from that array and main implements the map with `satisfies`, so the
 * compiler catches a channel that exists on one side only.
 */
import type { Message } from '../explain/format'

export interface IpcRequests {
  /** The application version (package.json `version`). */
  'app.version': { request: void; response: string }
  // --- engine requests (answered by the engine service: a worker / utilityProcess, or the ws bridge)
  /** Open a capture and start indexing it; rows stream in as file.onRows / file.onProgress events. */
  'file.open': { request: FileOpenRequest; response: FileOpenResponse }
  /** Forget an open file (cancels its indexing). */
  'file.close': { request: { fileId: number }; response: null }
  /** Cancel indexing: the rows indexed so far stay browsable. */
  'file.cancel': { request: { fileId: number }; response: null }
  /** Column texts of the visible rows only (the Info column is formatted on demand). */
  'file.rows': { request: FileRowsRequest; response: FileRowsResponse }
  /** Apply a display filter (empty text = show all); the displayed rows stay in the engine. */
  'filter.apply': { request: { fileId: number; text: string }; response: FilterApplyResponse }
  /** Order the displayed rows by a column (kept across filter changes; 'no' ascending = file order). */
  'view.sort': {
    request: { fileId: number; column: SortColumn; descending?: boolean }
    response: { count: number; elapsedMs: number }
  }
  /** The displayed rows (0-based row numbers) of the current filter, as one transferable buffer. */
  'filter.rows': { request: { fileId: number }; response: { rows: ArrayBuffer; count: number } }
  /** Full dissection of one frame: layered tree with byte ranges + the raw bytes for the hex pane. */
  'frame.details': { request: { fileId: number; frame: number }; response: FrameDetails }
  /** TCP conversations (tcp.stream table). */
  'conv.list': { request: { fileId: number }; response: ConversationRow[] }
  /** Follow TCP stream: the reassembled payload in arrival order. */
  'stream.follow': { request: { fileId: number; stream: number }; response: FollowStreamResponse }
  /** Endpoint states of both sides per segment (the state lanes). */
  'stream.states': { request: { fileId: number; stream: number }; response: StreamStatesResponse }
  /** Save As / Export Specified Packets: written atomically, never over the source, verified by re-reading. */
  'export.save': { request: ExportSaveRequest; response: ExportSaveResponse }
  // --- live capture (src/main/engine/service/live-capture.ts): the capture is an open file whose rows
  // stream as file.onRows / file.onProgress; capture.onStatus carries its counters.
  /** Capture interfaces (loopback first) with addresses, up/loopback flags and link types. */
  'capture.interfaces': { request: void; response: CaptureInterfaceInfo[] }
  /** Compile a capture filter for an interface (libpcap's message when invalid); nothing is captured. */
  'capture.check': { request: CaptureCheckRequest; response: CaptureCheckResponse }
  /** Start capturing; the capture becomes an open file whose rows stream in as the packets arrive. */
  'capture.start': { request: CaptureStartRequest; response: CaptureStartResponse }
  /** Stop capturing (rows and spool stay: save or discard next). Answers the final status. */
  'capture.stop': { request: { fileId: number }; response: CaptureStatusEvent }
  /** Stop, discard, and start again with the same settings: a new file id. */
  'capture.restart': { request: { fileId: number }; response: CaptureStartResponse }
  /** Save the captured packets (the spool) as pcapng or pcap, atomically (stops the capture first). */
  'capture.save': { request: CaptureSaveRequest; response: CaptureSaveResponse }
  /** Stop, close the capture's file and delete its spool. */
  'capture.discard': { request: { fileId: number }; response: null }
  /** Follow-stream state view: a window of one stream's packets as columns, its phases and summary. */
  'stream.ladder': { request: StreamLadderRequest; response: StreamLadderResponse }
  /** TCP inspector: the line `wirelite read [-S] [-v]` prints for one frame, split into named tokens. */
  'frame.tcpdump': { request: FrameTcpdumpRequest; response: FrameTcpdumpResponse }
  // --- shell requests (answered by the app shell, never the engine: Electron main, or the browser-mode
  // bridge). Their names are SHELL_CHANNELS; see the types under "Shell requests" below.
  /** Electron: the native Open dialog (pcap / pcapng / gz). The chosen path, or null when cancelled. */
  'dialog.openCapture': { request: DialogOpenRequest; response: string | null }
  /** Electron: the native Save dialog for an export. The chosen path, or null when cancelled. */
  'dialog.saveCapture': { request: DialogSaveRequest; response: string | null }
  /** Browser mode: one directory of the server's file system, for the in-page Open dialog. */
  'fs.listDir': { request: FsListDirRequest; response: DirListing }
  /** Browser mode: a dropped file's bytes, streamed in chunks into a private temp file, then opened. */
  'file.upload': { request: FileUploadRequest; response: FileUploadResponse }
  /** The capture given on the command line (Electron argv / `wirelite serve FILE`), or null. */
  'app.launchFile': { request: void; response: string | null }
  /** Electron: a capture was opened — add it to the OS recent documents and the native Open Recent menu. */
  'app.noteRecent': { request: { path: string }; response: null }
}

export type IpcChannel = keyof IpcRequests
export type IpcRequest<C extends IpcChannel> = IpcRequests[C]['request']
export type IpcResponse<C extends IpcChannel> = IpcRequests[C]['response']

/**
 * `error` is the user-facing message ("what happened + what to do"). Engine requests also set `detail`:
 * a stable code to react on, and for a bad display filter the character range [start, end) to mark.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string; detail?: IpcErrorDetail }

/** The stable error codes of IpcErrorDetail, at run time too (tests check every answer carries one). */
export const IPC_ERROR_CODES = [
  'bad-request', // an argument has the wrong type / range (a bug in the caller, or a hostile page)
  'unknown-channel',
  'no-such-file', // fileId not open (closed, or never opened)
  'open-failed', // the capture cannot be read (CaptureOpenError code in `reason`)
  'bad-filter', // display filter syntax / semantic error (start/end set)
  'not-ready', // the request needs the whole file indexed (e.g. TCP analysis) and it is still loading
  'out-of-range', // frame / stream number does not exist
  'io', // reading or writing a file failed
  'same-file', // export target is the open capture
  'cancelled',
  'internal',
] as const
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number]

export interface IpcErrorDetail {
  code: IpcErrorCode
  /** Finer reason, e.g. the CaptureOpenError code ('missing', 'permission', 'not-capture' …). */
  reason?: string
  /** bad-filter: character range of the problem in the filter text. */
  start?: number
  end?: number
}

/** Every request channel, at run time. Must list each key of IpcRequests exactly once. */
export const IPC_REQUEST_CHANNELS = [
  'app.version',
  'file.open',
  'file.close',
  'file.cancel',
  'file.rows',
  'filter.apply',
  'filter.rows',
  'view.sort',
  'frame.details',
  'conv.list',
  'stream.follow',
  'stream.states',
  'export.save',
  'capture.interfaces',
  'capture.check',
  'capture.start',
  'capture.stop',
  'capture.restart',
  'capture.save',
  'capture.discard',
  'stream.ladder',
  'frame.tcpdump',
  'dialog.openCapture',
  'dialog.saveCapture',
  'fs.listDir',
  'file.upload',
  'app.launchFile',
  'app.noteRecent',
] as const satisfies readonly IpcChannel[]

/** Channels the app shell answers itself (main / the bridge), never forwarded to the engine. */
export const SHELL_CHANNELS = [
  'app.version',
  'dialog.openCapture',
  'dialog.saveCapture',
  'fs.listDir',
  'file.upload',
  'app.launchFile',
  'app.noteRecent',
] as const satisfies readonly IpcChannel[]
export type ShellChannel = (typeof SHELL_CHANNELS)[number]

export function isShellChannel(name: unknown): name is ShellChannel {
  return typeof name === 'string' && (SHELL_CHANNELS as readonly string[]).includes(name)
}

/** Channels the engine service answers (everything but the app shell's own). */
export type EngineChannel = Exclude<IpcChannel, ShellChannel>
export const ENGINE_CHANNELS = IPC_REQUEST_CHANNELS.filter((c) => !isShellChannel(c)) as EngineChannel[]

// Compile-time check that the array above is complete: fails if a key of IpcRequests is missing.
type MissingChannels = Exclude<IpcChannel, (typeof IPC_REQUEST_CHANNELS)[number]>
const channelsComplete: MissingChannels extends never ? true : MissingChannels = true
void channelsComplete

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && (IPC_REQUEST_CHANNELS as readonly string[]).includes(name)
}

/**
 * What the preload exposes as `window.api` — and what the browser-mode WebSocket client
 * (src/shared/ipc/ws-client.ts) implements too, so the renderer runs unchanged in both.
 * `invoke` never throws for a failed request: it resolves to the IpcResult (errors keep their detail,
 * which a thrown Error would lose crossing contextBridge). `on` returns an unsubscribe function.
 */
export interface WireliteApi {
  app: {
    version(): Promise<string>
  }
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
  /** Electron only: the path of a dropped File (webUtils.getPathForFile); absent in browser mode. */
  files?: { pathForFile(file: File): string | null }
}

// ---------------------------------------------------------------------------------------------------
// Events (engine → renderer). Names are `domain.onNoun`.

export interface IpcEvents {
  /** Indexing progress: every ~64k rows and once at the end (`done`), or on cancel/failure (`error`). */
  'file.onProgress': FileProgressEvent
  /**
   * A batch of newly indexed rows as column buffers (transferred, not JSON-encoded: over a MessagePort
   * the ArrayBuffers move; in browser mode they travel in one binary WebSocket frame).
   */
  'file.onRows': FileRowsEvent
  /** Live capture counters: on start, every ~250 ms while packets arrive, on stop / error / save. */
  'capture.onStatus': CaptureStatusEvent
  /** Electron: an item of the native application menu was chosen (the shell sends it, not the engine). */
  'menu.onCommand': MenuCommandEvent
}
export type IpcEventName = keyof IpcEvents

export const IPC_EVENT_NAMES = [
  'file.onProgress',
  'file.onRows',
  'capture.onStatus',
  'menu.onCommand',
] as const satisfies readonly IpcEventName[]
/** Events sent by the app shell (main), not the engine. */
export const SHELL_EVENT_NAMES = ['menu.onCommand'] as const satisfies readonly IpcEventName[]
type MissingEvents = Exclude<IpcEventName, (typeof IPC_EVENT_NAMES)[number]>
const eventsComplete: MissingEvents extends never ? true : MissingEvents = true
void eventsComplete

export function isIpcEventName(name: unknown): name is IpcEventName {
  return typeof name === 'string' && (IPC_EVENT_NAMES as readonly string[]).includes(name)
}

export interface FileProgressEvent {
  fileId: number
  rows: number
  /** Bytes of the (decompressed) file consumed so far, and the file's size on disk. */
  bytes: number
  totalBytes: number
  packetsPerSec: number
  elapsedMs: number
  done: boolean
  cancelled?: boolean
  /** Set when indexing stopped with an error after the file was opened. */
  error?: string
  /**
   * Final event only, user-facing (what happened and what to do): the rows are fine but the file holds
   * more than was read — it ends in the middle of a packet (still being written, or cut short), reading
   * stopped at a corrupt record, or the .gz data ends early.
   */
  warning?: string
}

/** Column names carried by file.onRows (the index columns of src/shared/model/index-columns.ts). */
export type RowColumnName =
  | 'tsSec'
  | 'tsNsec'
  | 'capLen'
  | 'origLen'
  | 'proto'
  | 'issues'
  | 'srcPort'
  | 'dstPort'
  | 'tcpFlags'
  | 'payloadLen'

export interface FileRowsEvent {
  fileId: number
  /** 0-based row (frame number - 1) of the first row in the batch, and the number of rows. */
  firstRow: number
  count: number
  /** One ArrayBuffer per column, each exactly `count` elements of the column's typed-array type. */
  columns: Record<RowColumnName, ArrayBuffer>
}

// ---------------------------------------------------------------------------------------------------
// Request / response shapes.

export interface FileOpenRequest {
  /** Absolute (or cwd-relative, for the CLI) path of a pcap / pcapng file, optionally gzip-compressed. */
  path: string
}

export interface FileOpenResponse {
  fileId: number
  info: FileInfoSummary
}

export interface FileInfoSummary {
  path: string
  name: string
  sizeBytes: number
  format: 'pcap' | 'pcapng'
  gzip: boolean
  /** Link types of the interfaces, in interface order. */
  linkTypes: number[]
  interfaceNames: string[]
}

export type TimeFormat = 'sinceStart' | 'sincePrevious' | 'sincePreviousDisplayed' | 'absolute' | 'epoch'

export type FileRowsRequest = {
  fileId: number
  /**
   * Which rows: a range of positions in the view ('all' rows, or the 'displayed' rows of the current
   * filter), or an explicit list of 0-based row numbers. At most MAX_ROWS_PER_REQUEST rows.
   */
  view?: 'all' | 'displayed'
  /** Seq/ack shown relative (default) or absolute in the Info column. */
  absoluteSeq?: boolean
} & ({ start: number; count: number } | { rows: number[] })

export const MAX_ROWS_PER_REQUEST = 5000

export interface FileRowsResponse {
  /** Rows indexed so far / displayed so far (grows while loading). */
  total: number
  displayed: number
  rows: PacketRow[]
}

/** Row colouring, most specific first (a legend in the UI names them). */
export type RowColorClass =
  | 'malformed' // a decode issue: truncated / malformed / bad checksum
  | 'tcp-rst'
  | 'tcp-analysis' // retransmission, dup ack, zero window, out of order …
  | 'tcp-syn'
  | 'tcp-fin'
  | 'tcp'
  | 'udp'
  | 'icmp'
  | 'arp'
  | 'other'

export interface PacketRow {
  /** frame.number (1-based). */
  no: number
  /** Position in the requested view (index into 'all' or 'displayed'). */
  pos: number
  time: Record<TimeFormat, string>
  source: string
  destination: string
  protocol: string
  length: number
  info: string
  color: RowColorClass
  /** tcp.stream, -1 when none (or when the file is still loading). */
  stream: number
}

/** Sortable columns (Info is text made on demand for visible rows only, so it is not sortable). */
export type SortColumn = 'no' | 'time' | 'source' | 'destination' | 'protocol' | 'length'
export const SORT_COLUMNS = [
  'no',
  'time',
  'source',
  'destination',
  'protocol',
  'length',
] as const satisfies readonly SortColumn[]

export type FilterApplyResponse = {
  /** Rows matching (= all rows for an empty filter); `total` rows were tested. */
  count: number
  total: number
  elapsedMs: number
}

/** One node of the details tree. Byte ranges are [start, end) offsets into FrameDetails.bytes. */
export interface DetailNode {
  /** Text shown, e.g. "Source Port: 57782". */
  label: string
  /** Wireshark field name ("tcp.srcport") or protocol name for layer nodes ("tcp"). */
  field?: string
  start: number
  end: number
  children?: DetailNode[]
  /** An expert item (malformed / truncated / bad checksum / analysis note). */
  issue?: { severity: 'error' | 'warning' | 'note'; message: string }
}

export interface FrameDetails {
  frame: number
  /** The captured bytes (for the hex + ASCII pane). */
  bytes: Uint8Array
  tree: DetailNode[]
  issues: Array<{ code: string; layer: string; offset: number; length: number; message: string }>
}

export interface ConversationRow {
  stream: number
  clientAddress: string
  clientPort: number
  serverAddress: string
  serverPort: number
  packetsClientToServer: number
  packetsServerToClient: number
  bytesClientToServer: number
  bytesServerToClient: number
  payloadClientToServer: number
  payloadServerToClient: number
  /** Seconds since the first frame of the capture, and duration in seconds. */
  relStart: number
  duration: number
  endReason: string
  firstFrame: number
  packets: number
}

export interface FollowStreamResponse {
  stream: number
  client: { address: string; port: number } | null
  server: { address: string; port: number } | null
  /** In arrival order; dir 0 = client (node 0), 1 = server. Gap markers have `missing` > 0 and no data. */
  chunks: Array<{
    dir: 0 | 1
    data: Uint8Array
    firstFrame: number
    lastFrame: number
    seq: number
    missing: number
  }>
  bytes: [number, number]
}

export interface StreamStatesResponse {
  stream: number
  /** Frame numbers of the stream's segments, and per segment the client / server state names after it. */
  frames: number[]
  client: string[]
  server: string[]
  initialClient: string
  initialServer: string
  transitions: Array<{ frame: number; side: 'client' | 'server'; from: string; to: string; reason: string }>
}

export interface ExportSaveRequest {
  fileId: number
  format: 'pcap' | 'pcapng'
  which: 'all' | 'displayed' | 'selected' | 'range'
  /** which=selected: frame numbers (1-based). which=range: inclusive frame numbers [from, to]. */
  frames?: number[]
  range?: { from: number; to: number }
  /** Target path (absolute). Never the open capture itself. */
  path: string
}

export interface ExportSaveResponse {
  path: string
  packets: number
  bytes: number
  /** Packets counted when the written file was read back (equals `packets`, or the save fails). */
  verifiedPackets: number
}

// ---------------------------------------------------------------------------------------------------
// Shell requests (dialogs, file browsing, uploads, menu): answered by Electron main or the bridge.

export interface DialogOpenRequest {
  /** Directory (or file) the dialog starts at; default: the OS's choice. */
  defaultPath?: string
}

export interface DialogSaveRequest {
  /** Suggested file name or full path, e.g. "capture-filtered.pcapng". */
  defaultPath?: string
  format: 'pcap' | 'pcapng'
}

export interface FsListDirRequest {
  /** Absolute directory; absent = the directory of the served file, or the server's working directory. */
  path?: string
}

export interface DirEntry {
  name: string
  dir: boolean
  /** Size of a regular file; null for a directory or when it could not be read. */
  sizeBytes: number | null
  /** Looks like a capture by its name (.pcap .pcapng .cap .gz …): listed first, openable. */
  capture: boolean
  /** Why this entry could not be examined (e.g. permission denied); it is still listed. */
  error?: string
}

export interface DirListing {
  /** The absolute directory listed, and its parent (null at the root). */
  path: string
  parent: string | null
  /** Directories first, then capture-like files, then the rest; each group by name. */
  entries: DirEntry[]
  /** Entries left out beyond the listing limit. */
  truncated: number
}

/** Largest chunk of a file.upload: a WebSocket frame stays well under the bridge's 1 MiB message limit. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024

export type FileUploadRequest =
  | { op: 'begin'; name: string; size: number }
  | { op: 'chunk'; uploadId: number; offset: number; data: Uint8Array }
  | { op: 'end'; uploadId: number }
  | { op: 'abort'; uploadId: number }

export interface FileUploadResponse {
  uploadId: number
  /** Bytes written so far. */
  received: number
  /** op 'end': the temp file's absolute path, ready for file.open (removed when closed / at exit). */
  path: string | null
}

/** What a native menu item asks the renderer to do (the same actions as the in-page MenuBar). */
export type MenuCommand =
  | 'open'
  | 'open-path'
  | 'close'
  | 'save-as'
  | 'export-specified'
  | 'conversations'
  | 'capture'
  | 'toggle-theme'
  | 'locale-en'
  | 'locale-zh-CN'

export interface MenuCommandEvent {
  command: MenuCommand
  /** open-path: the file to open (Open Recent, a file given to the running app). */
  path?: string
}

// ---------------------------------------------------------------------------------------------------
// stream.ladder (the follow-stream state view: ladder, state lanes, explanations).

export interface StreamLadderRequest {
  fileId: number
  stream: number
  /** Window of the stream's packets: position of the first (0-based, in the stream) and how many (≤ MAX_LADDER_PAGE, default 1000). */
  start?: number
  count?: number
  /** Also send the whole stream's frame numbers (frame → position; with `times` also every packet's time). */
  overview?: boolean
  /** With `overview`: every packet's time too (time-proportional spacing; 8 bytes a packet, so on demand). */
  times?: boolean
}

export const MAX_LADDER_PAGE = 5000

/**
 * Per-packet columns of a ladder window, each one ArrayBuffer of `count` elements of the listed type:
 * frame (frame.number), time (s since the stream's first packet), dir (0 client→server, 1 server→client),
 * flags (TcpFlag bits), seq/ack (relative, as tshark shows tcp.seq / tcp.ack), seqRaw/ackRaw (absolute),
 * len (tcp.len), window (tcp.window_size, scaled), analysis (TcpAnalysisFlag bits: retransmission, dup
 * ack, out of order, lost segment, zero window …), tsVal/tsEcr (-1 = no timestamp option), ackedFrame
 * (frame of the peer's highest segment whose end this ack covers, 0 none), tsEchoFrame (frame of the
 * peer's packet whose TSval this TSecr echoes, 0 none), client/server (state code after the packet, bit
 * 0x80 = assumed; src/shared/explain/tcp-states), clientReason/serverReason (StateReason codes), phase
 * (0 handshake, 1 data, 2 teardown).
 */
export const LADDER_COLUMNS = [
  'frame',
  'time',
  'dir',
  'flags',
  'seq',
  'ack',
  'seqRaw',
  'ackRaw',
  'len',
  'window',
  'analysis',
  'tsVal',
  'tsEcr',
  'ackedFrame',
  'tsEchoFrame',
  'client',
  'server',
  'clientReason',
  'serverReason',
  'phase',
] as const
export type LadderColumnName = (typeof LADDER_COLUMNS)[number]
export const LADDER_COLUMN_TYPES: Readonly<Record<LadderColumnName, 'u8' | 'u16' | 'u32' | 'f64'>> = {
  frame: 'u32',
  time: 'f64',
  dir: 'u8',
  flags: 'u16',
  seq: 'u32',
  ack: 'u32',
  seqRaw: 'u32',
  ackRaw: 'u32',
  len: 'u32',
  window: 'u32',
  analysis: 'u32',
  tsVal: 'f64',
  tsEcr: 'f64',
  ackedFrame: 'u32',
  tsEchoFrame: 'u32',
  client: 'u8',
  server: 'u8',
  clientReason: 'u8',
  serverReason: 'u8',
  phase: 'u8',
}

export interface StreamLadderPhase {
  phase: 'handshake' | 'data' | 'teardown'
  /** Positions (0-based, in the stream) of the phase's first and last packet. */
  first: number
  last: number
}

export interface StreamLadderSummary {
  stream: number
  client: { address: string; port: number }
  server: { address: string; port: number }
  /** No SYN captured: the first packet's source is taken as the client. */
  clientAssumed: boolean
  startedBeforeCapture: boolean
  packets: number
  packetsClientToServer: number
  packetsServerToClient: number
  payloadClientToServer: number
  payloadServerToClient: number
  firstFrame: number
  lastFrame: number
  /** Seconds from the first to the last packet. */
  duration: number
  /** Raw ISNs, -1 when that side's SYN was not captured. */
  clientIsn: number
  serverIsn: number
  clientOptions: { mss: number; wscale: number; sackPermitted: boolean; timestamps: boolean }
  serverOptions: { mss: number; wscale: number; sackPermitted: boolean; timestamps: boolean }
  /** tcp.analysis.initial_rtt in seconds, null unknown. */
  initialRtt: number | null
  /** State codes before the first packet. */
  initialClient: number
  initialServer: number
  endReason: string
  /** Who sent the first FIN / RST (null: the connection did not end in the capture). */
  closedBy: 'client' | 'server' | null
  closeKind: 'fin' | 'rst' | null
  simultaneousClose: boolean
}

export interface StreamLadderResponse {
  stream: number
  /** Packets in the stream; the window is [start, start + count). */
  total: number
  start: number
  count: number
  columns: Record<LadderColumnName, ArrayBuffer>
  /** Per packet of the window: the seq/ack explanation as catalogue messages (src/shared/explain formatMessage). */
  explain: Message[][]
  phases: StreamLadderPhase[]
  summary: StreamLadderSummary
  /** With `overview`: frame (u32) of every packet of the stream, and with `times` its time (f64). */
  overview?: { frame: ArrayBuffer; time?: ArrayBuffer }
  /** Engine time spent on this request (ms): the per-stream model (first request only) and the window. */
  elapsedMs: number
}

// ---------------------------------------------------------------------------------------------------
// Live capture (a helper process built on `cap`; see src/main/capture/README.md).

export interface CaptureInterfaceInfo {
  name: string
  description?: string
  addresses: Array<{ addr: string; netmask?: string }>
  loopback: boolean
  /** IFF_UP; null where the platform does not say without opening the device. */
  up: boolean | null
  /** LINKTYPE_* numbers (empty when unknown before opening). */
  linkTypes: number[]
}

export interface CaptureCheckRequest {
  iface: string
  filter: string
}

/** A bad filter is an answer, not a failure: `message` is libpcap's text, wrapped for the user. */
export type CaptureCheckResponse =
  | { valid: true; linkType: number }
  | { valid: false; code: CaptureFailureCode; message: string; detail?: string }

/** Why a capture cannot start or stopped (src/main/capture/capture-errors.ts). */
export type CaptureFailureCode =
  | 'cap-missing'
  | 'permission'
  | 'no-such-device'
  | 'device-down'
  | 'bad-filter'
  | 'helper-exited'
  | 'spool'
  | 'failed'

/**
 * capture.start fails with detail.code 'open-failed' and detail.reason = a CaptureFailureCode
 * (bad-filter, permission, no-such-device, cap-missing …); the error text says what to do.
 */
export interface CaptureStartRequest {
  iface: string
  /** libpcap capture filter ('' = everything). */
  filter?: string
  /** Bytes kept per packet (default 262144). */
  snaplen?: number
  /** Kernel buffer size in bytes (default 64 MiB). */
  bufferSize?: number
}

export interface CaptureStartResponse {
  fileId: number
  /** The pcapng file the helper writes as it goes (kept until save / discard). */
  spoolPath: string
  info: FileInfoSummary
  linkType: number
}

export interface CaptureStatusEvent {
  fileId: number
  iface: string
  filter: string
  running: boolean
  /** Packets captured (and indexed) so far. */
  packets: number
  /** Rows the current display filter shows (= packets without a filter); kept current while capturing. */
  displayed: number
  /** Kernel / libpcap drops; null when unknown (`cap` has no pcap_stats). */
  dropped: number | null
  /** Bytes of the packets on the wire (sum of frame lengths). */
  bytes: number
  spoolBytes: number
  elapsedMs: number
  /** Set when the capture ended by an error (helper died, device went down). */
  error?: { code: CaptureFailureCode; message: string }
  /** Where it was saved last (capture.save). */
  savedPath?: string
}

export interface CaptureSaveRequest {
  fileId: number
  path: string
  /** Default: pcap when the path ends in .pcap, else pcapng. */
  format?: 'pcap' | 'pcapng'
}

export interface CaptureSaveResponse {
  path: string
  packets: number
  bytes: number
}

// --- frame.tcpdump (TCP header inspector)

export interface FrameTcpdumpRequest {
  fileId: number
  /** frame.number (1-based). */
  frame: number
  /** -S: absolute sequence numbers (default false: tcpdump's relative numbers). */
  absolute?: boolean
  /** -v: the IP header line and the TCP checksum (default false). */
  verbose?: boolean
}

/**
 * A span [start, end) of `text` and the header field it shows, named as in Wireshark: ip.src, ip.dst,
 * ipv6.src, ipv6.dst, ip.dsfield, ip.ttl, ip.id, ip.frag_offset, ip.flags, ip.proto, ip.len,
 * ipv6.flow, ipv6.hlim, ipv6.nxt, ipv6.plen, tcp.srcport, tcp.dstport, tcp.flags, tcp.checksum,
 * tcp.seq, tcp.ack, tcp.window_size_value, tcp.urgent_pointer, tcp.options, tcp.len; for one TCP option
 * tcp.options.mss_val, tcp.options.wscale.shift, tcp.options.sack_perm, tcp.options.timestamp.tsval,
 * tcp.options.timestamp.tsecr, tcp.options.nop, tcp.options.eol, tcp.options.sack, tcp.options.type
 * (any other kind) with `option` = its position among the header's options (0-based, header order,
 * up to and including an EOL).
 */
export interface TcpdumpToken {
  start: number
  end: number
  field: string
  option?: number
}

export interface FrameTcpdumpResponse {
  frame: number
  /** Exactly what `wirelite read [-S] [-v] FILE` prints for the frame (time of day, no newline at the end). */
  text: string
  tokens: TcpdumpToken[]
  /**
   * The engine's TCP analysis of the frame (Wireshark's view), null when it is not a TCP segment of a
   * stream: relative seq / ack (tcp.seq, tcp.ack), the calculated window (tcp.window_size) and the
   * scale factor (tcp.window_size_scalefactor: 2^shift; -1 unknown, -2 no scaling, 0 a SYN row).
   */
  tcp: {
    stream: number
    relSeq: number
    relAck: number
    windowSize: number
    windowScaleFactor: number
  } | null
}

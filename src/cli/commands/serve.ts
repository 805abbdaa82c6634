import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startBridge } from '../../main/bridge/bridge-server'
import { InProcessEngine, type EngineEndpoint } from '../../main/engine/service/endpoint'
import { WorkerEngine, engineWorkerFile } from '../../main/engine/service/worker-client'
import type { CliIo, Command } from '../command'
import { CliError } from '../command'

const USAGE = `Usage: wirelite serve [FILE] [--port N] [--renderer DIR] [--in-process]

Browser mode: serves the wirelite UI on http://127.0.0.1 only, with the engine behind a WebSocket.
The FIRST line of output is the URL to open (it carries a random token; requests without it are refused).
FILE, when given, is opened by the UI at start. Stop with Ctrl+C.

  --port N        listen on port N (default: a free port)
  --renderer DIR  the built renderer (default: out/renderer; build it with \`npm run build\`)
  --in-process    run the engine on the server's thread instead of a worker thread

Environment: WIRELITE_SERVE_TOKEN (at least 16 characters) fixes the token instead of a random one, for
automation such as the e2e tests; keep it secret like the random one.
`

interface ServeArgs {
  file: string | null
  port: number
  renderer: string | null
  inProcess: boolean
}

function parseArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { file: null, port: 0, renderer: null, inProcess: false }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--port' || a === '-p') {
      const v = args[++i]
      const n = Number(v)
      if (v === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
        throw new CliError(`--port needs a port number 0..65535, got '${v ?? ''}'`, 2)
      out.port = n
    } else if (a === '--renderer') {
      const v = args[++i]
      if (!v) throw new CliError('--renderer needs a directory', 2)
      out.renderer = v
    } else if (a === '--in-process') out.inProcess = true
    else if (a.startsWith('-')) throw new CliError(`unknown option '${a}' (see wirelite serve --help)`, 2)
    else if (out.file === null) out.file = a
    else throw new CliError(`only one FILE is accepted, got also '${a}'`, 2)
  }
  return out
}

/** out/renderer next to the bundled CLI (out/cli) or, from source, under the project root. */
function findRenderer(): string | null {
  const candidates = [
    fileURLToPath(new URL('../renderer', import.meta.url)),
    fileURLToPath(new URL('../../../out/renderer', import.meta.url)),
    resolve('out/renderer'),
  ]
  return candidates.find((d) => existsSync(resolve(d, 'index.html'))) ?? null
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the UI to a browser on 127.0.0.1 (browser mode)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args)
    const fixedToken = process.env['WIRELITE_SERVE_TOKEN']
    if (fixedToken !== undefined && fixedToken.length < 16) {
      throw new CliError(
        'WIRELITE_SERVE_TOKEN must be at least 16 characters (or unset it for a random token)',
        2,
      )
    }
    const renderer = a.renderer ? resolve(a.renderer) : findRenderer()
    const workerFile = a.inProcess ? null : engineWorkerFile()
    const engine: EngineEndpoint = workerFile ? WorkerEngine.start(workerFile) : new InProcessEngine()
    let bridge
    try {
      bridge = await startBridge({
        engine,
        rendererDir: renderer,
        port: a.port,
        ...(fixedToken ? { token: fixedToken } : {}),
        version: typeof __WIRELITE_VERSION__ === 'string' ? __WIRELITE_VERSION__ : '0.0.0-dev',
        ...(a.file ? { openFile: resolve(a.file) } : {}),
      })
    } catch (err) {
      await engine.close()
      const code = (err as NodeJS.ErrnoException)?.code
      if (code === 'EADDRINUSE')
        throw new CliError(`port ${a.port} is in use; choose another with --port or omit it`, 1)
      throw err
    }
    io.stdout.write(bridge.url + '\n')
    if (!renderer)
      io.stderr.write(
        'wirelite: the renderer is not built (out/renderer missing): run `npm run build` first; serving a placeholder page\n',
      )
    io.stderr.write(
      `wirelite: serving on 127.0.0.1:${bridge.port} (engine ${workerFile ? 'in a worker thread' : 'in-process'}); Ctrl+C to stop\n`,
    )
    await new Promise<void>((res) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        res()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    await bridge.close()
    await engine.close()
    return 0
  },
}

declare const __WIRELITE_VERSION__: string

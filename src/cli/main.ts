import type { CliIo, Command } from './command'
import { CliError } from './command'
import { CaptureOpenError } from '../main/engine/readers/read-capture-file'

/**
 * Commands in the order `--help` lists them. Each lives in its own module under commands/ and is
 * imported only when it runs (the bundle splits them into chunks): `wirelite read` does not load the
 * web server, the capture helper or the state machine, which cut start-up time by ~0.1 s per call.
 */
const COMMANDS: Array<{ name: string; load: () => Promise<Command> }> = [
  { name: 'read', load: () => import('./commands/read').then((m) => m.readCommand) },
  { name: 'fields', load: () => import('./commands/fields').then((m) => m.fieldsCommand) },
  { name: 'follow', load: () => import('./commands/follow').then((m) => m.followCommand) },
  { name: 'states', load: () => import('./commands/states').then((m) => m.statesCommand) },
  { name: 'conv', load: () => import('./commands/conv').then((m) => m.convCommand) },
  { name: 'serve', load: () => import('./commands/serve').then((m) => m.serveCommand) },
  { name: 'capture', load: () => import('./commands/capture').then((m) => m.captureCommand) },
]

async function help(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()))
  const lines = [
    'wirelite — read, decode and explain packet captures',
    '',
    'Usage: wirelite <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `wirelite <command> --help` for the options of one command.',
  ]
  return lines.join('\n') + '\n'
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await help())
    return name ? 0 : 2
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`wirelite ${__WIRELITE_VERSION__}\n`)
    return 0
  }
  const entry = COMMANDS.find((c) => c.name === name)
  if (!entry) {
    io.stderr.write(`wirelite: unknown command '${name}'. Run 'wirelite --help' for the list.\n`)
    return 2
  }
  const cmd = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n')
    return 0
  }
  try {
    return await cmd.run(rest, io)
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`wirelite: ${err.message}\n`)
      return err.exitCode
    }
    // A capture that cannot be opened (missing, empty, not a capture …) is the user's input, not our bug:
    // every command reports it the same way, whether or not it catches it itself.
    if (err instanceof CaptureOpenError) {
      io.stderr.write(`wirelite: ${err.message}\n`)
      return 1
    }
    // EPIPE: the reader of our output went away (e.g. `| head`): not an error.
    if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return 0
    const msg = err instanceof Error ? err.message : String(err)
    io.stderr.write(`wirelite: internal error: ${msg}\n`)
    return 70
  }
}

declare const __WIRELITE_VERSION__: string

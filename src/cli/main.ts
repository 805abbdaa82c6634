import type { CliIo, Command } from './command'
import { CliError } from './command'
import { CaptureOpenError } from '../main/engine/readers/read-capture-file'
import { readCommand } from './commands/read'
import { fieldsCommand } from './commands/fields'
import { followCommand } from './commands/follow'
import { statesCommand } from './commands/states'
import { convCommand } from './commands/conv'
import { serveCommand } from './commands/serve'
import { captureCommand } from './commands/capture'

/** Commands in the order `--help` lists them. Each lives in its own module under commands/. */
const COMMANDS: Command[] = [
  readCommand,
  fieldsCommand,
  followCommand,
  statesCommand,
  convCommand,
  serveCommand,
  captureCommand,
]

function help(): string {
  const lines = [
    'wirelite — read, decode and explain packet captures',
    '',
    'Usage: wirelite <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Run `wirelite <command> --help` for the options of one command.',
  ]
  return lines.join('\n') + '\n'
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help())
    return name ? 0 : 2
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`wirelite ${__WIRELITE_VERSION__}\n`)
    return 0
  }
  const cmd = COMMANDS.find((c) => c.name === name)
  if (!cmd) {
    io.stderr.write(`wirelite: unknown command '${name}'. Run 'wirelite --help' for the list.\n`)
    return 2
  }
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

/** A `wirelite` sub-command. `run` returns the process exit code; it writes to the given streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

export interface Command {
  name: string
  summary: string
  usage: string
  run(args: string[], io: CliIo): Promise<number>
}

/** A user-facing failure: printed as one line `wirelite: <message>` with the exit code, never a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

import type { Command } from '../command'
import { CliError } from '../command'

// Placeholder while the engine lands; replaced by the real command in this same issue.
export const readCommand: Command = {
  name: 'read',
  summary: '(in progress)',
  usage: 'wirelite read FILE',
  async run() {
    throw new CliError('read is not available yet')
  },
}

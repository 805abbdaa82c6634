import type { Command } from '../command'
import { CliError } from '../command'

// Placeholder while the engine lands; replaced by the real command in this same issue.
export const fieldsCommand: Command = {
  name: 'fields',
  summary: '(in progress)',
  usage: 'wirelite fields FILE',
  async run() {
    throw new CliError('fields is not available yet')
  },
}

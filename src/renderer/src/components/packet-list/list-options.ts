import type { RowColorClass, TimeFormat } from '../../../../shared/ipc/contract'

/** The time formats in menu order (View ▸ Time Display Format and the Time column's menu). */
export const TIME_FORMATS: readonly TimeFormat[] = [
  'sinceStart',
  'sincePrevious',
  'sincePreviousDisplayed',
  'absolute',
  'epoch',
]

/** Row colour classes in legend order (most specific first, as the engine applies them). */
export const ROW_COLORS: readonly RowColorClass[] = [
  'malformed',
  'tcp-rst',
  'tcp-analysis',
  'tcp-syn',
  'tcp-fin',
  'tcp',
  'udp',
  'icmp',
  'arp',
  'other',
]

import { stateName } from '../../../../shared/explain/tcp-states'

/**
 * "Hide next": before packet N+1 is drawn the student predicts its seq / ack (as the view shows them,
 * relative or absolute) and the endpoint states after it. Blank answers are not graded.
 */
export interface Prediction {
  seq: string
  ack: string
  client: string
  server: string
}

export interface Actual {
  seq: number
  ack: number
  hasAck: boolean
  /** State codes after the packet. */
  client: number
  server: number
}

export type Verdict = 'right' | 'wrong' | 'skipped'

export interface QuizResult {
  seq: Verdict
  ack: Verdict
  client: Verdict
  server: Verdict
  /** Every graded answer right (and at least one graded). */
  allRight: boolean
}

function num(answer: string, actual: number): Verdict {
  const s = answer.trim()
  if (s === '') return 'skipped'
  // Accept "seq = 5", "5", "5:9" (the start counts) — what students copy from tcpdump.
  const m = /(\d+)/.exec(s)
  return m && Number(m[1]) === actual ? 'right' : 'wrong'
}

function state(answer: string, actual: number): Verdict {
  const s = answer.trim().toUpperCase().replace(/[-\s]/g, '_')
  if (s === '') return 'skipped'
  return s === stateName(actual) ? 'right' : 'wrong'
}

export function gradePrediction(p: Prediction, a: Actual): QuizResult {
  const r = {
    seq: num(p.seq, a.seq),
    ack: a.hasAck ? num(p.ack, a.ack) : p.ack.trim() === '' ? 'skipped' : ('wrong' as Verdict),
    client: state(p.client, a.client),
    server: state(p.server, a.server),
  }
  const graded = Object.values(r).filter((v) => v !== 'skipped')
  return { ...r, allRight: graded.length > 0 && graded.every((v) => v === 'right') }
}

export function emptyPrediction(): Prediction {
  return { seq: '', ack: '', client: '', server: '' }
}

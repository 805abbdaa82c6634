/** Public API of the TCP endpoint state machine. */
export { runStateMachine, TcpStateTracker } from './machine'
export type { StreamStates, TcpTransition } from './machine'
export { allocSegments, segmentsFromList, parseFlagLetters } from './segments'
export type { TcpSegments, SegmentInit } from './segments'
export { streamSegments, streamStates, computeCaptureStates, captureExplanations } from './from-index'
export type { CaptureStates } from './from-index'

// The verdict of a run and the one-line result main.ts turns into setFailed (or success).

import { Inputs } from '../runtime/names.js'
import type { PollOutcome, Replacement } from '../deployment/model.js'

/** How the run ended; main.ts turns a failure into exactly one setFailed. */
export type RunResult = { ok: true } | { ok: false; message: string }

/** Set when the run was canceled with `cancel-on-abort`: whether Azure shows it Canceled. */
export interface Cancellation {
  canceled: boolean
  error?: string
  /** ARM answered 404 to the cancel and every read: a PUT cut short had not reached it (yet). */
  notFound?: boolean
}

/** Verdicts for outcomes other than a finished deployment (whose verdict is its state). */
const VERDICTS: Partial<Record<PollOutcome['kind'], string>> = {
  timeout: 'TimedOut',
  aborted: 'Aborted',
  lost: 'Unknown',
  replaced: 'Replaced'
}

/** A finished deployment's state, else TimedOut, Aborted, Canceled, CancelRequested or Unknown. */
export function verdictOf(kind: PollOutcome['kind'], state: string, cancel?: Cancellation): string {
  if (cancel) return cancel.canceled ? 'Canceled' : 'CancelRequested'
  return VERDICTS[kind] ?? state
}

/** What happened to the deployment in Azure when the run was canceled with `cancel-on-abort`. */
export function cancellationNote(name: string, state: string, cancel: Cancellation): string {
  if (cancel.canceled)
    return `The run was canceled, so deployment ${name} was canceled in Azure (input '${Inputs.CancelOnAbort}').`
  const why = cancel.error ? ` The cancel request failed: ${cancel.error}` : ''
  // No state to quote: ARM may still accept the PUT that was in flight, which the post step cancels.
  const stood = cancel.notFound ? 'ARM had not shown the deployment yet' : `it was still ${state}`
  return `The run was canceled and deployment ${name} was asked to cancel in Azure (input '${Inputs.CancelOnAbort}'), but ${stood} when the step had to stop; the post step tries again.${why}`
}

/** The followed deployment's name was taken by another run's: its result is not this run's. */
export function replacedMessage(name: string, r: Replacement): string {
  return `Deployment ${name} was replaced by another run (correlation id ${r.from} → ${r.to}) before this run saw it end: how this run's deployment ended is unknown, and the result now under that name is the other run's. Azure's activity log has this run's deployment under correlation id ${r.from}.`
}

export interface ResultInput {
  outcome: PollOutcome
  verdict: string
  state: string
  name: string
  /** How long it ran, formatted. */
  took: string
  /** How to wait for the deployment again. */
  attach: string
  cancelNote?: string
}

/** The run's result: ok only for a deployment that finished Succeeded. */
export function runResult(r: ResultInput): RunResult {
  const { outcome, name, took, attach } = r
  switch (outcome.kind) {
    case 'timeout':
      return {
        ok: false,
        message: `Gave up waiting for deployment ${name} after ${took} (input '${Inputs.Timeout}'); it is still running in Azure. ${attach}`
      }
    case 'lost':
      return {
        ok: false,
        message: `${outcome.error.message}\nThe deployment may still be running in Azure. ${attach}`
      }
    case 'aborted':
      if (r.cancelNote) return { ok: false, message: r.cancelNote }
      return {
        ok: false,
        message: `Stopped waiting for deployment ${name}; it goes on in Azure. ${attach}`
      }
    case 'replaced':
      return { ok: false, message: replacedMessage(name, outcome.replacement) }
    case 'finished':
      if (r.verdict === 'Succeeded') return { ok: true }
      return {
        ok: false,
        message: `Deployment ${name} ended ${r.state} after ${took}; see the errors above and the job summary.`
      }
  }
}

// Lists a deployment's operations and, below it, its nested deployments', for progress only: the
// deployment's own GET decides the verdict. A listing that fails (403 AuthorizationFailed on a
// nested deployment in another subscription, a list that times out) costs progress detail, never
// the poll: the last operations listed there stand in, one warning says so, and it is tried again
// less and less often.
//
// Reading cost is bounded too: a listing of up to three pages (300 operations) is read every poll;
// a longer one every ceil(pages / 3) polls, at once when its nested deployment changes state, and
// whole on the last poll (ended, or at the deadline). At ARM's 800-operation maximum that is about
// 4 reads per poll instead of 9, for progress that lags by at most two polls. Each nested
// deployment keeps its own rhythm.

import type { FullOperationResponse } from '@azure-rest/core-client'
import type { Logger } from '../runtime/ports.js'
import { ArmCallError, statusOf, toArmCallError } from '../azure/arm-error.js'
import type { DeploymentApi } from '../azure/deployment-api.js'
import { parseDeploymentId, type ScopeTarget } from '../azure/scope.js'
import type { DeploymentRef, TrackedOperation } from './model.js'
import { isTerminal, type OperationTracker } from './operation-tracker.js'

type OnResponse = (r: FullOperationResponse) => void

/** Polls between retries of a failing listing grow 1, 2, 4, 8, then stay at this. */
const MAX_RETRY_GAP = 8
/** How deep nested deployments are followed. */
const MAX_DEPTH = 10
/** Pages of one listing worth reading every poll; a longer listing is read every ceil(pages / this). */
const PAGES_PER_POLL = 3

/** The poll a listing is for. */
export interface ListPoll {
  poll: number
  /** Dates operations ARM gives no times for. */
  now: number
  onResponse: OnResponse
  /** The deployment has ended or this is the last poll: every listing is read, for the summary. */
  finished: boolean
}

interface Listing {
  /** The nested deployment's state when it was listed ('' for the top level). */
  state: string
  /** Its own operations, as last read. */
  own: TrackedOperation[]
  /** Its own operations and those of every deployment below it, as last put together. */
  operations: TrackedOperation[]
  /** Poll number from which its own operations are read again. */
  readAt: number
  /** It had ended when read, and so had everything below it: nothing there changes any more. */
  settled: boolean
}

interface Failing {
  count: number
  /** Poll number before which the listing is not tried again. */
  retryAt: number
}

export class OperationTree {
  /** Last successful listing per deployment id (lower case). */
  private readonly listed = new Map<string, Listing>()
  private readonly failing = new Map<string, Failing>()
  /** `<deployment id> <kind>` of every failure already warned about. */
  private readonly warned = new Set<string>()

  constructor(
    private readonly api: DeploymentApi,
    private readonly tracker: OperationTracker,
    private readonly logger: Logger
  ) {}

  /**
   * Every operation of the tree as far as it can be listed this poll; never throws. Operations of
   * a deployment that could not be listed are the ones listed there last.
   */
  async list(ref: DeploymentRef, poll: ListPoll): Promise<TrackedOperation[]> {
    const out: TrackedOperation[] = []
    const top = { id: ref.id, state: '', target: ref.target, name: ref.name }
    await this.listInto(out, poll, top, '', 0)
    return out
  }

  /**
   * Lists `d` and what is below it into `out`. Returns whether that part of the tree has settled:
   * `d` has ended and was read in its final state, and so has everything below it. Only a settled
   * part is served from memory without a look below it.
   */
  private async listInto(
    out: TrackedOperation[],
    c: ListPoll,
    d: { id: string; state: string; target: ScopeTarget; name: string },
    label: string,
    depth: number
  ): Promise<boolean> {
    const { state, name } = d
    const key = d.id.toLowerCase()
    const last = this.listed.get(key)
    // A finished nested deployment's own operations do not change: read once more when it
    // finished, never again (a big tree would otherwise cost a request per module per poll for
    // hours). What is below it is still followed until it has settled too (a 404 or a failing
    // listing there must not freeze it).
    const ended = depth > 0 && last !== undefined && last.state === state && isTerminal(state)
    if (ended && last.settled) {
      for (const op of last.operations) out.push(op)
      return true
    }
    const failing = this.failing.get(key)
    if (!ended && failing && c.poll < failing.retryAt && !c.finished) {
      if (last) for (const op of last.operations) out.push(op)
      return false
    }
    const due = !ended && (!last || c.finished || c.poll >= last.readAt || last.state !== state)
    let own = last?.own ?? []
    let readAt = last?.readAt ?? 0
    if (due) {
      const read = await this.readOwn(c, d, label, depth, key)
      if (!read) {
        if (last) for (const op of last.operations) out.push(op)
        return false
      }
      own = read.own
      readAt = c.poll + Math.max(1, Math.ceil(read.pages / PAGES_PER_POLL))
      if (failing) this.recovered(key, name, label)
    }
    const start = out.length
    for (const op of own) out.push(op)
    let settled = depth > 0 && isTerminal(state)
    for (const op of own) {
      if (!op.isDeployment || !op.resourceId) continue
      const parsed = depth < MAX_DEPTH ? parseDeploymentId(op.resourceId) : undefined
      if (!parsed) continue
      const childLabel = label ? `${label}/${parsed.name}` : parsed.name
      const child = { id: op.resourceId, state: op.state, target: parsed.target, name: parsed.name }
      if (!(await this.listInto(out, c, child, childLabel, depth + 1))) settled = false
    }
    // The top level's listing is the whole of `out`, a new array each poll: kept as it is, not copied.
    const operations = start === 0 ? out : out.slice(start)
    this.listed.set(key, { state, own, operations, readAt, settled })
    return settled
  }

  /** One listing read whole (every page), or undefined when it failed (the last one stands in). */
  private async readOwn(
    c: ListPoll,
    d: { target: ScopeTarget; name: string },
    label: string,
    depth: number,
    key: string
  ): Promise<{ own: TrackedOperation[]; pages: number } | undefined> {
    const own: TrackedOperation[] = []
    let pages = 0
    try {
      // The iterator follows nextLink, so every page is read.
      const listing = this.api.listOperationPages(d.target, d.name, { onResponse: c.onResponse })
      for await (const page of listing) {
        pages++
        for (const listed of page) own.push(this.tracker.track(listed, label, c.now))
      }
      return { own, pages }
    } catch (error) {
      // A nested deployment just accepted may not be listable yet: not worth a word.
      if (!(depth > 0 && statusOf(error) === 404)) this.failed(key, d.name, label, c.poll, error)
      return undefined
    }
  }

  private failed(key: string, name: string, label: string, poll: number, error: unknown): void {
    const previous = this.failing.get(key)
    const count = (previous?.count ?? 0) + 1
    this.failing.set(key, { count, retryAt: poll + Math.min(MAX_RETRY_GAP, 2 ** (count - 1)) })
    const cause = toArmCallError(`Listing the operations of ${describe(name, label)}`, error)
    const message = oneLine(cause)
    const code = cause instanceof ArmCallError ? cause.detail?.code : undefined
    const kind = `${key} ${cause instanceof ArmCallError && cause.status ? cause.status : (code ?? 'error')}`
    if (this.warned.has(kind)) {
      this.logger.debug(`${message} (again, ${count} time(s) in a row)`)
      return
    }
    this.warned.add(kind)
    this.logger.warning(
      `${message.replace(/\.$/, '')}. Progress ${label ? 'below it' : 'of its operations'} is not shown until this works; ` +
        `the deployment itself is still polled and decides the verdict.`
    )
  }

  private recovered(key: string, name: string, label: string): void {
    const { count } = this.failing.get(key)!
    this.failing.delete(key)
    this.logger.info(
      `Listing the operations of ${describe(name, label)} works again (after ${count} failure(s))`
    )
  }
}

function describe(name: string, label: string): string {
  return label ? `nested deployment '${label}'` : `deployment '${name}'`
}

/** `<what> failed (HTTP 403): AuthorizationFailed: <ARM's message>`, on one line. */
function oneLine(error: Error): string {
  if (!(error instanceof ArmCallError)) return error.message.split('\n')[0]
  const said = [error.detail?.code, error.detail?.message].filter(Boolean).join(': ')
  const status = error.status ? `HTTP ${error.status}` : 'no response'
  return `${error.what} failed (${status})${said ? `: ${said.replace(/\s+/g, ' ')}` : ''}`
}

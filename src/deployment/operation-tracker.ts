// Remembers every deployment operation seen so far and says, per poll, which ones changed state.

import type { DeploymentOperation } from '@azure/arm-resourcesdeployments'
import { toErrorDetail, type ArmErrorDetail } from '../azure/arm-error.js'

/** ARM's provisioning state: Accepted, Running, Succeeded, Failed, Canceled (or a provider's own). */
export type OperationState = string

/** One operation as the reports need it (nested deployments' operations included). */
export interface TrackedOperation {
  /** Operation resource id: unique across the whole deployment tree. */
  key: string
  resourceType: string
  resourceName: string
  /** Resource id of the target, when the operation has one. */
  resourceId?: string
  state: OperationState
  /** Name of the nested deployment the operation belongs to ('' for the top-level one). */
  nestedDeployment: string
  /** Whether the target is itself a (nested) deployment. */
  isDeployment: boolean
  /** Epoch ms: first seen running, or ARM's timestamp minus its duration. */
  startedAt: number
  /** Epoch ms, once terminal. */
  finishedAt?: number
  statusCode?: string
  error?: ArmErrorDetail
}

export interface OperationChange {
  operation: TrackedOperation
  /** undefined when first seen. */
  from?: OperationState
}

export const TERMINAL_STATES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Canceled'])
export const DEPLOYMENT_TYPE = 'microsoft.resources/deployments'

export function isTerminal(state: string | undefined): boolean {
  return state !== undefined && TERMINAL_STATES.has(state)
}

/** ISO 8601 durations as ARM writes them (`PT1H2M3.5S`), in ms. */
export function parseIsoDuration(text: string | undefined): number | undefined {
  if (!text) return undefined
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text
    )
  if (!m) return undefined
  const [, d, h, min, s] = m.map((v) => Number(v ?? 0))
  return Math.round(((d * 24 + h) * 60 + min) * 60_000 + s * 1000)
}

/** Converts an SDK operation into a tracked one; `now` dates operations ARM gives no times for. */
export function toTracked(
  op: DeploymentOperation,
  nestedDeployment: string,
  now: number
): TrackedOperation {
  const p = op.properties ?? {}
  const target = p.targetResource
  const state = p.provisioningState ?? 'Accepted'
  const stamp = p.timestamp ? new Date(p.timestamp).getTime() : now
  const duration = parseIsoDuration(p.duration)
  const error = toErrorDetail(p.statusMessage?.error ?? p.statusMessage)
  return {
    key: op.id ?? `${nestedDeployment}/${op.operationId ?? ''}`,
    resourceType:
      target?.resourceType ??
      (p.provisioningOperation ? `(${p.provisioningOperation})` : '(operation)'),
    resourceName: target?.resourceName ?? target?.id?.split('/').pop() ?? op.operationId ?? '?',
    ...(target?.id ? { resourceId: target.id } : {}),
    state,
    nestedDeployment,
    isDeployment: target?.resourceType?.toLowerCase() === DEPLOYMENT_TYPE,
    startedAt: duration !== undefined ? stamp - duration : stamp,
    ...(isTerminal(state) ? { finishedAt: stamp } : {}),
    ...(p.statusCode ? { statusCode: p.statusCode } : {}),
    ...(state === 'Failed' && error ? { error } : {})
  }
}

export class OperationTracker {
  private readonly operations = new Map<string, TrackedOperation>()

  /** Takes the operations listed by one poll; returns those that are new or changed state. */
  update(listed: TrackedOperation[]): OperationChange[] {
    const changes: OperationChange[] = []
    for (const next of listed) {
      const prev = this.operations.get(next.key)
      // Keep the earliest start we know of: the first sighting may predate ARM's own duration.
      const merged = prev ? { ...next, startedAt: Math.min(prev.startedAt, next.startedAt) } : next
      this.operations.set(next.key, merged)
      if (!prev) changes.push({ operation: merged })
      else if (prev.state !== next.state) changes.push({ operation: merged, from: prev.state })
    }
    return changes
  }

  all(): TrackedOperation[] {
    return [...this.operations.values()]
  }

  /** Resource operations (nested deployments are containers and are counted by their contents). */
  resources(): TrackedOperation[] {
    return this.all().filter((o) => !o.isDeployment)
  }
}

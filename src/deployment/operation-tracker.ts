// Remembers every deployment operation seen so far and says, per poll, which ones changed state.

import type { OperationChange, TrackedOperation, TrackedOperations } from './model.js'
import type { DeploymentOperation } from '@azure/arm-resourcesdeployments'
import { parseIsoDuration } from '../duration.js'
import { toErrorDetail } from '../azure/arm-error.js'

const TERMINAL_STATES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Canceled'])
const DEPLOYMENT_TYPE = 'microsoft.resources/deployments'

export function isTerminal(state: string | undefined): boolean {
  return state !== undefined && TERMINAL_STATES.has(state)
}

/** Operation resource id: unique across the whole deployment tree. */
function operationKey(op: DeploymentOperation, nestedDeployment: string): string {
  return op.id ?? `${nestedDeployment}/${op.operationId ?? ''}`
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
  // Only a failure's status message is kept; the others are not worth parsing.
  const error =
    state === 'Failed' ? toErrorDetail(p.statusMessage?.error ?? p.statusMessage) : undefined
  return {
    key: operationKey(op, nestedDeployment),
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
    ...(error ? { error } : {})
  }
}

/**
 * Every poll lists every operation (800 at ARM's maximum) and almost none of them changed, so the
 * unchanged ones cost a map lookup and a state comparison: no conversion, no new objects.
 */
export class OperationTracker implements TrackedOperations {
  private readonly operations = new Map<string, TrackedOperation>()

  /** The tracked form of a listed operation: the one already held while its state is unchanged. */
  track(op: DeploymentOperation, nestedDeployment: string, now: number): TrackedOperation {
    const prev = this.operations.get(operationKey(op, nestedDeployment))
    if (prev && prev.state === (op.properties?.provisioningState ?? 'Accepted')) return prev
    return toTracked(op, nestedDeployment, now)
  }

  /** Takes the operations listed by one poll; returns those that are new or changed state. */
  update(listed: TrackedOperation[]): OperationChange[] {
    const changes: OperationChange[] = []
    for (const next of listed) {
      const prev = this.operations.get(next.key)
      // Same state: keep what we hold (its start is the earliest we know of).
      if (prev && (prev === next || prev.state === next.state)) continue
      // Keep the earliest start we know of: the first sighting may predate ARM's own duration.
      const merged = prev ? { ...next, startedAt: Math.min(prev.startedAt, next.startedAt) } : next
      this.operations.set(next.key, merged)
      changes.push(prev ? { operation: merged, from: prev.state } : { operation: merged })
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

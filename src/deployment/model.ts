// What the deployment modules hand each other (the deployment we follow, how a wait ended, one
// tracked operation), apart from the modules themselves so they and the report import no cycle.

import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import type { ArmErrorDetail } from '../azure/arm-error.js'
import type { ScopeTarget } from '../azure/scope.js'

/** Which deployment we are following. */
export interface DeploymentRef {
  target: ScopeTarget
  name: string
  /** Full resource id. */
  id: string
}

export interface StartedDeployment {
  ref: DeploymentRef
  correlationId?: string
  portalUrl: string
}

/** The operations seen while following a deployment (an OperationTracker), as the report reads them. */
export interface TrackedOperations {
  all(): TrackedOperation[]
  /** Resource operations (nested deployments are containers and are counted by their contents). */
  resources(): TrackedOperation[]
}

export type PollOutcome =
  | { kind: 'finished'; deployment: DeploymentExtended; tracker: TrackedOperations }
  | { kind: 'timeout'; deployment?: DeploymentExtended; tracker: TrackedOperations }
  | { kind: 'aborted'; deployment?: DeploymentExtended; tracker: TrackedOperations }
  /** Polling kept failing beyond the tolerated window: the deployment's fate is unknown. */
  | { kind: 'lost'; error: Error; deployment?: DeploymentExtended; tracker: TrackedOperations }
  /**
   * Another run's deployment took the name after ours ended, between two polls: how ours ended is
   * unknown (ARM keeps one deployment per name). `deployment` is ours as last seen.
   */
  | {
      kind: 'replaced'
      replacement: Replacement
      deployment?: DeploymentExtended
      tracker: TrackedOperations
    }

/** The followed deployment's name now holds another request's deployment. */
export interface Replacement {
  /** Correlation id of the deployment this run followed. */
  from: string
  /** Correlation id of the one that now holds the name. */
  to: string
}

/** ARM's provisioning state: Accepted, Running, Succeeded, Failed, Canceled (or a provider's own). */
type OperationState = string

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

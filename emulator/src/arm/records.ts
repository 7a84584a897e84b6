// Deployment and operation records: creating them, settling operations, and the small derived
// values ARM reports (template hash, parameter/output type names, onErrorDeployment outcome).
import { ArmError, type ErrorDetail } from './errors.js'
import { key } from './scopes.js'
import type { DeploymentRecord, OperationRecord, Store } from './store.js'
import type { PlannedResource } from './resource-plan.js'

export type NewDeployment = Pick<
  DeploymentRecord,
  'id' | 'name' | 'scope' | 'location' | 'correlationId' | 'request'
> & { tags?: Record<string, string> }

/** A deployment in Accepted state; PUT gives it an async-operation id, nested ones need none. */
export function newRecord(fields: NewDeployment, now: number): DeploymentRecord {
  return {
    ...fields,
    state: 'Accepted',
    startedAt: now,
    operations: [],
    outputResources: [],
    dependencies: [],
    templateHash: templateHash(JSON.stringify(fields.request.template)),
    asyncOperationId: '',
    timers: new Set(),
    children: [],
    onFinish: []
  }
}

/** Ends an operation: Succeeded (OK), Failed (with the error) or Canceled. */
export function settle(
  op: OperationRecord,
  now: number,
  outcome:
    | { state: 'Succeeded' }
    | { state: 'Failed'; error: ErrorDetail; statusCode?: string }
    | { state: 'Canceled' }
): void {
  op.provisioningState = outcome.state
  op.endedAt = now
  if (outcome.state === 'Succeeded') {
    op.statusCode = 'OK'
    op.statusMessage = { status: 'Succeeded' }
  } else if (outcome.state === 'Failed') {
    op.statusCode = outcome.statusCode ?? 'BadRequest'
    op.statusMessage = { status: 'Failed', error: outcome.error }
  }
}

/** What onErrorDeployment resolves to: the last (or the named) successful deployment at the scope. */
export function onErrorOutcome(
  store: Store,
  record: DeploymentRecord
): DeploymentRecord['onErrorDeployment'] {
  const wanted = record.request.onErrorDeployment ?? {}
  const type = wanted.type ?? 'LastSuccessful'
  const candidates = [...store.deployments.values()].filter(
    (d) => d !== record && d.state === 'Succeeded' && key(d.scope.id) === key(record.scope.id)
  )
  const target =
    type === 'SpecificDeployment'
      ? candidates.find((d) => d.name.toLowerCase() === (wanted.deploymentName ?? '').toLowerCase())
      : candidates.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0]
  return {
    type,
    deploymentName: target?.name ?? wanted.deploymentName,
    provisioningState: target ? 'Succeeded' : 'Failed'
  }
}

export function target(r: PlannedResource): OperationRecord['targetResource'] {
  return {
    id: r.id,
    resourceType: r.type,
    resourceName: r.name,
    ...(r.apiVersion ? { apiVersion: r.apiVersion } : {}),
    ...(r.symbolicName ? { symbolicName: r.symbolicName } : {})
  }
}

export function toDetail(error: unknown): ErrorDetail {
  if (error instanceof ArmError) return error.detail
  return {
    code: 'InternalServerError',
    message: error instanceof Error ? error.message : String(error)
  }
}

export function normalizeType(type: string): string {
  const names: Record<string, string> = {
    string: 'String',
    securestring: 'SecureString',
    int: 'Int',
    bool: 'Bool',
    object: 'Object',
    secureobject: 'SecureObject',
    array: 'Array'
  }
  return names[type.toLowerCase()] ?? type
}

export function templateHash(text: string): string {
  let h = 1469598103934665603n
  for (let i = 0; i < text.length; i++)
    h = ((h ^ BigInt(text.charCodeAt(i))) * 1099511628211n) & 0xffffffffffffffffn
  return h.toString()
}

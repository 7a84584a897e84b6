// One error annotation per failed operation: resource, code, message, target and nested details.

import type { Logger } from '../runtime/ports.js'
import { formatErrorDetail, type ArmErrorDetail } from '../azure/arm-error.js'
import type { TrackedOperation } from '../deployment/model.js'

/**
 * The operations worth an annotation: failed resources, and failed nested deployments only when
 * none of their own operations failed (otherwise the nested one just repeats its child's error).
 */
export function failuresToAnnotate(operations: TrackedOperation[]): TrackedOperation[] {
  const failed = operations.filter((o) => o.state === 'Failed')
  return failed.filter(
    (o) =>
      !o.isDeployment ||
      !failed.some(
        (child) => child.nestedDeployment.split('/').pop() === o.resourceName && child !== o
      )
  )
}

export function annotationTitle(op: TrackedOperation): string {
  const where = op.nestedDeployment ? ` in ${op.nestedDeployment}` : ''
  return `${op.resourceName} (${op.resourceType}) failed${where}`
}

function annotationMessage(op: TrackedOperation): string {
  const detail: ArmErrorDetail = op.error ?? {
    message: `provisioning failed${op.statusCode ? ` (${op.statusCode})` : ''}`
  }
  const target = op.resourceId ? `\nresource: ${op.resourceId}` : ''
  return `${op.resourceName}: ${formatErrorDetail(detail)}${target}`
}

/** Annotates each failure; when no operation explains it, the deployment's own error. */
export function annotateFailures(
  operations: TrackedOperation[],
  deploymentError: ArmErrorDetail | undefined,
  deploymentName: string,
  logger: Logger
): number {
  const failures = failuresToAnnotate(operations)
  for (const op of failures) logger.error(annotationMessage(op), { title: annotationTitle(op) })
  if (failures.length === 0 && deploymentError) {
    logger.error(formatErrorDetail(deploymentError), {
      title: `Deployment ${deploymentName} failed`
    })
    return 1
  }
  return failures.length
}

// How a deployment's template expressions see the world: its parameters and variables, its scope
// and location, and reference() of what earlier operations created (resources and deployments).
import type { ArmContext } from '../types.js'
import { ArmError } from './errors.js'
import type { EvalContext } from './expressions.js'
import { deploymentId, key, parseDeploymentId, type Scope } from './scopes.js'
import type { DeploymentRecord, Store } from './store.js'
import { checkParameters } from './parameters.js'
import { createEvalContext } from './template-context.js'

export const DEFAULT_LOCATION = 'eastus'

export class Evaluator {
  constructor(
    private readonly ctx: ArmContext,
    private readonly store: Store
  ) {}

  /** The evaluation context of a deployment (also used by validate and what-if). */
  evalContext(
    record: Pick<DeploymentRecord, 'id' | 'name' | 'scope' | 'location' | 'request'>,
    outer?: EvalContext
  ): EvalContext {
    const values = outer ? {} : checkParameters(record.request.template, record.request.parameters)
    const location =
      (record.scope.resourceGroup &&
        this.store.group(record.scope.subscriptionId ?? '', record.scope.resourceGroup)
          ?.location) ??
      record.location ??
      DEFAULT_LOCATION
    const symbols = outer?.symbols ?? new Map<string, string>()
    return createEvalContext(record.request.template, values, {
      symbols,
      scope: record.scope,
      tenantId: this.ctx.tenantId,
      location,
      deployment: {
        name: record.name,
        id: record.id,
        ...(record.request.templateLink ? { templateLink: record.request.templateLink } : {})
      },
      reference: (target, full) =>
        this.reference(symbols.get(target.toLowerCase()) ?? target, full, record.scope),
      outer
    })
  }

  reference(target: string, full: boolean, scope: Scope): unknown {
    // A deployment by id, or by name at this scope (reference('module') in the same template).
    const asDeployment = parseDeploymentId(target)
      ? this.store.deployments.get(key(target))
      : target.includes('/')
        ? undefined
        : this.store.deployments.get(key(deploymentId(scope, target)))
    if (asDeployment) {
      const outputs = asDeployment.outputs ?? {}
      const properties = {
        provisioningState: asDeployment.state,
        outputs,
        correlationId: asDeployment.correlationId
      }
      return full
        ? {
            id: asDeployment.id,
            name: asDeployment.name,
            type: 'Microsoft.Resources/deployments',
            properties
          }
        : properties
    }
    const resource =
      this.store.resources.get(key(target)) ??
      [...this.store.resources.values()].find(
        (r) => r.name.toLowerCase() === target.toLowerCase() && key(r.id).startsWith(key(scope.id))
      )
    if (!resource) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${target}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
      )
    }
    const { deploymentId: _deploymentId, ...body } = resource
    return full ? body : resource.properties
  }
}

// A nested deployment (a Bicep module, a Microsoft.Resources/deployments resource) turned into
// the child deployment ARM starts: its scope (which must exist), its template inline or linked,
// its parameters ('inner' or linked modules have their own), location and mode.
import type { EvalContext } from './eval-context.js'
import { ArmError } from './errors.js'
import { evaluateDeep } from './expressions.js'
import type { LinkedContent, TemplateLink } from './linked-content.js'
import type { NewDeployment } from './records.js'
import type { PlannedResource } from './resource-plan.js'
import type { DeploymentRecord, Store } from './store.js'
import { parseTemplate, type GivenParameters } from './template.js'

/** The child deployment of `resource`; the caller checks an inner module's parameters. */
export function childRequest(
  parent: DeploymentRecord,
  resource: PlannedResource,
  evalCtx: EvalContext,
  links: LinkedContent,
  store: Store
): { fields: NewDeployment; inner: boolean; local: EvalContext } {
  const local = { ...evalCtx, copyIndex: resource.copyIndex }
  const props = resource.definition.properties ?? {}
  // A linked template always has its own parameters, like an 'inner' one.
  const inner =
    !!props.templateLink ||
    String(
      (props.expressionEvaluationOptions as { scope?: string } | undefined)?.scope ?? 'outer'
    ).toLowerCase() === 'inner'
  const link = props.templateLink
    ? links.template(
        evaluateDeep(props.templateLink, local) as TemplateLink,
        parent.request.templateLink?.uri
      )
    : undefined
  const childScope = resource.childScope ?? parent.scope
  if (
    childScope.kind === 'resourceGroup' &&
    !store.group(childScope.subscriptionId ?? '', childScope.resourceGroup ?? '')
  ) {
    throw new ArmError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${childScope.resourceGroup}' could not be found.`
    )
  }
  const template = parseTemplate(link ? link.template : props.template)
  const parametersLink = props.parametersLink
    ? (evaluateDeep(props.parametersLink, local) as { uri: string })
    : undefined
  const parameters = parametersLink
    ? links.parameters(parametersLink).parameters
    : inner
      ? (evaluateDeep(props.parameters ?? {}, local) as GivenParameters)
      : {}
  const location =
    resource.definition.location === undefined
      ? parent.location
      : String(evaluateDeep(resource.definition.location, local))
  const mode =
    typeof props.mode === 'string' && props.mode.toLowerCase() === 'complete'
      ? 'Complete'
      : 'Incremental'
  const fields: NewDeployment = {
    id: resource.id,
    name: resource.name,
    scope: childScope,
    location: childScope.kind === 'resourceGroup' ? undefined : location,
    correlationId: parent.correlationId,
    request: {
      template,
      parameters,
      ...(link ? { templateLink: link.link } : {}),
      ...(parametersLink ? { parametersLink: { uri: parametersLink.uri } } : {}),
      mode,
      expressionEvaluationOptions: { scope: inner ? 'inner' : 'outer' }
    }
  }
  return { fields, inner, local }
}

// ARM's documented limits (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices
// #template-limits): template 4 MB, parameters 4 MB, and the request as a whole. We check the serialized
// sizes before sending so the user gets a clear error instead of a 413 or JobSizeExceeded. ARM applies the
// template limit after expanding copy loops, so a template under the limit here can still be refused.

import type { DeploymentContent } from './types.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'

const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
const MAX_PARAMETERS_BYTES = 4 * 1024 * 1024
const MAX_REQUEST_BYTES = 4 * 1024 * 1024

const LIMITS_URL =
  'https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits'

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
}

/**
 * Throws when the content exceeds a limit. `templateInputs`/`parametersInputs` name the inputs the
 * template and the parameters came from.
 */
export function checkSizeLimits(
  content: Pick<DeploymentContent, 'template' | 'templateLink' | 'parameters' | 'parametersLink'>,
  templateInputs: string[],
  parametersInputs: string[]
): void {
  const templateBytes = content.template ? jsonBytes(content.template) : 0
  if (templateBytes > MAX_TEMPLATE_BYTES) {
    throw new TemplateInputError(
      templateInputs[0],
      `${named(...templateInputs)}: the template is ${mb(templateBytes)}; ARM accepts at most 4 MB (${LIMITS_URL}). Move parts into linked templates or Bicep modules published as template specs.`
    )
  }
  const parametersBytes = jsonBytes(content.parameters)
  if (parametersBytes > MAX_PARAMETERS_BYTES) {
    throw new TemplateInputError(
      parametersInputs[0],
      `${named(...parametersInputs)}: the parameters are ${mb(parametersBytes)}; ARM accepts at most 4 MB (${LIMITS_URL}).`
    )
  }
  const requestBytes = jsonBytes({ properties: content })
  if (requestBytes > MAX_REQUEST_BYTES) {
    throw new TemplateInputError(
      templateInputs[0],
      `${named(...new Set([...templateInputs, ...parametersInputs]))}: the deployment request would be ${mb(requestBytes)} (template ${mb(templateBytes)}, parameters ${mb(parametersBytes)}); ARM accepts at most 4 MB per request (${LIMITS_URL}).`
    )
  }
}

// POST /providers/Microsoft.Resources/calculateTemplateHash: the body is the template; the answer
// is a TemplateHashResult (the spec's example: the template minified and upper-cased, and a
// decimal 64-bit hash). ARM's hash function is not published: ours is deterministic, the same
// one deployments report as `templateHash`.
import type { ArmRequest, ArmResponse } from '../types.js'
import { ArmError } from './errors.js'
import { templateHash } from './records.js'

export function calculateTemplateHash(req: ArmRequest): ArmResponse {
  if (req.method.toUpperCase() !== 'POST') {
    throw new ArmError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${req.method.toUpperCase()}'.`
    )
  }
  const template: unknown = typeof req.body === 'string' ? JSON.parse(req.body) : req.body
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'The template is missing or is not a JSON object.'."
    )
  }
  const minifiedTemplate = JSON.stringify(template).toUpperCase()
  return {
    status: 200,
    body: { minifiedTemplate, templateHash: templateHash(JSON.stringify(template)) },
    schema: 'TemplateHashResult'
  }
}

// Input checks that need the loaded template: they run after loading and before sign-in, so a
// mistake still ends with one error naming the input and nothing sent to Azure.

import { Inputs } from '../runtime/names.js'
import { TemplateInputError } from '../errors.js'
import type { Logger } from '../runtime/ports.js'
import type { ScopeType } from '../settings/settings.js'
import type { DeploymentContent } from './types.js'
import { isPlainObject } from './parameter-values.js'

export interface ContentCheckInput {
  /** `masked-outputs`. */
  maskedOutputs: string[]
  /** The `scope` the deployment goes to. */
  scope: ScopeType
  /** The `$schema` file templates for that scope use (the scope table's `templateSchema`). */
  templateSchema: string
}

const ANY_SCOPE_SCHEMA = 'deploymenttemplate.json'

/**
 * A local template whose `$schema` is another scope's (a subscription template sent to a resource
 * group) is refused, as ARM refuses it at the PUT. `deploymentTemplate.json` is taken at every scope.
 */
export function checkTemplateSchema(
  content: Pick<DeploymentContent, 'template'>,
  check: Pick<ContentCheckInput, 'scope' | 'templateSchema'>
): void {
  const schema = content.template?.$schema
  if (typeof schema !== 'string') return
  const file = /\/([a-z]*deploymenttemplate\.json)/i.exec(schema)?.[1]
  if (!file) return
  const lower = file.toLowerCase()
  if (lower === ANY_SCOPE_SCHEMA || lower === check.templateSchema.toLowerCase()) return
  const wanted =
    check.templateSchema.toLowerCase() === ANY_SCOPE_SCHEMA
      ? check.templateSchema
      : `${check.templateSchema} (or deploymentTemplate.json)`
  throw new TemplateInputError(
    Inputs.Scope,
    `Input '${Inputs.Scope}' is '${check.scope}', but the template's $schema is ${file}, a template for another scope: expected a template whose $schema is ${wanted}, or the scope the template was written for.`
  )
}

/**
 * Every name in `masked-outputs` must be an output the template declares: a typo there would leave
 * a secret unmasked. Refused for a local template; a linked one cannot be read here, so a warning
 * says the names were not checked.
 */
export function checkMaskedOutputs(
  content: Pick<DeploymentContent, 'template' | 'templateLink'>,
  maskedOutputs: string[],
  logger: Pick<Logger, 'warning'>
): void {
  if (maskedOutputs.length === 0) return
  if (!content.template) {
    if (content.templateLink) {
      logger.warning(
        `Input '${Inputs.MaskedOutputs}' could not be checked against the template's outputs (the template is linked, not read here): ${maskedOutputs.join(', ')} are masked only if the deployment returns outputs of exactly those names.`
      )
    }
    return
  }
  const declared = isPlainObject(content.template.outputs)
    ? Object.keys(content.template.outputs)
    : []
  const known = new Set(declared.map((n) => n.toLowerCase()))
  const unknown = maskedOutputs.filter((n) => !known.has(n.toLowerCase()))
  if (unknown.length === 0) return
  const list = unknown.map((n) => `'${n}'`).join(', ')
  const expected = declared.length
    ? `names of the template's outputs (${declared.join(', ')})`
    : 'no names: the template declares no outputs'
  throw new TemplateInputError(
    Inputs.MaskedOutputs,
    `Input '${Inputs.MaskedOutputs}' names ${list}, which the template does not declare as ${unknown.length > 1 ? 'outputs' : 'an output'}: expected ${expected}.`
  )
}

/** Both checks, in the order a user fixes them. */
export function checkContent(
  content: DeploymentContent,
  check: ContentCheckInput,
  logger: Pick<Logger, 'warning'>
): void {
  checkTemplateSchema(content, check)
  checkMaskedOutputs(content, check.maskedOutputs, logger)
}

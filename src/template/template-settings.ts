// The template/parameter inputs as read-inputs.ts hands them over, and the checks that need no I/O:
// which inputs may be combined, file kinds, URL shapes, the inline parameters' syntax.

import path from 'node:path'
import { Inputs } from '../runtime/names.js'
import { parseInlineParameters } from './parameter-values.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'
import type { TemplateSettings } from '../settings/settings.js'

export function present(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== ''
}

export function extensionOf(file: string): string {
  return path.extname(file).toLowerCase()
}

export function isBicepparam(file: string): boolean {
  return extensionOf(file) === '.bicepparam'
}

const TEMPLATE_SPEC_VERSION_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Resources\/templateSpecs\/[^/]+\/versions\/[^/]+$/i

function checkUrl(input: string, value: string): void {
  let url: URL | undefined
  try {
    url = new URL(value.trim())
  } catch {
    url = undefined
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    // The value is not echoed: a storage URL may carry a SAS token.
    throw new TemplateInputError(
      input,
      `${named(input)}: expected an absolute https:// URL that Azure Resource Manager can download, got ${url ? `a ${url.protocol} URL` : 'something else'}.`
    )
  }
}

/** Input-level checks (which combination of inputs is allowed, file kinds, inline syntax), no I/O. */
export function validateTemplateSettings(s: TemplateSettings): void {
  const given = (
    [
      [Inputs.TemplateFile, s.templateFile],
      [Inputs.TemplateUri, s.templateUri],
      [Inputs.TemplateSpecId, s.templateSpecId]
    ] as const
  )
    .filter(([, v]) => present(v))
    .map(([name]) => name)
  if (given.length > 1) {
    throw new TemplateInputError(
      given[1],
      `${named(...given)} are ${given.length === 2 ? 'both' : 'all'} set: expected only one of them.`
    )
  }
  const bicepparams = s.parametersFiles.filter(isBicepparam)
  if (given.length === 0 && bicepparams.length === 0) {
    throw new TemplateInputError(
      Inputs.TemplateFile,
      `${named(Inputs.TemplateFile)} is required: expected a .json or .bicep file, or else '${Inputs.TemplateUri}', '${Inputs.TemplateSpecId}', or a .bicepparam in '${Inputs.ParametersFile}' (its \`using\` names the template).`
    )
  }
  if (present(s.templateFile) && !['.json', '.bicep'].includes(extensionOf(s.templateFile))) {
    throw new TemplateInputError(
      Inputs.TemplateFile,
      `${named(Inputs.TemplateFile)} has '${s.templateFile}': expected a .json ARM template or a .bicep file.`
    )
  }
  if (present(s.templateUri)) checkUrl(Inputs.TemplateUri, s.templateUri)
  if (present(s.templateSpecId) && !TEMPLATE_SPEC_VERSION_ID.test(s.templateSpecId.trim())) {
    throw new TemplateInputError(
      Inputs.TemplateSpecId,
      `${named(Inputs.TemplateSpecId)} has '${s.templateSpecId}': expected a template spec version ID, /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Resources/templateSpecs/{name}/versions/{version}.`
    )
  }
  for (const file of s.parametersFiles) {
    if (!['.json', '.bicepparam'].includes(extensionOf(file))) {
      throw new TemplateInputError(
        Inputs.ParametersFile,
        `${named(Inputs.ParametersFile)} has '${file}': expected a .json parameters file or a .bicepparam file.`
      )
    }
  }
  if (bicepparams.length > 1) {
    throw new TemplateInputError(
      Inputs.ParametersFile,
      `${named(Inputs.ParametersFile)} has ${bicepparams.length} .bicepparam files (${bicepparams.join(', ')}): expected at most one, as each names its own template.`
    )
  }
  if (present(s.parametersUri)) {
    if (s.parametersFiles.length > 0 || present(s.inlineParameters)) {
      throw new TemplateInputError(
        Inputs.ParametersUri,
        `${named(Inputs.ParametersUri)} cannot be combined with '${Inputs.ParametersFile}' or '${Inputs.Parameters}': ARM takes either a parameters link or parameter values, not both.`
      )
    }
    checkUrl(Inputs.ParametersUri, s.parametersUri)
  }
  parseInlineParameters(s.inlineParameters)
}

// Turns the template/parameter inputs into the content of an ARM deployment request
// (`properties.template`/`templateLink`, `parameters`/`parametersLink`). Loading only: no Azure calls.
//
// How to call it:
//
//   // settings/read-inputs.ts, while reading inputs (no I/O; throws TemplateInputError, an InputError):
//   const template: TemplateSettings = { templateFile, parametersFiles, inlineParameters, ... }
//   validateTemplateSettings(template)
//   // flow/run-deployment.ts, before authenticating:
//   const content = await loadDeploymentContent(settings.template, { logger })
//   for (const name of content.secureParameterNames) ...setSecret on content.parameters[name].value
//   properties: { mode, template, templateLink, parameters, parametersLink } from content
//
// Every error that is the user's fault is a TemplateInputError whose `input` names the action input.

import { readFile } from 'node:fs/promises'
import type { Logger } from '../runtime/ports.js'
import { Inputs } from '../runtime/names.js'
import { ParameterSet } from './parameter-set.js'
import { parametersFromDocument, parseInlineParameters } from './parameter-values.js'
import { checkSizeLimits } from './size-limits.js'
import type { CommandRunner, DeploymentContent } from './types.js'
import { secureParameterAndOutputNames } from './template-metadata.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'
import type { TemplateSettings } from '../settings/settings.js'
import { isBicepparam, present, validateTemplateSettings } from './template-settings.js'
import {
  bicepCli,
  loadBicepparam,
  loadTemplateFile,
  parseJsonFrom,
  readText,
  type Io
} from './template-sources.js'

export interface LoadDeps {
  logger: Logger
  /** Defaults to spawning the process. */
  exec?: CommandRunner
  /** Defaults to fs.readFile(path, 'utf8'). */
  readFile?: (path: string) => Promise<string>
  /** Where to look for `bicep`/`az` (PATH, PATHEXT). Defaults to process.env. */
  env?: NodeJS.ProcessEnv
}

/**
 * Reads/compiles the template and the parameters and returns the request content. Parameters files are
 * applied in order (a later file's value for a name replaces an earlier one, names matched
 * case-insensitively as ARM does), then the inline `parameters` on top. With a local template (or one from
 * a .bicepparam) the names take the template's spelling, and undeclared or missing required parameters
 * are input errors. Validates first, so calling validateTemplateSettings beforehand is optional.
 */
export async function loadDeploymentContent(
  s: TemplateSettings,
  deps: LoadDeps
): Promise<DeploymentContent> {
  validateTemplateSettings(s)
  const env = deps.env ?? process.env
  const io: Io = {
    logger: deps.logger,
    env,
    exec: deps.exec ?? (async (file, args) => (await bicepCli()).spawnRunner(env)(file, args)),
    readFile: deps.readFile ?? ((file) => readFile(file, 'utf8')),
    ...(s.bicepVersion ? { bicepVersion: s.bicepVersion } : {})
  }

  let template: Record<string, unknown> | undefined
  let templateLink: { uri?: string; id?: string } | undefined
  if (present(s.templateFile)) template = await loadTemplateFile(s.templateFile, io)
  else if (present(s.templateUri)) templateLink = { uri: s.templateUri.trim() }
  else if (present(s.templateSpecId)) templateLink = { id: s.templateSpecId.trim() }

  const parameters = new ParameterSet()
  for (const file of s.parametersFiles) {
    if (isBicepparam(file)) {
      const built = await loadBicepparam(file, io)
      parameters.apply(built.parameters, { input: Inputs.ParametersFile, file })
      if (template || templateLink) continue
      // No template input: the .bicepparam's `using` names the template.
      if (built.template) template = built.template
      else if (built.templateSpecId) templateLink = { id: built.templateSpecId }
      else {
        throw new TemplateInputError(
          Inputs.TemplateFile,
          `${named(Inputs.TemplateFile)} is required: the Bicep compiler returned no template for ${file} (its \`using\` names none).`
        )
      }
    } else {
      const doc = parseJsonFrom(
        await readText(file, Inputs.ParametersFile, io),
        Inputs.ParametersFile,
        file
      )
      parameters.apply(parametersFromDocument(doc, file), { input: Inputs.ParametersFile, file })
    }
  }
  parameters.apply(parseInlineParameters(s.inlineParameters), { input: Inputs.Parameters })
  if (template && !present(s.parametersUri)) parameters.checkAgainst(template)

  const content = {
    ...(template && { template }),
    ...(templateLink && { templateLink }),
    parameters: parameters.toObject(),
    ...(present(s.parametersUri) && { parametersLink: { uri: s.parametersUri.trim() } })
  }
  const templateInputs = [
    present(s.templateFile) || !template ? Inputs.TemplateFile : Inputs.ParametersFile
  ]
  const parametersInputs = [
    ...(s.parametersFiles.length > 0 ? [Inputs.ParametersFile] : []),
    ...(present(s.inlineParameters) ? [Inputs.Parameters] : [])
  ]
  checkSizeLimits(
    content,
    templateInputs,
    parametersInputs.length ? parametersInputs : [Inputs.Parameters]
  )
  const secure = secureParameterAndOutputNames(template)
  logSources(s, content, io.logger)
  return { ...content, ...secure }
}

/** Where the template and parameters came from, by name only: values and link URLs (SAS) stay out of the log. */
function logSources(
  s: TemplateSettings,
  content: Pick<DeploymentContent, 'template' | 'templateLink' | 'parameters' | 'parametersLink'>,
  logger: Logger
): void {
  const template = present(s.templateFile)
    ? s.templateFile
    : content.templateLink?.uri !== undefined
      ? `the link in '${Inputs.TemplateUri}'`
      : content.templateLink?.id !== undefined
        ? `template spec ${content.templateLink.id}`
        : `the \`using\` of ${s.parametersFiles.find(isBicepparam) ?? 'the .bicepparam file'}`
  logger.info(`Template: ${template}`)
  const names = Object.keys(content.parameters)
  logger.info(
    content.parametersLink
      ? `Parameters: the link in '${Inputs.ParametersUri}'`
      : `Parameters: ${names.length ? names.join(', ') : 'none'}`
  )
}

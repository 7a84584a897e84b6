// Turns the template/parameter inputs into the content of an ARM deployment request
// (`properties.template`/`templateLink`, `parameters`/`parametersLink`). Pure loading: no Azure calls.
//
// How to call it (input-helper.ts, then main.ts):
//
//   const templateSettings: TemplateSettings = { templateFile, parametersFiles, inlineParameters, ... }
//   validateTemplateSettings(templateSettings)            // in input-helper: throws TemplateInputError
//   const content = await loadDeploymentContent(templateSettings, { logger })
//   for (const name of content.secureParameterNames) { ...setSecret on string values... }
//   properties: { mode, template: content.template, templateLink: content.templateLink,
//                 parameters: content.parameters, parametersLink: content.parametersLink }
//
// Every error that is the user's fault is a TemplateInputError whose `input` names the action input.

import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from '../action-io.js'
import { Inputs } from '../constants.js'
import { runBicep, spawnRunner, type CompileIo } from './bicep-cli.js'
import { JsonSyntaxError, parseJson } from './json-text.js'
import {
  isPlainObject,
  parametersFromDocument,
  parseInlineParameters,
  type Parameters
} from './parameter-values.js'
import { ParameterSet } from './parameter-set.js'
import { checkSizeLimits } from './size-limits.js'
import { secureParameterAndOutputNames } from './template-metadata.js'
import { named, TemplateInputError } from './template-input-error.js'

export { TemplateInputError } from './template-input-error.js'

/** What the user asked for; input-helper.ts builds it. Paths are already resolved against GITHUB_WORKSPACE. */
export interface TemplateSettings {
  /** `template-file`: a `.json` ARM template or a `.bicep` file (compiled with the Bicep CLI). */
  templateFile?: string
  /** `template-uri` → `properties.templateLink.uri`. */
  templateUri?: string
  /** `template-spec-id` → `properties.templateLink.id`. */
  templateSpecId?: string
  /**
   * `parameters-file` (one path a line, or several): applied in order. `.json` (a deployment parameters file
   * with `$schema`/`contentVersion`/`parameters`, or a plain object of name → value) or `.bicepparam`.
   */
  parametersFiles: string[]
  /** `parameters-uri` → `properties.parametersLink.uri`. */
  parametersUri?: string
  /** The raw `parameters` input: a JSON or YAML object, applied on top of the files. */
  inlineParameters?: string
}

/** One ARM parameter value: a plain value or a Key Vault reference (passed through untouched). */
export type ParameterValue = { value: unknown } | { reference: unknown }

export interface DeploymentContent {
  template?: Record<string, unknown>
  templateLink?: { uri?: string; id?: string }
  parameters: Record<string, ParameterValue>
  parametersLink?: { uri: string }
  /** Names of parameters the template declares secureString/secureObject (the caller masks their values). */
  secureParameterNames: string[]
  /** Names of outputs the template declares secureString/secureObject. */
  secureOutputNames: string[]
}

/** Result of running a command; `exitCode` is null when it was killed by a signal. */
export interface CommandResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Runs an executable (absolute path) with arguments, never through a shell. */
export type CommandRunner = (file: string, args: string[]) => Promise<CommandResult>

export interface LoadDeps {
  logger: Logger
  /** Defaults to spawning the process. */
  exec?: CommandRunner
  /** Defaults to fs.readFile(path, 'utf8'). */
  readFile?: (path: string) => Promise<string>
  /** Where to look for `bicep`/`az` (PATH, PATHEXT). Defaults to process.env. */
  env?: NodeJS.ProcessEnv
}

const TEMPLATE_SPEC_VERSION_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Resources\/templateSpecs\/[^/]+\/versions\/[^/]+$/i

function present(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== ''
}

function extensionOf(file: string): string {
  return path.extname(file).toLowerCase()
}

function isBicepparam(file: string): boolean {
  return extensionOf(file) === '.bicepparam'
}

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

interface Io extends CompileIo {
  readFile: (path: string) => Promise<string>
}

async function readText(file: string, input: string, io: Io): Promise<string> {
  try {
    return await io.readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT')
      throw new TemplateInputError(input, `${named(input)} (${file}): file not found.`)
    if (code === 'EISDIR') {
      throw new TemplateInputError(
        input,
        `${named(input)} (${file}): is a directory, expected a file.`
      )
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new TemplateInputError(input, `${named(input)} (${file}): cannot read it: ${reason}`)
  }
}

/** `what` completes "<input> '<file>': <what> is not valid JSON". */
function parseJsonFrom(text: string, input: string, file: string, what = 'the file'): unknown {
  try {
    return parseJson(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new TemplateInputError(
        input,
        `${named(input)} (${file}): ${what} is not valid JSON: ${error.message}.`
      )
    }
    throw error
  }
}

function asTemplate(doc: unknown, input: string, what: string): Record<string, unknown> {
  if (!isPlainObject(doc)) {
    const got = Array.isArray(doc) ? 'an array' : doc === null ? 'null' : `a ${typeof doc}`
    throw new TemplateInputError(
      input,
      `${named(input)} (${what}): expected a JSON object (an ARM template), got ${got}.`
    )
  }
  if (typeof doc.$schema === 'string' && /deploymentParameters/i.test(doc.$schema)) {
    throw new TemplateInputError(
      input,
      `${named(input)} (${what}): this is a deployment parameters file, not a template; pass it in '${Inputs.ParametersFile}'.`
    )
  }
  return doc
}

async function loadTemplateFile(file: string, io: Io): Promise<Record<string, unknown>> {
  const text = await readText(file, Inputs.TemplateFile, io)
  if (extensionOf(file) === '.json')
    return asTemplate(parseJsonFrom(text, Inputs.TemplateFile, file), Inputs.TemplateFile, file)
  const compiled = await runBicep('build', file, Inputs.TemplateFile, io)
  const doc = parseJsonFrom(compiled, Inputs.TemplateFile, file, "the Bicep compiler's output")
  return asTemplate(doc, Inputs.TemplateFile, file)
}

interface BicepparamResult {
  parameters: Parameters
  template?: Record<string, unknown>
  templateSpecId?: string
}

/** `bicep build-params --stdout` prints `{ parametersJson, templateJson?, templateSpecId? }`, the first two as JSON strings. */
async function loadBicepparam(file: string, io: Io): Promise<BicepparamResult> {
  await readText(file, Inputs.ParametersFile, io)
  const output = parseJsonFrom(
    await runBicep('build-params', file, Inputs.ParametersFile, io),
    Inputs.ParametersFile,
    file,
    "the Bicep compiler's output"
  )
  if (!isPlainObject(output) || typeof output.parametersJson !== 'string') {
    throw new TemplateInputError(
      Inputs.ParametersFile,
      `${named(Inputs.ParametersFile)} (${file}): the Bicep compiler's build-params output has no parametersJson; is the Bicep CLI too old?`
    )
  }
  const parameters = parametersFromDocument(
    parseJsonFrom(
      output.parametersJson,
      Inputs.ParametersFile,
      file,
      'the compiled parametersJson'
    ),
    file
  )
  const template =
    typeof output.templateJson === 'string'
      ? asTemplate(
          parseJsonFrom(
            output.templateJson,
            Inputs.ParametersFile,
            file,
            'the compiled templateJson'
          ),
          Inputs.ParametersFile,
          file
        )
      : undefined
  const templateSpecId =
    typeof output.templateSpecId === 'string' ? output.templateSpecId : undefined
  return { parameters, template, templateSpecId }
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
    exec: deps.exec ?? spawnRunner(env),
    readFile: deps.readFile ?? ((file) => readFile(file, 'utf8'))
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

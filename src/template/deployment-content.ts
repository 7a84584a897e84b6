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

import type { Logger } from '../action-io.js'
import { TemplateInputError } from './template-input-error.js'

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

/** Input-level checks (which combination of inputs is allowed), no I/O. Throws TemplateInputError. */
export function validateTemplateSettings(s: TemplateSettings): void {
  void s
}

/** Reads/compiles the template and parameters and returns the request content. Throws TemplateInputError. */
export async function loadDeploymentContent(
  s: TemplateSettings,
  deps: LoadDeps
): Promise<DeploymentContent> {
  validateTemplateSettings(s)
  void deps
  throw new TemplateInputError('template-file', 'not implemented yet')
}

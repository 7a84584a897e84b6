// Reads the action's inputs ONCE into the typed, validated Settings. Nothing downstream reads inputs,
// and every mistake is reported here, naming the input, before anything is sent to Azure.

import * as path from 'node:path'
import { idTokenAvailable, readAuthInputs } from './auth-inputs.js'
import { ENVIRONMENT_NAMES, resolveCloud } from '../azure/cloud.js'
import { Inputs } from '../runtime/names.js'
import { defaultDeploymentName, nameProblem } from './deployment-name.js'
import { formatDuration } from '../duration.js'
import { InputReader, shown } from './input-reader.js'
import type { InputSource } from '../runtime/ports.js'
import { InputError } from '../errors.js'
import { readRollback, readValidationLevel, readWhatIfSettings } from './preview-inputs.js'
import { readPrComment } from './pr-comment-inputs.js'
import { readScope } from './scope-inputs.js'
import type { ScopeType, Settings, TemplateSettings, TimingSettings } from './settings.js'
import { scopeShape } from '../azure/scope.js'
import { validateTemplateSettings } from '../template/template-settings.js'

const MODES = ['Incremental', 'Complete'] as const
const OPERATIONS = ['create', 'attach', 'validate', 'whatIf'] as const
const ON_ACTIVE_DEPLOYMENT = ['wait', 'attach', 'fail'] as const

export interface InputDeps {
  env: Record<string, string | undefined>
  readFile: (path: string) => string
  now: () => number
}

export function getInputs(source: InputSource, deps: InputDeps): Settings {
  const inputs = new InputReader(source)
  const { auth, subscriptionIdFallback, credsGiven } = readAuthInputs(inputs, {
    idTokenAvailable: idTokenAvailable(deps.env),
    readFile: deps.readFile,
    env: deps.env
  })
  const operation = inputs.choice(Inputs.Operation, OPERATIONS)
  const attach = operation === 'attach'
  const wait = inputs.boolean(Inputs.Wait)
  if (attach && !wait) {
    throw new InputError(
      Inputs.Wait,
      `Input '${Inputs.Wait}' is false, but operation 'attach' only waits for a deployment: expected wait: true (or leave it out) with operation 'attach'.`
    )
  }
  const scope = readScope(inputs, { subscriptionIdFallback, credsGiven, readOnly: attach })
  // attach reads an existing deployment: no template, and the name says which one.
  const template = attach
    ? { parametersFiles: [] }
    : readTemplate(inputs, deps.env.GITHUB_WORKSPACE)
  const given = attach
    ? inputs.required(
        Inputs.Name,
        'the name of the deployment to wait for',
        ` for ${Inputs.Operation} 'attach'`
      )
    : inputs.optional(Inputs.Name)
  const name =
    given ??
    defaultDeploymentName({
      // Relative to the workspace: a re-run on another runner (another _work dir) gets the same name.
      template: template.templateFile
        ? workspaceRelative(template.templateFile, deps.env.GITHUB_WORKSPACE)
        : (template.templateUri ?? template.templateSpecId ?? ''),
      scope,
      env: deps.env,
      matrixKey: inputs.optional(Inputs.MatrixKey),
      now: deps.now
    })
  const problem = nameProblem(name)
  if (problem) {
    throw new InputError(
      Inputs.Name,
      `Input '${Inputs.Name}' has ${shown(name)}: ${problem} (ARM's rule ^[-\\w._()]+$, 1-64 characters).`
    )
  }
  const templateName = template.templateFile
    ? workspaceRelative(template.templateFile, deps.env.GITHUB_WORKSPACE)
    : (template.templateUri ?? template.templateSpecId ?? '')
  const prComment = readPrComment(
    inputs,
    operation,
    `${JSON.stringify(scope)} ${templateName}`,
    deps
  )
  const tags = readTags(inputs)
  const validationLevel = readValidationLevel(inputs)
  const rollback = readRollback(inputs, scope.type, name)
  return {
    scope,
    name,
    nameIsDefault: given === undefined,
    cloud: resolveCloud(inputs.choice(Inputs.Environment, ENVIRONMENT_NAMES), {
      resourceManagerEndpoint: inputs.httpsUrl(Inputs.ResourceManagerEndpoint),
      authorityHost: inputs.httpsUrl(Inputs.AuthorityHost)
    }),
    auth,
    template,
    mode: readMode(inputs, scope.type, attach),
    ...(tags ? { tags } : {}),
    maskedOutputs: readMaskedOutputs(inputs),
    timing: readTiming(inputs),
    whatIf: readWhatIfSettings(inputs),
    ...(validationLevel ? { validationLevel } : {}),
    ...(rollback ? { rollback } : {}),
    operation,
    wait,
    cancelOnAbort: inputs.boolean(Inputs.CancelOnAbort),
    onActiveDeployment: inputs.choice(Inputs.OnActiveDeployment, ON_ACTIVE_DEPLOYMENT),
    ...(prComment ? { prComment } : {})
  }
}

/** ARM deploys in mode Complete only at resource group scope (attach sends no mode). */
function readMode(inputs: InputReader, scope: ScopeType, attach: boolean): Settings['mode'] {
  const mode = inputs.choice(Inputs.Mode, MODES)
  if (mode === 'Complete' && !attach && !scopeShape(scope).supportsCompleteMode) {
    throw new InputError(
      Inputs.Mode,
      `Input '${Inputs.Mode}' is 'Complete', but scope is '${scope}': Azure deploys in Complete mode only at resource group scope; expected mode Incremental (or leave it out) at ${scopeShape(scope).label} scope.`
    )
  }
  return mode
}

/** Output names as templates spell them: a JSON array or `key=value` here would mask nothing. */
const OUTPUT_NAME = /^[A-Za-z_$][\w$.-]*$/

function readMaskedOutputs(inputs: InputReader): string[] {
  const names = inputs.list(Inputs.MaskedOutputs)
  const bad = names.find((n) => !OUTPUT_NAME.test(n))
  if (bad !== undefined) {
    throw new InputError(
      Inputs.MaskedOutputs,
      `Input '${Inputs.MaskedOutputs}' has ${shown(bad)}, which is not an output name: expected template output names separated by commas or new lines, like 'adminPassword, connectionString'.`
    )
  }
  return names
}

function readTemplate(inputs: InputReader, workspace = process.cwd()): TemplateSettings {
  const resolve = (p: string): string => path.resolve(workspace, p)
  const templateFile = inputs.optional(Inputs.TemplateFile)
  const templateUri = inputs.optional(Inputs.TemplateUri)
  const templateSpecId = inputs.optional(Inputs.TemplateSpecId)
  const parametersUri = inputs.optional(Inputs.ParametersUri)
  const inlineParameters = inputs.optional(Inputs.Parameters)
  const bicepVersion = readBicepVersion(inputs)
  const template: TemplateSettings = {
    ...(templateFile ? { templateFile: resolve(templateFile) } : {}),
    ...(templateUri ? { templateUri } : {}),
    ...(templateSpecId ? { templateSpecId } : {}),
    parametersFiles: inputs.list(Inputs.ParametersFile, /\n/).map(resolve),
    ...(parametersUri ? { parametersUri } : {}),
    ...(inlineParameters ? { inlineParameters } : {}),
    ...(bicepVersion ? { bicepVersion } : {})
  }
  validateTemplateSettings(template)
  return template
}

/** `bicep-version` as bicep-deploy takes it (`0.30.23` or `v0.30.23`), without the `v`. */
function readBicepVersion(inputs: InputReader): string | undefined {
  const value = inputs.optional(Inputs.BicepVersion)
  if (value === undefined) return undefined
  const version = /^v?(\d+\.\d+\.\d+)$/.exec(value)?.[1]
  if (!version) {
    throw new InputError(
      Inputs.BicepVersion,
      `Input '${Inputs.BicepVersion}' has ${shown(value)}: expected a Bicep release like 0.30.23.`
    )
  }
  return version
}

function workspaceRelative(file: string, workspace = process.cwd()): string {
  return path.relative(workspace, file).split(path.sep).join('/')
}

function readTags(inputs: InputReader): Record<string, string> | undefined {
  const raw = inputs.jsonObject(Inputs.Tags)
  if (raw === undefined) return undefined
  const tags: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new InputError(
        Inputs.Tags,
        `Input '${Inputs.Tags}' has a non-string value for '${key}': expected a JSON object of strings.`
      )
    }
    tags[key] = value
  }
  return tags
}

function readTiming(inputs: InputReader): TimingSettings {
  const pollIntervalMs = inputs.duration(Inputs.PollInterval)
  const timeoutMs = inputs.duration(Inputs.Timeout)
  const tokenRefreshIntervalMs = inputs.duration(Inputs.TokenRefreshInterval)
  if (pollIntervalMs > timeoutMs) {
    throw new InputError(
      Inputs.PollInterval,
      `Input '${Inputs.PollInterval}' (${formatDuration(pollIntervalMs)}) is longer than '${Inputs.Timeout}' (${formatDuration(timeoutMs)}): expected a poll interval no longer than the timeout.`
    )
  }
  return { pollIntervalMs, timeoutMs, tokenRefreshIntervalMs }
}

// The one typed, validated settings object built by read-inputs.ts. Nothing downstream reads inputs.
// Types only, and none from the features they configure: every module may import them without a cycle.

import type { ChangeType } from '@azure/arm-resourcesdeployments'

/** Where the deployment lives. Every scope difference elsewhere is table-driven off `type`. */
export type Scope =
  | { type: 'resourceGroup'; subscriptionId: string; resourceGroupName: string }
  | { type: 'subscription'; subscriptionId: string; location: string }
  | { type: 'managementGroup'; managementGroupId: string; location: string }
  | { type: 'tenant'; location: string }

export type ScopeType = Scope['type']

/** The cloud's endpoints (built-in environment, optionally overridden for custom clouds/the emulator). */
export interface CloudSettings {
  /** e.g. `azureCloud`, or `custom` when endpoints were overridden. */
  name: string
  /** ARM base URL without trailing slash, e.g. `https://management.azure.com`. */
  resourceManagerEndpoint: string
  /** Entra authority host without trailing slash, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string
  /** OAuth scope for ARM tokens, e.g. `https://management.azure.com/.default`. */
  armScope: string
  /** Portal base URL for links in the log and summary. */
  portalUrl: string
}

/** How to get Entra tokens. */
export type AuthSettings =
  | { type: 'oidc'; tenantId: string; clientId: string; /** ID token audience */ audience: string }
  | { type: 'secret'; tenantId: string; clientId: string; clientSecret: string }
  | {
      type: 'certificate'
      tenantId: string
      clientId: string
      /** PEM with cert and key */ certificatePem: string
    }
  | { type: 'managed-identity'; clientId?: string }
  | { type: 'azure-cli'; tenantId?: string }

export type AuthType = AuthSettings['type']

export interface TimingSettings {
  /** Delay between polls of the deployment, ms. */
  pollIntervalMs: number
  /** Give up waiting after this long, ms (the deployment keeps running in Azure). */
  timeoutMs: number
  /** Re-acquire the ARM token at least this often, ms. */
  tokenRefreshIntervalMs: number
}

type DeploymentMode = 'Incremental' | 'Complete'

/**
 * What to do: `create` deploys the template; `attach` waits on an existing deployment by name;
 * `validate` and `whatIf` only ask ARM whether it would accept it and what it would change.
 */
type Operation = 'create' | 'attach' | 'validate' | 'whatIf'

/** Everything the action was asked to do, read once from the inputs and validated. */
export interface Settings {
  /** Where the deployment lives. */
  scope: Scope
  /** Deployment name (given, or a default that is stable across re-run attempts of one run). */
  name: string
  /** Whether `name` was derived rather than given. */
  nameIsDefault: boolean
  cloud: CloudSettings
  auth: AuthSettings
  /** Template and parameter sources, loaded later by src/template. */
  template: TemplateSettings
  mode: DeploymentMode
  /** Deployment tags. */
  tags?: Record<string, string>
  /** Output names to register as secrets before they are set (besides the template's secure outputs). */
  maskedOutputs: string[]
  timing: TimingSettings
  /** `what-if-exclude-change-types` and `fail-on-changes` (used by operation whatIf). */
  whatIf?: WhatIfSettings
  /** `validation-level` → `properties.validationLevel`; ARM's default when unset. */
  validationLevel?: ValidationLevel
  /** `rollback-on-error` → `properties.onErrorDeployment` (resource group scope only). */
  rollback?: RollbackSettings
  /** `operation` input; `attach` needs no template (`template` is then empty). */
  operation: Operation
  /** `wait: false` starts the deployment and returns without waiting for it. */
  wait: boolean
  /** On runner cancellation, cancel the deployment in Azure too (otherwise it goes on). */
  cancelOnAbort: boolean
  /**
   * The name is already running a different request (409 DeploymentActive): wait for it to end,
   * then deploy this run's template; attach to it and report it as this run's; or fail.
   */
  onActiveDeployment: OnActiveDeployment
  /** `comment-on-pr`: post (and on later runs update) the what-if result as a pull-request comment. */
  prComment?: PrCommentSettings
}

/** Where the what-if comment goes: GitHub's REST API (GITHUB_API_URL, so GHES works too). */
export interface PrCommentSettings {
  /** `github-token` (the job's GITHUB_TOKEN by default); needs `pull-requests: write`. */
  token: string
  /** GITHUB_API_URL, e.g. `https://api.github.com`. */
  apiUrl: string
  owner: string
  repo: string
  /** The pull request of the triggering event; undefined when the run was not for one. */
  pullNumber?: number
  /** Tells this step's comment apart from other what-if steps' on the same pull request. */
  key: string
  /** Link to the workflow run, for the comment's footer. */
  runUrl?: string
}

/** `on-active-deployment`; the same request (see deployment/active-deployment.ts) is always attached to. */
export type OnActiveDeployment = 'wait' | 'attach' | 'fail'

/** What the user asked for; read-inputs.ts builds it. Paths are already resolved against GITHUB_WORKSPACE. */
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
  /** `bicep-version` (`0.30.23`): the Bicep CLI found on PATH must be this version. */
  bicepVersion?: string
}

/** ARM's `properties.validationLevel`. */
export type ValidationLevel = 'Provider' | 'Template' | 'ProviderNoRbac'

/** Every ChangeType what-if reports (api-version 2025-04-01), in the order the log lists them. */
export const CHANGE_TYPES: readonly ChangeType[] = [
  'Create',
  'Modify',
  'Delete',
  'Deploy',
  'NoChange',
  'Ignore',
  'Unsupported'
]

export interface WhatIfSettings {
  /** Change types left out of the log, summary, outputs and `fail-on-changes`. */
  excludeChangeTypes: ChangeType[]
  /** Fail the step when a Create, Modify or Delete remains after the exclusions (drift checks). */
  failOnChanges: boolean
}

/** What ARM redeploys when this deployment fails (`properties.onErrorDeployment`). */
export type RollbackSettings =
  { type: 'LastSuccessful' } | { type: 'SpecificDeployment'; deploymentName: string }

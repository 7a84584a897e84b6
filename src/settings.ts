// The one typed, validated settings object built by input-helper.ts. Nothing downstream reads inputs.
// Owners: the deployment/main work owns this file; keep the auth-related types stable, the auth
// modules (src/auth/*) depend on them.

import type {
  RollbackSettings,
  ValidationLevel,
  WhatIfSettings
} from './operations/operation-inputs.js'
import type { TemplateSettings } from './template/deployment-content.js'

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

export type DeploymentMode = 'Incremental' | 'Complete'

/**
 * What to do: `create` deploys the template; `attach` waits on an existing deployment by name;
 * `validate` and `whatIf` only ask ARM whether it would accept it and what it would change.
 */
export type Operation = 'create' | 'attach' | 'validate' | 'whatIf'

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
}

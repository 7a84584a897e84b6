// What the deployment summary's header says about the run beyond the deployment itself: the scope
// with its names, the template and the mode, taken from the settings once.

import * as path from 'node:path'
import type { Scope, Settings } from '../settings/settings.js'

export interface SummaryContext {
  /** `resource group rg-hub in subscription 00000000-…` */
  scopeDetail: string
  /** Template file (relative to the workspace), URI or template spec id. */
  template?: string
  mode?: string
}

export function describeScope(scope: Scope): string {
  switch (scope.type) {
    case 'resourceGroup':
      return `resource group ${scope.resourceGroupName} in subscription ${scope.subscriptionId}`
    case 'subscription':
      return `subscription ${scope.subscriptionId} (${scope.location})`
    case 'managementGroup':
      return `management group ${scope.managementGroupId} (${scope.location})`
    case 'tenant':
      return `tenant (${scope.location})`
  }
}

export function summaryContext(
  settings: Pick<Settings, 'scope' | 'template' | 'mode' | 'operation'>,
  workspace: string = process.cwd()
): SummaryContext {
  const t = settings.template
  const relative = t.templateFile && path.relative(workspace, t.templateFile)
  const template = t.templateFile
    ? relative && !relative.startsWith('..')
      ? relative.split(path.sep).join('/')
      : t.templateFile
    : t.templateUri
      ? withoutQuery(t.templateUri)
      : t.templateSpecId
  return {
    scopeDetail: describeScope(settings.scope),
    ...(template ? { template } : {}),
    // An attached deployment runs whatever mode it was started with.
    ...(settings.operation !== 'attach' ? { mode: settings.mode } : {})
  }
}

/** A link without its query: a storage URL's query may be a SAS token, which is a secret. */
function withoutQuery(uri: string): string {
  const at = uri.indexOf('?')
  return at < 0 ? uri : `${uri.slice(0, at)}?…`
}

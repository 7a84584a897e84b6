// Template functions about where a deployment runs: resource ids at every scope, the scope
// objects (resourceGroup(), subscription(), managementGroup(), tenant()), deployment(),
// environment(), and the deterministic uniqueString()/guid().
import { createHash } from 'node:crypto'
import { invalidExpression } from './errors.js'
import type { EvalContext, Fn } from './eval-context.js'
import { str } from './values.js'

/** Builds a resource id under a scope id: type 'A.B/x/y' with names [n1, n2]. */
export function buildResourceId(scopeId: string, givenType: string, names: string[]): string {
  // ARM takes a trailing slash on the type ('Microsoft.Network/virtualNetworks/').
  const type = givenType.replace(/\/+$/, '')
  // Resource groups are spelled without a providers segment, as ARM does.
  if (type.toLowerCase() === 'microsoft.resources/resourcegroups' && names.length === 1)
    return `${scopeId}/resourceGroups/${names[0]}`
  const [namespace, ...types] = type.split('/')
  if (types.length !== names.length) {
    throw invalidExpression(
      `Unable to evaluate template language function 'resourceId': the type '${type}' requires '${types.length}' resource name argument(s)`
    )
  }
  return `${scopeId}/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`
}

function resourceIdFn(args: unknown[], ctx: EvalContext): string {
  const strings = args.map(str)
  const typeAt = strings.findIndex((a) => a.includes('/'))
  if (typeAt < 0)
    throw invalidExpression(
      "Unable to evaluate template language function 'resourceId': no resource type given"
    )
  const before = strings.slice(0, typeAt)
  let sub = ctx.scope.subscriptionId
  let rg = ctx.scope.resourceGroup
  if (before.length === 1) rg = before[0]
  if (before.length >= 2) [sub, rg] = before
  const scopeId = sub
    ? rg
      ? `/subscriptions/${sub}/resourceGroups/${rg}`
      : `/subscriptions/${sub}`
    : ''
  return buildResourceId(scopeId, strings[typeAt], strings.slice(typeAt + 1))
}

/** Deterministic 13-character base32 hash, the shape of ARM's uniqueString(). */
export function uniqueString(parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('-')).digest()
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let out = ''
  for (let i = 0; i < 13; i++) out += alphabet[digest[i] % 32]
  return out
}

function guid(parts: string[]): string {
  const h = createHash('sha256').update(parts.join('-')).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

export const RESOURCE_FUNCTIONS: Record<string, Fn> = {
  uniquestring: (args) => uniqueString(args.map(str)),
  guid: (args) => guid(args.map(str)),
  resourceid: resourceIdFn,
  subscriptionresourceid: (args, ctx) => {
    const strings = args.map(str)
    const typeAt = strings.findIndex((a) => a.includes('/'))
    const sub = typeAt === 1 ? strings[0] : ctx.scope.subscriptionId
    return buildResourceId(`/subscriptions/${sub}`, strings[typeAt], strings.slice(typeAt + 1))
  },
  tenantresourceid: (args) => buildResourceId('', str(args[0]), args.slice(1).map(str)),
  extensionresourceid: ([scopeId, type, ...names]) =>
    buildResourceId(str(scopeId), str(type), names.map(str)),
  resourcegroup: (_args, ctx) => {
    const { subscriptionId, resourceGroup } = ctx.scope
    if (!resourceGroup)
      throw invalidExpression(
        "The template function 'resourceGroup' is not expected at this location"
      )
    return {
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
      name: resourceGroup,
      type: 'Microsoft.Resources/resourceGroups',
      location: ctx.location,
      properties: { provisioningState: 'Succeeded' }
    }
  },
  subscription: (_args, ctx) => {
    if (!ctx.scope.subscriptionId)
      throw invalidExpression(
        "The template function 'subscription' is not expected at this location"
      )
    return {
      id: `/subscriptions/${ctx.scope.subscriptionId}`,
      subscriptionId: ctx.scope.subscriptionId,
      tenantId: ctx.tenantId,
      displayName: 'Emulated subscription'
    }
  },
  deployment: (_args, ctx) => ({
    name: ctx.deployment.name,
    id: ctx.deployment.id,
    location: ctx.location,
    // `deployment().properties.templateLink.uri` locates files next to a linked template.
    ...(ctx.deployment.templateLink
      ? { properties: { templateLink: ctx.deployment.templateLink } }
      : {})
  }),
  managementgroupresourceid: (args, ctx) => {
    const strings = args.map(str)
    const typeAt = strings.findIndex((a) => a.includes('/'))
    const mg = typeAt === 1 ? strings[0] : ctx.scope.managementGroupId
    if (!mg)
      throw invalidExpression(
        "The template function 'managementGroupResourceId' is not expected at this location"
      )
    const [namespace, ...types] = strings[typeAt].replace(/\/+$/, '').split('/')
    const names = strings.slice(typeAt + 1)
    return `/providers/Microsoft.Management/managementGroups/${mg}/providers/${namespace}/${types
      .map((t, i) => `${t}/${names[i]}`)
      .join('/')}`
  },
  tenant: (_args, ctx) => ({
    countryCode: 'US',
    displayName: 'Emulated tenant',
    id: `/tenants/${ctx.tenantId}`,
    tenantId: ctx.tenantId
  }),
  managementgroup: (args, ctx) => {
    // managementGroup('name') names another group; without an argument, the deployment's own.
    const name = args.length > 0 ? str(args[0]) : ctx.scope.managementGroupId
    if (!name)
      throw invalidExpression(
        "The template function 'managementGroup' is not expected at this location"
      )
    return {
      id: `/providers/Microsoft.Management/managementGroups/${name}`,
      name,
      type: 'Microsoft.Management/managementGroups',
      properties: { displayName: name, tenantId: ctx.tenantId }
    }
  },
  // The AzureCloud environment, as far as templates commonly read it.
  environment: () => ({
    name: 'AzureCloud',
    gallery: 'https://gallery.azure.com/',
    graph: 'https://graph.windows.net/',
    portal: 'https://portal.azure.com',
    graphAudience: 'https://graph.windows.net/',
    activeDirectoryDataLake: 'https://datalake.azure.net/',
    batch: 'https://batch.core.windows.net/',
    media: 'https://rest.media.azure.net',
    sqlManagement: 'https://management.core.windows.net:8443/',
    vmImageAliasDoc:
      'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
    resourceManager: 'https://management.azure.com/',
    authentication: {
      loginEndpoint: 'https://login.microsoftonline.com/',
      audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
      tenant: 'common',
      identityProvider: 'AAD'
    },
    suffixes: {
      acrLoginServer: '.azurecr.io',
      azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
      azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
      azureFrontDoorEndpointSuffix: 'azurefd.net',
      keyvaultDns: '.vault.azure.net',
      sqlServerHostname: '.database.windows.net',
      storage: 'core.windows.net'
    }
  })
}

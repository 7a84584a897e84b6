// Built-in Azure environments, and custom endpoints (sovereign clouds we do not list, the emulator).

import type { CloudSettings } from '../settings/settings.js'

export const ENVIRONMENTS = {
  azureCloud: {
    resourceManagerEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    portalUrl: 'https://portal.azure.com'
  },
  azureUSGovernment: {
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    portalUrl: 'https://portal.azure.us'
  },
  azureChinaCloud: {
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    portalUrl: 'https://portal.azure.cn'
  }
} as const

export type EnvironmentName = keyof typeof ENVIRONMENTS
export const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENTS) as EnvironmentName[]

/**
 * The cloud's settings; `resourceManagerEndpoint`/`authorityHost` override the environment's
 * (then the cloud is `custom`, and keeps the environment's portal for links).
 */
export function resolveCloud(
  environment: EnvironmentName,
  overrides: { resourceManagerEndpoint?: string; authorityHost?: string } = {}
): CloudSettings {
  const base = ENVIRONMENTS[environment]
  const resourceManagerEndpoint = trimSlash(
    overrides.resourceManagerEndpoint ?? base.resourceManagerEndpoint
  )
  const authorityHost = trimSlash(overrides.authorityHost ?? base.authorityHost)
  const custom =
    overrides.resourceManagerEndpoint !== undefined || overrides.authorityHost !== undefined
  return {
    name: custom ? 'custom' : environment,
    resourceManagerEndpoint,
    authorityHost,
    armScope: `${resourceManagerEndpoint}/.default`,
    portalUrl: base.portalUrl
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

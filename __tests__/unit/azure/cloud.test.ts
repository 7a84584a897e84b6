import { describe, expect, it } from 'vitest'
import { resolveCloud } from '../../../src/azure/cloud.js'

describe('resolveCloud', () => {
  it('knows the sovereign clouds', () => {
    expect(resolveCloud('azureUSGovernment')).toEqual({
      name: 'azureUSGovernment',
      resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
      authorityHost: 'https://login.microsoftonline.us',
      armScope: 'https://management.usgovcloudapi.net/.default',
      portalUrl: 'https://portal.azure.us'
    })
    expect(resolveCloud('azureChinaCloud').authorityHost).toBe('https://login.chinacloudapi.cn')
  })

  it('is custom when an endpoint is overridden', () => {
    expect(
      resolveCloud('azureCloud', { resourceManagerEndpoint: 'https://127.0.0.1:8443/' })
    ).toEqual({
      name: 'custom',
      resourceManagerEndpoint: 'https://127.0.0.1:8443',
      authorityHost: 'https://login.microsoftonline.com',
      armScope: 'https://127.0.0.1:8443/.default',
      portalUrl: 'https://portal.azure.com'
    })
  })
})

import pkg from '../../../package.json' with { type: 'json' }
import { ENVIRONMENTS } from '../../../src/azure/cloud.js'
import { USER_AGENT, USER_AGENT_PRODUCT } from '../../../src/azure/versions.js'
import {
  AzureCliCredential,
  ClientAssertionCredential,
  ManagedIdentityCredential
} from '@azure/identity'
import { describe, expect, it } from 'vitest'
import {
  AZURE_CLI_OIDC_WARNING,
  createCredentialFactory,
  isKnownAuthorityHost
} from '../../../src/auth/credential-factory.js'
import type { CloudSettings } from '../../../src/settings/settings.js'
import { ForcedManagedIdentityCredential } from '../../../src/auth/managed-identity-credential.js'
import { FakeLogger } from '../../helpers/fakes.js'

const cloud: CloudSettings = {
  name: 'custom',
  resourceManagerEndpoint: 'https://127.0.0.1:8443',
  authorityHost: 'https://127.0.0.1:8443',
  armScope: 'https://management.azure.com/.default',
  portalUrl: 'https://portal.azure.com'
}
const ids = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '00000000-0000-0000-0000-000000000001'
}

describe('createCredentialFactory', () => {
  it('builds a fresh credential on every call', () => {
    const logger = new FakeLogger()
    const create = createCredentialFactory(
      { type: 'oidc', ...ids, audience: 'api://AzureADTokenExchange' },
      cloud,
      {
        idTokens: async () => 'x',
        logger
      }
    )
    const a = create()
    const b = create()
    expect(a).toBeInstanceOf(ClientAssertionCredential)
    expect(a).not.toBe(b)
    expect(logger.lines).toEqual([])
  })

  it('builds each kind, warning once for the az CLI', () => {
    const logger = new FakeLogger()
    const deps = { idTokens: async () => 'x', logger }
    // Managed identity through msal-node with forceRefresh; AKS workload identity (a federated
    // token file) through @azure/identity, whose fresh credential is a fresh cache there.
    const mi = createCredentialFactory({ type: 'managed-identity' }, cloud, { ...deps, env: {} })
    expect(mi()).toBeInstanceOf(ForcedManagedIdentityCredential)
    expect(mi.renewWindowMs).toBeUndefined()
    const workload = createCredentialFactory({ type: 'managed-identity' }, cloud, {
      ...deps,
      env: { AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/token' }
    })
    expect(workload()).toBeInstanceOf(ManagedIdentityCredential)
    const cli = createCredentialFactory({ type: 'azure-cli' }, cloud, deps)
    expect(cli()).toBeInstanceOf(AzureCliCredential)
    // az renews only in its token's last 5 minutes, and starts a Python process.
    expect(cli.renewWindowMs).toBe(5 * 60_000)
    expect(cli.minDeadlineMs).toBe(20_000)
    cli()
    expect(logger.at('warning')).toEqual([AZURE_CLI_OIDC_WARNING])
    for (const kind of ['secret', 'certificate'] as const) {
      const auth =
        kind === 'secret'
          ? { type: kind, ...ids, clientSecret: 'not-a-real-secret-value' }
          : {
              type: kind,
              ...ids,
              certificatePem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----'
            }
      expect(typeof createCredentialFactory(auth, cloud, deps)().getToken).toBe('function')
    }
  })

  it('skips instance discovery only for authorities that are not public clouds', () => {
    expect(isKnownAuthorityHost('https://login.microsoftonline.com')).toBe(true)
    expect(isKnownAuthorityHost('https://login.microsoftonline.us/')).toBe(true)
    expect(isKnownAuthorityHost('https://login.chinacloudapi.cn')).toBe(true)
    expect(isKnownAuthorityHost('https://127.0.0.1:8443')).toBe(false)
    expect(isKnownAuthorityHost('https://adfs.contoso.com/adfs')).toBe(false)
    // Every built-in environment's authority is known: the list follows cloud.ts.
    for (const env of Object.values(ENVIRONMENTS)) {
      expect(isKnownAuthorityHost(env.authorityHost)).toBe(true)
    }
  })

  it('one user agent for ARM and Entra: product/version', () => {
    expect(USER_AGENT).toBe(`${USER_AGENT_PRODUCT}/${pkg.version}`)
  })
})

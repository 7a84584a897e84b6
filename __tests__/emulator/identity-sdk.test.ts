// The real @azure/identity credentials against the emulator's Entra, and their tokens on ARM.
import * as core from '@actions/core'
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  type TokenCredential
} from '@azure/identity'
import { afterEach, describe, expect, it } from 'vitest'
import { armGet, idToken, resourceGroupsPath, sleep, useEmulator } from '../helpers/emulator.js'

const emulator = useEmulator({ timeScale: 1 })

const options = () => ({
  authorityHost: emulator().info.authorityHost,
  disableInstanceDiscovery: true
})
const scope = () => `${emulator().info.armEndpoint}/.default`

async function expectAcceptedByArm(credential: TokenCredential, kind: string): Promise<void> {
  const token = await credential.getToken(scope())
  expect(token?.token).toMatch(/^ey/)
  // Real time on the wire: a 60–90 minute token at time scale 1.
  const minutes = ((token?.expiresOnTimestamp ?? 0) - Date.now()) / 60_000
  expect(minutes).toBeGreaterThan(59)
  expect(minutes).toBeLessThanOrEqual(90)
  const response = await armGet(emulator(), resourceGroupsPath(emulator()), token?.token)
  expect(response.status).not.toBe(401)
  const issued = emulator()
    .requestLog()
    .filter((e) => e.service === 'entra' && e.status === 200 && e.tokenId)
    .at(-1)
  expect(issued?.credentialKind).toBe(kind)
  const armCall = emulator().requestLog().at(-1)
  expect(armCall?.service).toBe('arm')
  expect(armCall?.tokenId).toBe(issued?.tokenId)
}

describe('@azure/identity against the emulator', () => {
  afterEach(() => {
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  })

  it('ClientSecretCredential gets a token ARM accepts', async () => {
    const { tenantId, clientId, clientSecret } = emulator().info
    await expectAcceptedByArm(
      new ClientSecretCredential(tenantId, clientId, clientSecret, options()),
      'secret'
    )
  })

  it('ClientCertificateCredential signs an assertion the emulator verifies', async () => {
    const { tenantId, clientId, certificatePath } = emulator().info
    await expectAcceptedByArm(
      new ClientCertificateCredential(tenantId, clientId, { certificatePath }, options()),
      'certificate'
    )
  })

  it('ClientCertificateCredential with sendCertificateChain works too', async () => {
    const { tenantId, clientId, certificatePath } = emulator().info
    await expectAcceptedByArm(
      new ClientCertificateCredential(
        tenantId,
        clientId,
        { certificatePath },
        { ...options(), sendCertificateChain: true }
      ),
      'certificate'
    )
  })

  it('ClientAssertionCredential with a GitHub ID token from core.getIDToken is a federated login', async () => {
    const { tenantId, clientId, oidcRequestUrl, oidcRequestToken } = emulator().info
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = oidcRequestUrl
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidcRequestToken
    const credential = new ClientAssertionCredential(
      tenantId,
      clientId,
      () => core.getIDToken('api://AzureADTokenExchange'),
      options()
    )
    await expectAcceptedByArm(credential, 'federated')
    const tokenRequest = emulator()
      .requestLog()
      .filter((e) => e.credentialKind === 'federated')
      .at(-1)
    expect(tokenRequest?.assertionValid).toBe(true)
    const minted = emulator()
      .requestLog()
      .filter((e) => e.service === 'oidc' && e.idTokenId)
    expect(minted.map((e) => e.idTokenId)).toContain(tokenRequest?.idTokenId)
  })

  it('a wrong secret fails in the SDK with AADSTS7000215', async () => {
    const { tenantId, clientId } = emulator().info
    const credential = new ClientSecretCredential(tenantId, clientId, 'not-the-secret', options())
    await expect(credential.getToken(scope())).rejects.toThrow(/AADSTS7000215/)
  })

  it('never logs a secret or a whole token', async () => {
    const log = JSON.stringify(emulator().requestLog())
    const secrets = emulator().issuedSecrets()
    expect(secrets.length).toBeGreaterThan(4)
    for (const secret of secrets) expect(log).not.toContain(secret)
  })
})

describe('the failure this project exists to end, reproduced with the real SDK', () => {
  // 600x: the 5-minute GitHub ID token lives 0.5 s, a 10-minute access token 1 s.
  const compressed = useEmulator({ timeScale: 600, tokenLifetime: '10m' })

  it('a reused GitHub ID token fails the next token request with AADSTS700024', async () => {
    const { info } = compressed()
    const stale = await idToken(compressed())
    const credential = new ClientAssertionCredential(
      info.tenantId,
      info.clientId,
      async () => stale,
      {
        authorityHost: info.authorityHost,
        disableInstanceDiscovery: true
      }
    )
    expect((await credential.getToken(`${info.armEndpoint}/.default`))?.token).toMatch(/^ey/)
    await sleep(1200) // 12 emulated minutes: access token and ID token both expired
    await expect(credential.getToken(`${info.armEndpoint}/.default`)).rejects.toThrow(
      /AADSTS700024/
    )
    expect(
      compressed()
        .requestLog()
        .filter((e) => e.credentialKind === 'federated')
        .map((e) => e.assertionValid)
    ).toEqual([true, false])
  })
})

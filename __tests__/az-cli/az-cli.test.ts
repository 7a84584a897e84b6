// Debian's az CLI (2.45) against the emulator: a custom cloud whose AD endpoint ends in /adfs,
// the emulator's CA through REQUESTS_CA_BUNDLE, an isolated config dir, service-principal logins
// with a certificate, a GitHub ID token and the secret, a deployment of two dependent resources, its
// operations, and a cancel. Outside CI a machine without az skips this file; under CI (.ci/run
// installs azure-cli) a missing az fails it.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { validateRequestLog } from '../../emulator/schemas/validate-log.js'
import { idToken, useEmulator } from '../helpers/emulator.js'
import type { Wire } from '../emulator/arm/fake-context.js'

const AZ = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'az'))
  .find((file) => existsSync(file))
const TEMPLATES = new URL('../fixtures/templates/', import.meta.url).pathname
const SKIP = !AZ && process.env.CI !== 'true'
if (SKIP)
  console.warn('az-cli.test.ts: skipped because `az` is not on PATH (apt-get install -y azure-cli)')

describe.skipIf(SKIP)('az CLI against the emulator', () => {
  // The gateway never finishes, so the cancel test does not race az's seconds-long start-up
  // (at 600x a 35-minute gateway is done in 3.5 s, and a loaded machine is slower than that).
  const emulator = useEmulator({
    timeScale: 600,
    scenario: { neverEnd: [{ resourceName: 'hub-vpngw' }] },
    // --template-uri: served at <armEndpoint>/_files/, where ARM (and az itself) download it.
    filesDir: TEMPLATES,
    // az starts in seconds: an ID token must outlive that (5 minutes would be 0.5 s real at 600x).
    oidcTokenLifetime: '6h'
  })
  const configDir = mkdtempSync(join(tmpdir(), 'az-emulator-'))
  afterAll(() => rmSync(configDir, { recursive: true, force: true }))

  // Async on purpose: the emulator runs in this process and must keep answering while az waits.
  function az(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      ...process.env,
      AZURE_CONFIG_DIR: configDir,
      REQUESTS_CA_BUNDLE: emulator().info.caCertPath,
      // az downloads --template-uri itself with urllib, which trusts SSL_CERT_FILE.
      SSL_CERT_FILE: emulator().info.caCertPath,
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      AZURE_CORE_NO_COLOR: 'true',
      AZURE_CORE_SURVEY_MESSAGE: 'false'
    }
    return new Promise((resolve) => {
      execFile(AZ ?? 'az', args, { env, timeout: 90_000 }, (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr
        })
      })
    })
  }
  async function azJson(...args: string[]): Promise<Wire> {
    const result = await az(...args, '-o', 'json')
    expect(result.stderr, `az ${args.join(' ')}`).not.toMatch(/ERROR/)
    expect(result.code, `az ${args.join(' ')}: ${result.stderr}`).toBe(0)
    return result.stdout.trim() ? JSON.parse(result.stdout) : undefined
  }

  it('az is on PATH (under CI it must be: .ci/run installs azure-cli)', () => {
    expect(AZ, 'az is not on PATH: apt-get install -y azure-cli').toBeDefined()
  })

  const lastTokenRequest = () =>
    emulator()
      .requestLog()
      .filter((e) => e.service === 'entra' && e.method === 'POST')
      .at(-1)

  it('logs in to a custom cloud with a service principal secret', async () => {
    const { info } = emulator()
    const endpoint = `${info.armEndpoint}/`
    await azJson(
      'cloud',
      'register',
      '-n',
      'Emulator',
      '--endpoint-resource-manager',
      endpoint,
      '--endpoint-active-directory',
      `${info.authorityHost}/adfs`,
      '--endpoint-active-directory-resource-id',
      endpoint,
      '--endpoint-active-directory-graph-resource-id',
      endpoint,
      '--endpoint-management',
      endpoint
    )
    await azJson('cloud', 'set', '-n', 'Emulator')
    const accounts = await azJson(
      'login',
      '--service-principal',
      '-u',
      info.clientId,
      '-p',
      info.clientSecret,
      '--tenant',
      info.tenantId
    )
    expect(accounts).toEqual([
      expect.objectContaining({
        id: info.subscriptionId,
        tenantId: info.tenantId,
        cloudName: 'Emulator',
        user: { name: info.clientId, type: 'servicePrincipal' }
      })
    ])
    expect(lastTokenRequest()).toMatchObject({
      path: '/adfs/oauth2/token',
      status: 200,
      credentialKind: 'secret'
    })
  })

  it.each([
    ['certificate', () => ['-p', emulator().info.certificatePath]],
    ['federated', async () => ['--federated-token', await idToken(emulator())]],
    // Last, so the deployments below run signed in with the secret.
    ['secret', () => ['-p', emulator().info.clientSecret]]
  ] as const)('az login --service-principal with a %s, then a token', async (kind, credential) => {
    const { info } = emulator()
    const accounts = await azJson(
      'login',
      '--service-principal',
      '-u',
      info.clientId,
      '--tenant',
      info.tenantId,
      ...(await credential())
    )
    expect(accounts.map((a: Wire) => a.id)).toEqual([info.subscriptionId])
    expect(lastTokenRequest()).toMatchObject({
      path: '/adfs/oauth2/token',
      status: 200,
      credentialKind: kind
    })
    expect(await azJson('account', 'get-access-token')).toMatchObject({
      subscription: info.subscriptionId,
      tokenType: 'Bearer'
    })
  })

  it('deploys a template with two dependent resources and lists its operations', async () => {
    const result = await azJson(
      'deployment',
      'group',
      'create',
      '-g',
      'rg-emulator',
      '-n',
      'az-two',
      '--template-file',
      join(TEMPLATES, 'two-dependent.json'),
      '--parameters',
      'prefix=az'
    )
    expect(result.properties.provisioningState).toBe('Succeeded')
    expect(result.properties.outputs.addressPrefix).toEqual({
      type: 'String',
      value: '10.10.0.0/16'
    })
    expect(result.properties.dependencies[0].dependsOn[0].resourceName).toBe('az-nsg')

    const operations = await azJson(
      'deployment',
      'operation',
      'group',
      'list',
      '-g',
      'rg-emulator',
      '-n',
      'az-two'
    )
    expect(
      operations.map((o: Wire) => [
        o.properties.targetResource.resourceName,
        o.properties.provisioningState
      ])
    ).toEqual([
      ['az-nsg', 'Succeeded'],
      ['az-vnet', 'Succeeded']
    ])
    // The NSG finished before the vnet that depends on it started.
    const [nsg, vnet] = operations.map((o: Wire) => o.properties)
    expect(Date.parse(nsg.timestamp)).toBeLessThanOrEqual(Date.parse(vnet.timestamp))
  })

  it('deploys by --template-uri from the emulator, which echoes the templateLink', async () => {
    const uri = `${emulator().info.filesUrl}/two-dependent.json`
    const result = await azJson(
      'deployment',
      'group',
      'create',
      '-g',
      'rg-emulator',
      '-n',
      'az-uri',
      '--template-uri',
      uri,
      '--parameters',
      'prefix=azuri'
    )
    expect(result.properties.provisioningState).toBe('Succeeded')
    expect(result.properties.templateLink).toMatchObject({ uri, contentVersion: '1.0.0.0' })
    expect(result.properties.outputs.vnetId.value).toMatch(/virtualNetworks\/azuri-vnet$/)
  })

  it('cancels a long deployment, and a second cancel is refused as ARM refuses it', async () => {
    await azJson(
      'deployment',
      'group',
      'create',
      '-g',
      'rg-emulator',
      '-n',
      'az-long',
      '--template-file',
      join(TEMPLATES, 'hub-long.json'),
      '--no-wait'
    )
    expect(
      (await azJson('deployment', 'group', 'show', '-g', 'rg-emulator', '-n', 'az-long')).properties
        .provisioningState
    ).toMatch(/^(Accepted|Running)$/)
    await azJson('deployment', 'group', 'cancel', '-g', 'rg-emulator', '-n', 'az-long')
    expect(
      (await azJson('deployment', 'group', 'show', '-g', 'rg-emulator', '-n', 'az-long')).properties
        .provisioningState
    ).toBe('Canceled')
    const again = await az('deployment', 'group', 'cancel', '-g', 'rg-emulator', '-n', 'az-long')
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('DeploymentCannotBeCancelled')
  })

  it('every ARM response az saw matches the OpenAPI-derived schemas', () => {
    const log = emulator().requestLog()
    expect(log.filter((e) => e.service === 'arm').length).toBeGreaterThan(5)
    expect(validateRequestLog(log)).toEqual([])
  })
})

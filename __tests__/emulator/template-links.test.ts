// templateLink / parametersLink served from the emulator's own `/_files/` folder (a stand-in for
// a public storage account), nested links by relativePath and uri(), other hosts failing as ARM
// fails, and template specs created through the templateSpecs API and deployed by templateLink.id.
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import { ClientSecretCredential } from '@azure/identity'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Wire } from './arm/fake-context.js'
import { fixtureTemplate } from './arm/templates.js'
import { requestToken, sleep, useEmulator } from '../helpers/emulator.js'

const filesDir = mkdtempSync(join(tmpdir(), 'emulator-files-'))
afterAll(() => rmSync(filesDir, { recursive: true, force: true }))
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'

mkdirSync(join(filesDir, 'net', 'nested'), { recursive: true })
writeFileSync(join(filesDir, 'net', 'two.json'), JSON.stringify(fixtureTemplate('two-dependent')))
writeFileSync(
  join(filesDir, 'net', 'two.parameters.json'),
  JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    contentVersion: '2.0.0.0',
    parameters: { prefix: { value: 'linked' } }
  })
)
writeFileSync(
  join(filesDir, 'net', 'nested', 'child.json'),
  JSON.stringify({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { label: { type: 'string' } },
    resources: [],
    outputs: { label: { type: 'string', value: "[parameters('label')]" } }
  })
)
// A parent that links its children next to itself: by relativePath and by uri(deployment()...).
writeFileSync(
  join(filesDir, 'net', 'parent.json'),
  JSON.stringify({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2025-04-01',
        name: 'by-relative-path',
        properties: {
          mode: 'Incremental',
          templateLink: { relativePath: 'nested/child.json' },
          parameters: { label: { value: 'relative' } }
        }
      },
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2025-04-01',
        name: 'by-uri',
        properties: {
          mode: 'Incremental',
          templateLink: {
            uri: "[uri(deployment().properties.templateLink.uri, 'nested/child.json')]"
          },
          parameters: { label: { value: 'uri' } }
        }
      }
    ],
    outputs: {
      relative: {
        type: 'string',
        value: "[reference('by-relative-path').outputs.label.value]"
      },
      uri: { type: 'string', value: "[reference('by-uri').outputs.label.value]" }
    }
  })
)

writeFileSync(
  join(filesDir, 'net', 'wrapper.json'),
  JSON.stringify({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2025-04-01',
        name: 'wrapped',
        properties: {
          mode: 'Incremental',
          templateLink: { relativePath: 'two.json' },
          parameters: { prefix: { value: 'wrapped' } }
        }
      }
    ]
  })
)

const emulator = useEmulator({ timeScale: 600, filesDir })

let token: string | undefined
async function arm(
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; headers: Headers; body: Wire }> {
  const e = emulator()
  token ??= (await requestToken(e, { client_secret: e.info.clientSecret })).body
    .access_token as string
  const url = path.startsWith('https://')
    ? path
    : `${e.info.armEndpoint}${path}?api-version=2025-04-01`
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined
  }
}

const rg = (name: string) =>
  `/subscriptions/${emulator().info.subscriptionId}/resourceGroups/rg-emulator/providers/Microsoft.Resources/deployments/${name}`

async function finished(name: string): Promise<Wire> {
  for (let i = 0; i < 400; i++) {
    const res = await arm('GET', rg(name))
    if (!['Accepted', 'Running'].includes(res.body.properties.provisioningState)) return res.body
    await sleep(25)
  }
  throw new Error(`${name} did not finish`)
}

describe('template links served from the emulator', () => {
  it('serves /_files/ without authentication, only inside the folder', async () => {
    const { filesUrl } = emulator().info
    const ok = await fetch(`${filesUrl}/net/two.json`)
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as Wire).contentVersion).toBe('1.0.0.0')
    expect((await fetch(`${filesUrl}/net/missing.json`)).status).toBe(404)
    expect((await fetch(`${filesUrl}/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
    expect((await fetch(`${filesUrl}/net`)).status).toBe(404)
  })

  it('deploys templateLink.uri + parametersLink.uri through the real SDK, echoing both links', async () => {
    const { info } = emulator()
    const credential = new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
      authorityHost: info.authorityHost,
      disableInstanceDiscovery: true
    })
    const client = new DeploymentsClient(credential, info.subscriptionId, {
      endpoint: info.armEndpoint,
      credentials: { scopes: [`${info.armEndpoint}/.default`] }
    })
    const templateUri = `${info.filesUrl}/net/two.json?sv=2024-01-01&sig=secret-sas`
    const result = await client.deployments.beginCreateOrUpdateAndWait(
      'rg-emulator',
      'linked',
      {
        properties: {
          mode: 'Incremental',
          templateLink: { uri: templateUri },
          parametersLink: { uri: `${info.filesUrl}/net/two.parameters.json` }
        }
      },
      { updateIntervalInMs: 50 }
    )
    expect(result.properties?.provisioningState).toBe('Succeeded')
    expect(result.properties?.templateLink).toEqual({ uri: templateUri, contentVersion: '1.0.0.0' })
    expect(result.properties?.parametersLink).toEqual({
      uri: `${info.filesUrl}/net/two.parameters.json`,
      contentVersion: '2.0.0.0'
    })
    expect(result.properties?.outputs).toMatchObject({
      vnetId: { value: expect.stringMatching(/virtualNetworks\/linked-vnet$/) }
    })
    const files = emulator()
      .requestLog()
      .filter((e) => e.service === 'files')
    expect(files.map((e) => e.path)).toEqual([
      '/_files/net/two.json',
      '/_files/net/missing.json',
      expect.any(String),
      '/_files/net'
    ])
  })

  it('resolves nested links by relativePath and by uri(deployment().properties.templateLink.uri, …)', async () => {
    const put = await arm('PUT', rg('parent'), {
      properties: {
        mode: 'Incremental',
        templateLink: { uri: `${emulator().info.filesUrl}/net/parent.json` }
      }
    })
    expect(put.status, JSON.stringify(put.body)).toBe(201)
    const done = await finished('parent')
    expect(done.properties.error).toBeUndefined()
    expect(done.properties.outputs).toEqual({
      relative: { type: 'String', value: 'relative' },
      uri: { type: 'String', value: 'uri' }
    })
    const child = await arm('GET', rg('by-relative-path'))
    expect(child.body.properties.templateLink.uri).toBe(
      `${emulator().info.filesUrl}/net/nested/child.json`
    )
  })

  it('what-if looks into linked modules', async () => {
    const accepted = await arm('POST', `${rg('w-linked')}/whatIf`, {
      properties: {
        mode: 'Incremental',
        templateLink: { uri: `${emulator().info.filesUrl}/net/wrapper.json` }
      }
    })
    expect(accepted.status).toBe(202)
    let result = await arm('GET', accepted.headers.get('location') ?? '')
    for (let i = 0; i < 400 && result.status === 202; i++) {
      await sleep(25)
      result = await arm('GET', accepted.headers.get('location') ?? '')
    }
    expect(result.status).toBe(200)
    const ids = result.body.properties.changes.map((c: Wire) => c.resourceId as string)
    expect(ids).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/networkSecurityGroups\/wrapped-nsg$/),
        expect.stringMatching(/virtualNetworks\/wrapped-vnet$/)
      ])
    )
  })

  it('fails links it cannot download as ARM does (InvalidContentLink), and link + inline together', async () => {
    const { filesUrl } = emulator().info
    const put = (properties: Record<string, unknown>) =>
      arm('PUT', rg('bad-link'), { properties: { mode: 'Incremental', ...properties } })

    const elsewhere = await put({
      templateLink: { uri: 'https://storage.example.com/t.json?sig=abc' }
    })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.error.code).toBe('InvalidContentLink')
    expect(elsewhere.body.error.message).toMatch(
      /^Unable to download deployment content from 'https:\/\/storage\.example\.com\/t\.json'\. The tracking Id is '[0-9a-f-]{36}'\./
    )
    const missing = await put({ templateLink: { uri: `${filesUrl}/net/none.json` } })
    expect(missing.body.error.message).toContain('Unable to download deployment content')
    const local = await put({ templateLink: { uri: 'https://localhost:1/t.json' } })
    expect(local.body.error.message).toContain('must be an absolute URI not referencing local host')
    const relative = await put({ templateLink: { uri: 'net/two.json' } })
    expect(relative.body.error.code).toBe('InvalidContentLink')

    const both = await put({
      templateLink: { uri: `${filesUrl}/net/two.json` },
      parametersLink: { uri: `${filesUrl}/net/two.parameters.json` },
      parameters: { prefix: { value: 'x' } }
    })
    expect(both.status).toBe(400)
    expect(both.body.error).toEqual({
      code: 'InvalidDeployment',
      message:
        "The deployment 'bad-link' cannot have both the ParameterLink and Parameter property set. Please use one or the other."
    })
    // Set means present: an empty `parameters` next to parametersLink is refused too.
    const empty = await put({
      templateLink: { uri: `${filesUrl}/net/two.json` },
      parametersLink: { uri: `${filesUrl}/net/two.parameters.json` },
      parameters: {}
    })
    expect(empty.status).toBe(400)
    expect(empty.body.error.code).toBe('InvalidDeployment')
    expect(empty.body.error.message).toContain('cannot have both the ParameterLink and Parameter')
    // validate reads links too
    const validate = await arm('POST', `${rg('v-linked')}/validate`, {
      properties: { mode: 'Incremental', templateLink: { uri: `${filesUrl}/net/two.json` } }
    })
    expect(validate.status).toBe(200)
    expect(validate.body.properties.templateLink.uri).toBe(`${filesUrl}/net/two.json`)
  })

  it('deploys a template spec version by templateLink.id; an unknown id gets InvalidTemplateSpec', async () => {
    const group = `/subscriptions/${emulator().info.subscriptionId}/resourceGroups/rg-emulator`
    const spec = `${group}/providers/Microsoft.Resources/templateSpecs/network`
    expect(
      (
        await arm('PUT', `${spec}/versions/1.0`, {
          location: 'eastus',
          properties: { mainTemplate: {} }
        })
      ).status
    ).toBe(404)
    expect(
      (await arm('PUT', spec, { location: 'eastus', properties: { description: 'Hub network' } }))
        .status
    ).toBe(201)
    const version = await arm('PUT', `${spec}/versions/1.0`, {
      location: 'eastus',
      properties: { mainTemplate: fixtureTemplate('two-dependent') }
    })
    expect(version.status).toBe(201)
    expect(version.body).toMatchObject({
      id: `${spec}/versions/1.0`,
      name: '1.0',
      type: 'Microsoft.Resources/templateSpecs/versions'
    })
    expect(Object.keys((await arm('GET', spec)).body.properties.versions)).toEqual(['1.0'])

    const put = await arm('PUT', rg('from-spec'), {
      properties: {
        mode: 'Incremental',
        templateLink: { id: `${spec}/versions/1.0` },
        parameters: { prefix: { value: 'spec' } }
      }
    })
    expect(put.status, JSON.stringify(put.body)).toBe(201)
    const done = await finished('from-spec')
    expect(done.properties.provisioningState).toBe('Succeeded')
    expect(done.properties.templateLink).toEqual({
      id: `${spec}/versions/1.0`,
      contentVersion: '1.0.0.0'
    })

    const unknown = await arm('PUT', rg('no-spec'), {
      properties: { mode: 'Incremental', templateLink: { id: `${spec}/versions/9.9` } }
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('InvalidTemplateSpec')
    expect(unknown.body.error.message).toContain(`from the resource ID '${spec}/versions/9.9'`)
  })
})

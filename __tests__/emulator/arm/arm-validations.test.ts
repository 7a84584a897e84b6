// ARM's own checks on a deployment request that the emulator makes too (issue 10), each answered
// as the deployments OpenAPI description and ARM's documented errors say, with every response
// held to the schemas (fakeArm).
import { describe, expect, it } from 'vitest'
import { deploymentRequest, fakeArm, rgPath, SUB } from './fake-context.js'

const RG_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'
const SUB_SCHEMA =
  'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#'
const empty = { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', resources: [] }
const subPath = (name: string) =>
  `/subscriptions/${SUB}/providers/Microsoft.Resources/deployments/${name}`
const mgPath = (mg: string, name: string) =>
  `/providers/Microsoft.Management/managementGroups/${mg}/providers/Microsoft.Resources/deployments/${name}`

describe('calculateTemplateHash', () => {
  it("answers 200 TemplateHashResult: the minified, upper-cased template and a decimal hash, as the spec's example", async () => {
    const { call } = fakeArm()
    const template = {
      $schema: RG_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { string: { type: 'string' } },
      resources: [],
      outputs: { string: { type: 'string', value: 'myvalue' } }
    }
    const res = await call('POST', '/providers/Microsoft.Resources/calculateTemplateHash', template)
    expect(res.status).toBe(200)
    expect(res.schema).toBe('TemplateHashResult')
    expect(res.body.minifiedTemplate).toBe(JSON.stringify(template).toUpperCase())
    expect(res.body.templateHash).toMatch(/^\d+$/)
    const again = await call(
      'POST',
      '/providers/Microsoft.Resources/calculateTemplateHash',
      template
    )
    expect(again.body.templateHash).toBe(res.body.templateHash)
    const other = await call('POST', '/providers/Microsoft.Resources/calculateTemplateHash', {
      ...template,
      contentVersion: '2.0.0.0'
    })
    expect(other.body.templateHash).not.toBe(res.body.templateHash)
  })

  it('refuses a body that is not a template object with 400 InvalidRequestContent', async () => {
    const { call } = fakeArm()
    const res = await call('POST', '/providers/Microsoft.Resources/calculateTemplateHash', [1])
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('InvalidRequestContent')
  })
})

describe('deployment names (^[-\\w\\._\\(\\)]+$, at most 64 characters)', () => {
  it('accepts letters, digits, -, ., _, ( and ), up to 64 characters', async () => {
    const { call } = fakeArm()
    expect((await call('PUT', rgPath('a-b.c_d(1)'), deploymentRequest(empty))).status).toBe(201)
    expect((await call('PUT', rgPath('x'.repeat(64)), deploymentRequest(empty))).status).toBe(201)
  })

  it('refuses 65 characters with 400 DeploymentNameLengthLimitExceeded', async () => {
    const { call } = fakeArm()
    const res = await call('PUT', rgPath('x'.repeat(65)), deploymentRequest(empty))
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('DeploymentNameLengthLimitExceeded')
    expect(res.body.error.message).toContain(
      "has a length of '65' which exceeds the maximum length of '64'"
    )
  })

  it('refuses other characters with 400 InvalidDeployment naming them, for validate and what-if too', async () => {
    const { call } = fakeArm()
    for (const [method, path] of [
      ['PUT', rgPath('web site')],
      ['POST', `${rgPath('web site')}/validate`],
      ['POST', `${rgPath('web site')}/whatIf`]
    ] as const) {
      const res = await call(method, path, deploymentRequest(empty))
      expect(res.status, path).toBe(400)
      expect(res.body.error.code).toBe('InvalidDeployment')
      expect(res.body.error.message).toContain("has these invalid characters: ' '")
    }
  })
})

describe('the template at the PUT', () => {
  it('an unknown function in outputs is 400 InvalidTemplate before anything starts', async () => {
    const { call } = fakeArm()
    const res = await call(
      'PUT',
      rgPath('bad-output'),
      deploymentRequest({
        ...empty,
        outputs: { x: { type: 'string', value: "[concat('a', notAFunction())]" } }
      })
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('InvalidTemplate')
    expect(res.body.error.message).toContain(
      "The template output 'x' is not valid: The template function 'notafunction' is not valid."
    )
    expect((await call('GET', rgPath('bad-output'))).status).toBe(404)
  })

  it('a subscription-scope $schema sent to a resource group is 400 InvalidTemplate', async () => {
    const { call } = fakeArm()
    const res = await call(
      'PUT',
      rgPath('wrong-scope'),
      deploymentRequest({ ...empty, $schema: SUB_SCHEMA })
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('InvalidTemplate')
    expect(res.body.error.message).toContain('subscriptionDeploymentTemplate.json')
    expect(
      (
        await call(
          'PUT',
          subPath('right-scope'),
          deploymentRequest({ ...empty, $schema: SUB_SCHEMA }, {}, { location: 'westeurope' })
        )
      ).status
    ).toBe(201)
  })
})

describe("the PUT's 201 body", () => {
  it('lists the providers and resource types the template deploys', async () => {
    const { call } = fakeArm()
    const res = await call(
      'PUT',
      rgPath('providers'),
      deploymentRequest({
        ...empty,
        resources: [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2023-09-01',
            name: 'v',
            location: 'westeurope',
            properties: {}
          },
          {
            type: 'Microsoft.Storage/storageAccounts',
            apiVersion: '2023-01-01',
            name: 'st',
            location: 'westeurope',
            kind: 'StorageV2',
            sku: { name: 'Standard_LRS' },
            properties: {}
          }
        ]
      })
    )
    expect(res.status).toBe(201)
    expect(res.body.properties.providers).toEqual([
      {
        namespace: 'Microsoft.Network',
        resourceTypes: [{ resourceType: 'virtualNetworks', locations: ['eastus'] }]
      },
      {
        namespace: 'Microsoft.Storage',
        resourceTypes: [{ resourceType: 'storageAccounts', locations: ['eastus'] }]
      }
    ])
  })
})

describe('mode Complete', () => {
  it('is refused outside a resource group with 400 InvalidDeployment', async () => {
    const { call } = fakeArm()
    const body = deploymentRequest(
      { ...empty, $schema: SUB_SCHEMA },
      {},
      { location: 'westeurope', properties: { mode: 'Complete' } }
    )
    const res = await call('PUT', subPath('complete'), body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('InvalidDeployment')
    expect(res.body.error.message).toBe(
      "Specified deployment mode 'Complete' is not supported for deployment at the current scope. Please see https://aka.ms/deployment-modes for usage details."
    )
    const mg = await call('PUT', mgPath('mg1', 'complete'), body)
    expect(mg.body.error.code).toBe('InvalidDeployment')
  })

  it('is taken at a resource group', async () => {
    const { call } = fakeArm()
    const res = await call(
      'PUT',
      rgPath('complete'),
      deploymentRequest(empty, {}, { properties: { mode: 'Complete' } })
    )
    expect(res.status).toBe(201)
  })
})

describe('api-version', () => {
  it('an unsupported one is 400 InvalidApiVersionParameter listing the supported versions', async () => {
    const { call } = fakeArm()
    const res = await call('GET', `${rgPath('x')}?api-version=2099-01-01`)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('InvalidApiVersionParameter')
    expect(res.body.error.message).toMatch(
      /^The api-version '2099-01-01' is invalid\. The supported versions are '2026-09-01,2026-06-01,2025-04-01,.*'\.$/
    )
    const hash = await call(
      'POST',
      '/providers/Microsoft.Resources/calculateTemplateHash?api-version=1999-01-01',
      empty
    )
    expect(hash.body.error.code).toBe('InvalidApiVersionParameter')
  })

  it('the versions clients use are served (2025-04-01, 2024-11-01, 2022-09-01)', async () => {
    const { call } = fakeArm()
    for (const v of ['2025-04-01', '2024-11-01', '2022-09-01'])
      expect((await call('GET', `${rgPath('x')}?api-version=${v}`)).status, v).toBe(404)
  })
})

describe('management group ids', () => {
  it("one containing '/' (sent encoded) is refused with 400", async () => {
    const { call } = fakeArm()
    const res = await call(
      'PUT',
      mgPath('a%2Fb', 'd'),
      deploymentRequest(empty, {}, { location: 'westeurope' })
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('InvalidManagementGroupId')
    expect(res.body.error.message).toContain("'a/b'")
  })
})

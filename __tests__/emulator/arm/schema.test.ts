// Every ARM response the emulator produced in this run, checked against JSON Schemas translated
// from the deployments OpenAPI description: success, failure, validate, what-if, errors.
import { ClientSecretCredential } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import { schemaTypes, validateRequestLog } from '../../../emulator/schemas/validate-log.js'
import { useEmulator } from '../../helpers/emulator.js'
import type { Wire } from './fake-context.js'
import { fixtureTemplate } from './templates.js'

const emulator = useEmulator({
  timeScale: 600,
  // 12 operations in pages of 10, so a nextLink page is checked too.
  pageSize: 10,
  scenario: {
    failures: [
      { resourceName: 'hub-vnet', code: 'InvalidAddressPrefix', message: 'The prefix overlaps.' }
    ]
  }
})

async function arm(
  method: string,
  path: string,
  body?: unknown,
  token?: string
): Promise<{ status: number; headers: Headers; body: Wire }> {
  const { info } = emulator()
  const url = path.startsWith('https://')
    ? path
    : `${info.armEndpoint}${path}${path.includes('?') ? '&' : '?'}api-version=2025-04-01`
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token ?? (await accessToken())}`,
      'content-type': 'application/json'
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined
  }
}

let cached: string | undefined
async function accessToken(): Promise<string> {
  const { info } = emulator()
  cached ??= (
    await new ClientSecretCredential(info.tenantId, info.clientId, info.clientSecret, {
      authorityHost: info.authorityHost,
      disableInstanceDiscovery: true
    }).getToken(`${info.armEndpoint}/.default`)
  ).token
  return cached
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const request = (
  template: unknown,
  parameters: Record<string, unknown> = {},
  extra: Record<string, unknown> = {}
) => ({
  ...extra,
  properties: {
    mode: 'Incremental',
    template,
    parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }]))
  }
})

async function until(path: string, state: string): Promise<Wire> {
  for (let i = 0; i < 200; i++) {
    const res = await arm('GET', path)
    if (res.body?.properties?.provisioningState === state) return res.body
    await sleep(25)
  }
  throw new Error(`${path} never reached ${state}`)
}

describe('ARM responses against the OpenAPI-derived JSON Schemas', () => {
  it('a representative run has zero schema violations', async () => {
    const sub = emulator().info.subscriptionId
    const rg = (name: string, group = 'rg-emulator') =>
      `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Resources/deployments/${name}`

    // success, with nested module, operations (paged), secure params and outputs
    expect(
      (
        await arm('PUT', `/subscriptions/${sub}/resourcegroups/rg-schema`, {
          location: 'westeurope'
        })
      ).status
    ).toBe(201)
    expect(
      (
        await arm(
          'PUT',
          rg('ok'),
          request(
            fixtureTemplate('parameters'),
            { sku: 'Basic', adminPassword: 'pw', count: 12 },
            {}
          )
        )
      ).status
    ).toBe(201)
    expect(
      (
        await arm(
          'PUT',
          rg('nested'),
          request(fixtureTemplate('nested-module'), { spokeGroup: 'rg-schema' }, { properties: {} })
        )
      ).status
    ).toBe(201)
    const put = await arm(
      'PUT',
      `/subscriptions/${sub}/providers/Microsoft.Resources/deployments/sub`,
      request(
        fixtureTemplate('subscription-rg'),
        { groupName: 'rg-schema-2' },
        { location: 'eastus', tags: { owner: 'tests' } }
      )
    )
    await arm('GET', put.headers.get('azure-asyncoperation') ?? '')
    await until(rg('ok'), 'Succeeded')
    await until(rg('nested'), 'Succeeded')
    await until(`/subscriptions/${sub}/providers/Microsoft.Resources/deployments/sub`, 'Succeeded')
    const ops = await arm('GET', `${rg('ok')}/operations`)
    expect(ops.body.nextLink).toBeDefined()
    await arm('GET', ops.body.nextLink)
    await arm(
      'GET',
      `/subscriptions/${sub}/resourcegroups/rg-emulator/deployments/ok/operations/${ops.body.value[0].operationId}`
    )
    await arm(
      'GET',
      `/subscriptions/${sub}/resourceGroups/rg-emulator/providers/Microsoft.Resources/deployments`
    )
    await arm('GET', `/subscriptions/${sub}/resourcegroups`)
    await arm('GET', `/subscriptions/${sub}/resourcegroups/rg-schema`)

    // failure (scenario) with statusMessage errors, and the failed status document
    const failing = await arm(
      'PUT',
      rg('fails'),
      request(fixtureTemplate('two-dependent'), {}, { properties: {} })
    )
    await until(rg('fails'), 'Failed')
    expect((await arm('GET', failing.headers.get('azure-asyncoperation') ?? '')).body.status).toBe(
      'Failed'
    )
    await arm('GET', `${rg('fails')}/operations`)

    // validate: success and failure; what-if: Create/Modify/NoChange/Delete
    expect(
      (await arm('POST', `${rg('v')}/validate`, request(fixtureTemplate('two-dependent')))).status
    ).toBe(200)
    expect(
      (
        await arm(
          'POST',
          `${rg('v')}/validate`,
          request(fixtureTemplate('parameters'), { sku: 'Gold', adminPassword: 'x' })
        )
      ).status
    ).toBe(400)
    const whatIf = await arm(
      'POST',
      `${rg('w')}/whatIf`,
      request(
        JSON.parse(JSON.stringify(fixtureTemplate('parameters')).replace('_LRS', '_GRS')),
        { sku: 'Basic', adminPassword: 'pw', count: 13 },
        { properties: {} }
      )
    )
    expect(whatIf.status).toBe(202)
    let result = await arm('GET', whatIf.headers.get('location') ?? '')
    while (result.status === 202) {
      await sleep(20)
      result = await arm('GET', whatIf.headers.get('location') ?? '')
    }
    expect(
      result.body.properties.changes.map((c: { changeType: string }) => c.changeType)
    ).toContain('Modify')

    // errors: not found, active, cannot cancel, missing group, bad request, unknown route, no api-version
    const long = await arm('PUT', rg('long'), request(fixtureTemplate('hub-long')))
    expect(long.status).toBe(201)
    expect((await arm('PUT', rg('long'), request(fixtureTemplate('hub-long')))).status).toBe(409)
    expect((await arm('POST', `${rg('long')}/cancel`)).status).toBe(204)
    expect((await arm('POST', `${rg('long')}/cancel`)).status).toBe(409)
    expect((await arm('GET', rg('missing'))).status).toBe(404)
    expect(
      (await arm('PUT', rg('x', 'rg-nope'), request(fixtureTemplate('two-dependent')))).status
    ).toBe(404)
    expect((await arm('PUT', rg('x'), { properties: { template: {} } })).status).toBe(400)
    expect((await arm('GET', `/subscriptions/${sub}/providers/Microsoft.Nope/things`)).status).toBe(
      404
    )
    expect((await arm('DELETE', rg('ok'))).status).toBe(202)
    expect((await arm('GET', `/subscriptions/${sub}`)).status).toBe(200)
    expect((await arm('GET', '/tenants')).status).toBe(200)
    // the management group and tenant scopes
    expect(
      (
        await arm(
          'PUT',
          '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Resources/deployments/mg',
          request(fixtureTemplate('management-group'), {}, { location: 'eastus' })
        )
      ).status
    ).toBe(201)
    await until(
      '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Resources/deployments/mg',
      'Succeeded'
    )
    expect(
      (
        await arm(
          'PUT',
          '/providers/Microsoft.Resources/deployments/t',
          request(fixtureTemplate('tenant'), {}, {})
        )
      ).status
    ).toBe(400)

    const log = emulator().requestLog()
    const checked = log.filter(
      (e) => e.service === 'arm' && e.responseType && schemaTypes().includes(e.responseType)
    )
    const covered = new Set(checked.map((e) => e.responseType))
    for (const type of [
      'DeploymentExtended',
      'DeploymentOperationsListResult',
      'DeploymentValidateResult',
      'WhatIfOperationResult',
      'CloudError',
      'DeploymentListResult',
      'DeploymentOperation',
      'OperationStatusResult'
    ]) {
      expect(covered, type).toContain(type)
    }
    // Every ARM JSON body says what it is, so none escapes the check.
    expect(
      log.filter((e) => e.service === 'arm' && e.responseBody !== undefined && !e.responseType)
    ).toEqual([])
    expect(validateRequestLog(log)).toEqual([])
  })

  it('catches invented fields, missing required ones and values outside the enums', () => {
    const entry = (responseType: string, responseBody: unknown) => ({
      seq: 1,
      method: 'GET',
      path: '/x',
      status: 200,
      service: 'arm' as const,
      realTime: '',
      emulatedMs: 0,
      responseType,
      responseBody
    })
    const violations = validateRequestLog([
      entry('DeploymentExtended', {
        id: 'x',
        properties: { provisioningState: 'Done', inventedField: 1 }
      }),
      entry('WhatIfOperationResult', {
        status: 'Succeeded',
        properties: { changes: [{ resourceId: 'x' }] }
      }),
      entry('CloudError', { error: { code: 'X', message: 'y', innerError: {} } }),
      entry('DeploymentOperationsListResult', { nextLink: 'https://x' })
    ])
    expect(violations.map((v) => [v.responseType, v.errors.length > 0])).toEqual([
      ['DeploymentExtended', true],
      ['WhatIfOperationResult', true],
      ['CloudError', true],
      ['DeploymentOperationsListResult', true]
    ])
    expect(violations[0].errors.join('\n')).toContain('inventedField')
    expect(violations[0].errors.join('\n')).toContain('allowedValues')
  })
})

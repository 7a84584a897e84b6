// Issue 10's eleven template-engine points, each as ARM does it, through the in-process ARM half
// (every response held to the OpenAPI schemas by fakeArm). The templates are small shapes cut
// from the real ones in __tests__/fixtures/real-templates (AVM modules and quickstarts).
import { describe, expect, it } from 'vitest'
import { deploymentRequest, fakeArm, rgPath, SUB, TENANT } from './fake-context.js'
import type { Wire } from './fake-context.js'

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'
const RG = `/subscriptions/${SUB}/resourceGroups/rg-emulator`

/** PUTs `template`, lets 10 emulated minutes pass, and returns the deployment's properties. */
async function deploy(
  template: Record<string, unknown>,
  parameters: Record<string, unknown> = {},
  name = 'd',
  arm = fakeArm()
): Promise<{ put: Wire; props: Wire; arm: ReturnType<typeof fakeArm> }> {
  const put = await arm.call(
    'PUT',
    rgPath(name),
    deploymentRequest({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...template }, parameters)
  )
  arm.clock.advance(600_000)
  const got = await arm.call('GET', rgPath(name))
  return { put, props: got.body?.properties, arm }
}

const outputs = (props: Wire) =>
  Object.fromEntries(Object.entries(props.outputs ?? {}).map(([k, v]) => [k, (v as Wire).value]))

const vnet = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-09-01',
  name,
  location: 'westeurope',
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
    subnets: [{ name: 'default', properties: { addressPrefix: '10.1.0.0/24' } }]
  },
  ...extra
})

describe('1. nullable parameters without a default', () => {
  it('may be left out and evaluate to null, directly and through $ref to a nullable definition', async () => {
    const { props } = await deploy({
      languageVersion: '2.0',
      definitions: { lockType: { type: 'object', nullable: true, properties: {} } },
      parameters: {
        tags: { type: 'object', nullable: true },
        lock: { $ref: '#/definitions/lockType' }
      },
      resources: {},
      outputs: {
        tagsNull: { type: 'bool', value: "[equals(parameters('tags'), null())]" },
        lockEmpty: { type: 'bool', value: "[empty(coalesce(parameters('lock'), createObject()))]" }
      }
    })
    expect(props.provisioningState).toBe('Succeeded')
    expect(outputs(props)).toEqual({ tagsNull: true, lockEmpty: true })
  })

  it('a parameter that is not nullable and has no default is still required', async () => {
    const { put } = await deploy({ parameters: { name: { type: 'string' } }, resources: [] })
    expect(put.status).toBe(400)
    expect(put.body.error.message).toContain("The value for the template parameter 'name'")
  })
})

describe('2. reference() of a symbolic name (languageVersion 2.0)', () => {
  it('reads the resource, its Full body, and a copy-loop element by format("x[{0}]")', async () => {
    const { props } = await deploy({
      languageVersion: '2.0',
      resources: {
        net: vnet('vnet-a'),
        pips: {
          copy: { name: 'pips', count: 2 },
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: "[format('pip-{0}', copyIndex())]",
          location: 'westeurope',
          properties: {}
        }
      },
      outputs: {
        prefix: { type: 'string', value: "[reference('net').addressSpace.addressPrefixes[0]]" },
        location: { type: 'string', value: "[reference('net', '2023-09-01', 'full').location]" },
        second: { type: 'string', value: "[reference(format('pips[{0}]', 1)).ipAddress]" }
      }
    })
    expect(props.provisioningState).toBe('Succeeded')
    expect(outputs(props).prefix).toBe('10.1.0.0/16')
    expect(outputs(props).location).toBe('westeurope')
    expect(outputs(props).second).toMatch(/^20\.\d+\.\d+\.\d+$/)
  })
})

describe('3. an explicit null passed to a nested deployment', () => {
  it("means the optional parameter's default (or null when nullable), as Bicep's tryGet() relies on", async () => {
    const { props } = await deploy({
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'module',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: {
              sku: { value: null },
              zones: { value: "[tryGet(createObject(), 'zones')]" }
            },
            template: {
              $schema: SCHEMA,
              contentVersion: '1.0.0.0',
              parameters: {
                sku: { type: 'string', defaultValue: 'Standard' },
                zones: { type: 'array', nullable: true }
              },
              resources: [],
              outputs: {
                sku: { type: 'string', value: "[parameters('sku')]" },
                zonesNull: { type: 'bool', value: "[equals(parameters('zones'), null())]" }
              }
            }
          }
        }
      ],
      outputs: { child: { type: 'object', value: "[reference('module').outputs]" } }
    })
    expect(props.provisioningState).toBe('Succeeded')
    expect(outputs(props).child).toEqual({
      sku: { type: 'String', value: 'Standard' },
      zonesNull: { type: 'Bool', value: true }
    })
  })
})

describe('4. a resource type with a trailing slash', () => {
  it("resourceId('Microsoft.Network/virtualNetworks/', name) is the id without it", async () => {
    const { props } = await deploy({
      resources: [],
      outputs: {
        id: { type: 'string', value: "[resourceId('Microsoft.Network/virtualNetworks/', 'v')]" },
        subnet: {
          type: 'string',
          value: "[resourceId('Microsoft.Network/virtualNetworks/subnets/', 'v', 's')]"
        }
      }
    })
    expect(outputs(props)).toEqual({
      id: `${RG}/providers/Microsoft.Network/virtualNetworks/v`,
      subnet: `${RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/s`
    })
  })
})

describe('5. read-only properties providers add', () => {
  it("storage endpoints, a NIC's private IP from its subnet, and a managed identity's principal", async () => {
    const { props } = await deploy({
      resources: [
        vnet('vnet-n'),
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2023-01-01',
          name: 'stdiag01',
          location: 'westeurope',
          sku: { name: 'Standard_LRS' },
          kind: 'StorageV2',
          properties: {}
        },
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2023-09-01',
          name: 'nic',
          location: 'westeurope',
          dependsOn: ['vnet-n'],
          properties: {
            ipConfigurations: [
              {
                name: 'ipconfig1',
                properties: {
                  subnet: {
                    id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-n', 'default')]"
                  }
                }
              }
            ]
          }
        },
        {
          type: 'Microsoft.Web/sites',
          apiVersion: '2022-09-01',
          name: 'app',
          location: 'westeurope',
          identity: { type: 'SystemAssigned' },
          properties: {}
        }
      ],
      outputs: {
        blob: {
          type: 'string',
          value:
            "[reference(resourceId('Microsoft.Storage/storageAccounts', 'stdiag01')).primaryEndpoints.blob]"
        },
        ip: {
          type: 'string',
          value:
            "[reference(resourceId('Microsoft.Network/networkInterfaces', 'nic')).ipConfigurations[0].properties.privateIPAddress]"
        },
        principal: {
          type: 'string',
          value:
            "[reference(resourceId('Microsoft.Web/sites', 'app'), '2022-09-01', 'Full').identity.principalId]"
        },
        tenant: {
          type: 'string',
          value:
            "[reference(resourceId('Microsoft.Web/sites', 'app'), '2022-09-01', 'Full').identity.tenantId]"
        }
      }
    })
    expect(props.provisioningState).toBe('Succeeded')
    const out = outputs(props)
    expect(out.blob).toBe('https://stdiag01.blob.core.windows.net/')
    expect(out.ip).toMatch(/^10\.1\.0\.\d+$/)
    expect(Number(String(out.ip).split('.')[3])).toBeGreaterThanOrEqual(4)
    expect(out.principal).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/
    )
    expect(out.tenant).toBe(TENANT)
  })
})

describe('6. array parameters with allowedValues', () => {
  const template = {
    parameters: { zones: { type: 'array', allowedValues: [1, 2, 3], defaultValue: [1] } },
    resources: [],
    outputs: { zones: { type: 'array', value: "[parameters('zones')]" } }
  }

  it('accept an array whose every element is allowed', async () => {
    const { props } = await deploy(template, { zones: [1, 2, 3] })
    expect(outputs(props).zones).toEqual([1, 2, 3])
  })

  it('refuse an array with an element that is not, naming it', async () => {
    const { put } = await deploy(template, { zones: [1, 4] })
    expect(put.status).toBe(400)
    expect(put.body.error.code).toBe('InvalidTemplate')
    expect(put.body.error.message).toContain(
      "The provided value '4' for the template parameter 'zones' is not valid. The parameter value is not part of the allowed value(s): '1,2,3'."
    )
  })
})

describe('7. format() braces and json() of bad text', () => {
  it('format turns {{ and }} into braces and keeps {0:D2}-style numbers', async () => {
    const { props } = await deploy({
      resources: [],
      outputs: {
        text: { type: 'string', value: '[format(\'{{"name": "{0}"}} {1:D3}\', \'x\', 7)]' }
      }
    })
    expect(outputs(props).text).toBe('{"name": "x"} 007')
  })

  it('json() of text that is not JSON is a 400 InvalidTemplate at the PUT, never a server error', async () => {
    const { put } = await deploy({
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: "[json('{not json')]",
          location: 'westeurope',
          properties: {}
        }
      ]
    })
    expect(put.status).toBe(400)
    expect(put.body.error.code).toBe('InvalidTemplate')
    expect(put.body.error.message).toContain("Unable to evaluate template language function 'json'")
  })
})

describe('8. list*() functions', () => {
  it('answer deterministic fake secrets in the provider shape (storage keys like Azurite)', async () => {
    const template = {
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2023-01-01',
          name: 'stkeys01',
          location: 'westeurope',
          sku: { name: 'Standard_LRS' },
          kind: 'StorageV2',
          properties: {}
        }
      ],
      outputs: {
        key: {
          type: 'string',
          value:
            "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'stkeys01'), '2023-01-01').keys[0].value]"
        },
        names: {
          type: 'array',
          value:
            "[map(listKeys(resourceId('Microsoft.Storage/storageAccounts', 'stkeys01'), '2023-01-01').keys, lambda('k', lambdaVariables('k').keyName))]"
        },
        conn: {
          type: 'string',
          value:
            "[listConnectionStrings(resourceId('Microsoft.DocumentDB/databaseAccounts', 'cosmos'), '2023-04-15').connectionStrings[0].connectionString]"
        }
      }
    }
    const first = outputs((await deploy(template)).props)
    const second = outputs((await deploy(template)).props)
    expect(first.key).toMatch(/^[A-Za-z0-9+/]{86}==$/)
    expect(first.names).toEqual(['key1', 'key2'])
    expect(first.conn).toMatch(/^AccountEndpoint=https:\/\/cosmos\./)
    expect(second).toEqual(first)
  })
})

describe('9. user-defined types ($ref to definitions)', () => {
  const template = {
    languageVersion: '2.0',
    definitions: {
      ruleType: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          priority: { type: 'int', minValue: 100, maxValue: 4096 },
          note: { type: 'string', nullable: true }
        }
      },
      rulesType: { type: 'array', items: { $ref: '#/definitions/ruleType' } }
    },
    parameters: { rules: { $ref: '#/definitions/rulesType' } },
    resources: {},
    outputs: {
      first: { $ref: '#/definitions/ruleType', value: "[parameters('rules')[0]]" }
    }
  }

  it('type parameters and outputs, nullable properties may be absent', async () => {
    const { props } = await deploy(template, { rules: [{ name: 'a', priority: 100 }] })
    expect(props.provisioningState).toBe('Succeeded')
    expect(props.outputs.first).toEqual({ type: 'Object', value: { name: 'a', priority: 100 } })
    expect(props.parameters.rules.type).toBe('Array')
  })

  it('refuse a value that breaks the definition (missing property, out of range)', async () => {
    const missing = await deploy(template, { rules: [{ priority: 100 }] })
    expect(missing.put.status).toBe(400)
    expect(missing.put.body.error.message).toContain("The required property 'name' is missing")
    const range = await deploy(template, { rules: [{ name: 'a', priority: 5 }] })
    expect(range.put.body.error.message).toContain("Value should be greater than or equal to '100'")
  })

  it('refuse a $ref to a definition that does not exist, at the PUT', async () => {
    const { put } = await deploy({
      languageVersion: '2.0',
      parameters: { x: { $ref: '#/definitions/nope' } },
      resources: {}
    })
    expect(put.status).toBe(400)
    expect(put.body.error.code).toBe('InvalidTemplate')
    expect(put.body.error.message).toContain("The type reference '#/definitions/nope' is not valid")
  })
})

describe('10. existing resources', () => {
  const template = {
    languageVersion: '2.0',
    resources: {
      net: {
        existing: true,
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: 'vnet-e'
      },
      pip: {
        type: 'Microsoft.Network/publicIPAddresses',
        apiVersion: '2023-09-01',
        name: 'pip-e',
        location: 'westeurope',
        properties: {},
        dependsOn: ['net']
      }
    },
    outputs: {
      prefix: { type: 'string', value: "[reference('net').addressSpace.addressPrefixes[0]]" }
    }
  }

  it('are read, never created or overwritten: no operation targets them', async () => {
    const arm = fakeArm()
    await deploy({ resources: [vnet('vnet-e')] }, {}, 'first', arm)
    const { props } = await deploy(template, {}, 'second', arm)
    expect(props.provisioningState).toBe('Succeeded')
    expect(outputs(props).prefix).toBe('10.1.0.0/16')
    const ops = (await arm.call('GET', `${rgPath('second')}/operations`)).body.value as Wire[]
    expect(ops.map((o) => o.properties.targetResource.resourceName)).toEqual(['pip-e'])
  })

  it('fail the deployment with ResourceNotFound when absent', async () => {
    const { props } = await deploy(template)
    expect(props.provisioningState).toBe('Failed')
    expect(props.error.details[0].code).toBe('ResourceNotFound')
    expect(props.error.details[0].message).toContain("'Microsoft.Network/virtualNetworks/vnet-e'")
  })
})

describe('10. existing children that come with their parent', () => {
  it("a storage account's default queue service exists with the account; a key vault secret's value stays write-only", async () => {
    const arm = fakeArm()
    await deploy(
      {
        resources: [
          {
            type: 'Microsoft.Storage/storageAccounts',
            apiVersion: '2023-01-01',
            name: 'stparent01',
            location: 'westeurope',
            sku: { name: 'Standard_LRS' },
            kind: 'StorageV2',
            properties: {}
          },
          {
            type: 'Microsoft.KeyVault/vaults',
            apiVersion: '2022-07-01',
            name: 'kv-parent',
            location: 'westeurope',
            properties: { sku: { family: 'A', name: 'standard' }, tenantId: TENANT }
          }
        ]
      },
      {},
      'parents',
      arm
    )
    const { props } = await deploy(
      {
        languageVersion: '2.0',
        resources: {
          queues: {
            existing: true,
            type: 'Microsoft.Storage/storageAccounts/queueServices',
            apiVersion: '2023-04-01',
            name: 'stparent01/default'
          },
          secret: {
            type: 'Microsoft.KeyVault/vaults/secrets',
            apiVersion: '2022-07-01',
            name: 'kv-parent/s1',
            properties: { value: 'not-returned' }
          }
        },
        outputs: {
          uri: { type: 'string', value: "[reference('secret').secretUri]" },
          keys: { type: 'array', value: "[objectKeys(reference('secret'))]" }
        }
      },
      {},
      'children',
      arm
    )
    expect(props.provisioningState).toBe('Succeeded')
    expect(outputs(props).uri).toBe('https://kv-parent.vault.azure.net/secrets/s1')
    expect(outputs(props).keys).not.toContain('value')
  })
})

describe('11. Azure side effects templates rely on', () => {
  it('the first virtual network of a region brings NetworkWatcherRG and NetworkWatcher_<region>', async () => {
    const arm = fakeArm()
    await deploy({ resources: [vnet('vnet-w')] }, {}, 'net', arm)
    const groups = (await arm.call('GET', `/subscriptions/${SUB}/resourcegroups`)).body
      .value as Wire[]
    expect(groups.map((g) => g.name)).toContain('NetworkWatcherRG')
    const { props } = await deploy(
      {
        resources: [],
        outputs: {
          watcher: {
            type: 'string',
            value:
              "[reference(resourceId('NetworkWatcherRG', 'Microsoft.Network/networkWatchers', 'NetworkWatcher_westeurope'), '2023-09-01', 'Full').name]"
          }
        }
      },
      {},
      'read',
      arm
    )
    expect(outputs(props).watcher).toBe('NetworkWatcher_westeurope')
  })
})

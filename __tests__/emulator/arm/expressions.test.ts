import { describe, expect, it } from 'vitest'
import {
  evaluateString,
  uniqueString,
  type EvalContext
} from '../../../emulator/src/arm/expressions.js'

const ctx: EvalContext = {
  scope: {
    kind: 'resourceGroup',
    subscriptionId: 'sub1',
    resourceGroup: 'rg1',
    id: '/subscriptions/sub1/resourceGroups/rg1'
  },
  tenantId: 'tenant1',
  location: 'westeurope',
  deployment: {
    name: 'd1',
    id: '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Resources/deployments/d1'
  },
  parameter: (name) => ({ prefix: 'hub', count: 3, tags: { env: 'prod' } })[name],
  variable: (name) => ({ names: ['a', 'b'] })[name],
  reference: (target, full) =>
    full ? { id: target, properties: { ipAddress: '20.1.2.3' } } : { ipAddress: '20.1.2.3' }
}
const ev = (text: string) => evaluateString(text, ctx)

describe('ARM template expressions', () => {
  it.each([
    ["[concat(parameters('prefix'), '-', 'vnet')]", 'hub-vnet'],
    ["[format('{0}-{1}', parameters('prefix'), parameters('count'))]", 'hub-3'],
    ["[toUpper(parameters('prefix'))]", 'HUB'],
    ["[toLower('ABC')]", 'abc'],
    ["[variables('names')[1]]", 'b'],
    ["[parameters('tags').env]", 'prod'],
    ['[resourceGroup().location]', 'westeurope'],
    ['[resourceGroup().name]', 'rg1'],
    ['[subscription().subscriptionId]', 'sub1'],
    [
      "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]",
      '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/s'
    ],
    [
      "[resourceId('other', 'Microsoft.Network/virtualNetworks', 'v')]",
      '/subscriptions/sub1/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/v'
    ],
    [
      "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'g')]",
      '/subscriptions/sub1/resourceGroups/g'
    ],
    ["[reference('pip').ipAddress]", '20.1.2.3'],
    ["[reference('pip', '2023-09-01', 'Full').properties.ipAddress]", '20.1.2.3'],
    ["[if(equals(parameters('count'), 3), 'three', 'other')]", 'three'],
    ["[length(variables('names'))]", 2],
    ["[concat('it''s')]", "it's"],
    ['[[not an expression]', '[not an expression]'],
    ['plain', 'plain']
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected)
  })

  it('uniqueString is deterministic and 13 lower-case characters', () => {
    expect(ev('[uniqueString(resourceGroup().id)]')).toBe(
      uniqueString(['/subscriptions/sub1/resourceGroups/rg1'])
    )
    expect(uniqueString(['a'])).toMatch(/^[a-z2-7]{13}$/)
    expect(uniqueString(['a'])).not.toBe(uniqueString(['b']))
  })

  it('fails like ARM on unknown functions and missing properties', () => {
    expect(() => ev("[nope('x')]")).toThrow("The template function 'nope' is not valid")
    expect(() => ev("[parameters('tags').missing]")).toThrow(
      "The language expression property 'missing' doesn't exist, available properties are 'env'"
    )
  })
})

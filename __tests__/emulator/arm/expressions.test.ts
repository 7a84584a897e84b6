import { describe, expect, it } from 'vitest'
import { evaluateString, type EvalContext } from '../../../emulator/src/arm/expressions.js'
import { uniqueString } from '../../../emulator/src/arm/resource-functions.js'

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

describe('template functions Bicep emits', () => {
  const obj = "createObject('b', 2, 'A', 1, 'c', createObject('x', 1))"
  it.each([
    // `for x in items(obj)`: {key, value} pairs sorted by key
    [
      `[items(${obj})]`,
      [
        { key: 'A', value: 1 },
        { key: 'b', value: 2 },
        { key: 'c', value: { x: 1 } }
      ]
    ],
    [`[length(items(${obj}))]`, 3],
    [`[items(${obj})[1].value]`, 2],
    [
      "[union(createObject('a', createObject('x', 1, 'y', 2)), createObject('a', createObject('y', 3)))]",
      { a: { x: 1, y: 3 } }
    ],
    ['[union(createArray(1, 2), createArray(2, 3))]', [1, 2, 3]],
    ["[contains(createObject('Key', 1), 'key')]", true],
    ["[contains('abc', 'B')]", false],
    ['[empty(createArray())]', true],
    ["[if(equals(1, 1), 'yes', reference('not-there').x)]", 'yes'],
    ['[coalesce(null(), null(), 3)]', 3],
    ['[if(true(), false(), true())]', false],
    ["[first(split('a,b', ','))]", 'a'],
    ['[last(createArray(1, 2))]', 2],
    ["[replace('a-b', '-', '_')]", 'a_b'],
    ["[string(int('5'))]", '5'],
    ["[bool('true')]", true],
    ['[json(\'{"a":1}\').a]', 1],
    ['[range(2, 3)]', [2, 3, 4]],
    ['[take(range(0, 5), 2)]', [0, 1]],
    ['[skip(range(0, 5), 3)]', [3, 4]],
    ['[and(not(false()), or(false(), greater(2, 1)))]', true],
    ["[and(less(1, 2), greaterOrEquals('b', 'a'), lessOrEquals(2, 2))]", true],
    ["[startsWith('Contoso-hub', 'contoso')]", true],
    ["[endsWith('vnet', 'NET')]", true],
    ["[indexOf('abcABC', 'B')]", 1],
    ["[lastIndexOf(createArray('a', 'b', 'a'), 'a')]", 2],
    ["[join(createArray('a', 'b'), '-')]", 'a-b'],
    ["[padLeft(7, 3, '0')]", '007'],
    ["[trim('  x ')]", 'x'],
    ["[tryGet(createObject('a', createObject('b', 1)), 'a', 'b')]", 1],
    ["[tryGet(createObject('a', 1), 'missing')]", null],
    ['[indexFromEnd(createArray(1, 2, 3), 1)]', 3],
    ['[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]', [2, 3]],
    ["[objectKeys(createObject('a', 1, 'b', 2))]", ['a', 'b']],
    ['[flatten(createArray(createArray(1), createArray(2, 3)))]', [1, 2, 3]],
    ["[map(range(1, 3), lambda('n', mul(lambdaVariables('n'), 10)))]", [10, 20, 30]],
    ["[filter(range(1, 4), lambda('n', greater(lambdaVariables('n'), 2)))]", [3, 4]],
    [
      "[reduce(range(1, 4), 0, lambda('acc', 'n', add(lambdaVariables('acc'), lambdaVariables('n'))))]",
      10
    ],
    [
      "[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]",
      [1, 2, 3]
    ],
    [
      "[toObject(createArray('x', 'y'), lambda('k', toUpper(lambdaVariables('k'))))]",
      { X: 'x', Y: 'y' }
    ],
    ["[base64ToString(base64('hub'))]", 'hub'],
    ['[tenant().tenantId]', 'tenant1'],
    ['[tenant().id]', '/tenants/tenant1'],
    ["[managementGroup('mg-a').id]", '/providers/Microsoft.Management/managementGroups/mg-a'],
    ['[deployment().name]', 'd1'],
    ['[environment().name]', 'AzureCloud'],
    ['[environment().suffixes.storage]', 'core.windows.net'],
    ['[environment().authentication.loginEndpoint]', 'https://login.microsoftonline.com/']
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected)
  })

  it('managementGroupResourceId and managementGroup() at management-group scope', () => {
    const mgCtx: EvalContext = {
      ...ctx,
      scope: {
        kind: 'managementGroup',
        managementGroupId: 'mg-1',
        id: '/providers/Microsoft.Management/managementGroups/mg-1'
      }
    }
    expect(
      evaluateString(
        "[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]",
        mgCtx
      )
    ).toBe(
      '/providers/Microsoft.Management/managementGroups/mg-1/providers/Microsoft.Authorization/policyDefinitions/p1'
    )
    expect(evaluateString('[managementGroup().name]', mgCtx)).toBe('mg-1')
    expect(() => ev('[managementGroup()]')).toThrow(/not expected at this location/)
  })
})

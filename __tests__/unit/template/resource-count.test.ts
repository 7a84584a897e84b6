import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { templateResourceCount } from '../../../src/template/resource-count.js'

const res = (type: string, extra: Record<string, unknown> = {}) => ({ type, name: 'x', ...extra })
const PIP = 'Microsoft.Network/publicIPAddresses'
const DEP = 'Microsoft.Resources/deployments'

describe('templateResourceCount', () => {
  it('counts resources, literal copies, child resources and inline nested templates', () => {
    expect(
      templateResourceCount({
        resources: [
          res(PIP),
          res(PIP, { copy: { name: 'c', count: 3 } }),
          res('Microsoft.Network/virtualNetworks', { resources: [res('subnets')] }),
          res(DEP, { properties: { template: { resources: [res(PIP), res(PIP)] } } }),
          res(PIP, { existing: true }),
          res(PIP, { condition: false })
        ]
      })
    ).toBe(1 + 3 + 2 + 2)
  })

  it('reads symbolic-name templates (languageVersion 2.0)', () => {
    expect(
      templateResourceCount({ languageVersion: '2.0', resources: { a: res(PIP), b: res(PIP) } })
    ).toBe(2)
  })

  it('is unknown when only ARM can tell: expression copy counts, conditions, linked templates', () => {
    expect(
      templateResourceCount({ resources: [res(PIP, { copy: { count: "[parameters('n')]" } })] })
    ).toBeUndefined()
    expect(
      templateResourceCount({ resources: [res(PIP, { condition: "[parameters('on')]" })] })
    ).toBeUndefined()
    expect(
      templateResourceCount({
        resources: [res(DEP, { properties: { templateLink: { uri: 'https://x' } } })]
      })
    ).toBeUndefined()
    expect(templateResourceCount('not a template')).toBeUndefined()
  })

  it('counts the e2e fixture, and leaves the hub (spokes copied over a parameter) unknown', () => {
    const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'))
    expect(templateResourceCount(read('__tests__/fixtures/e2e/small.json'))).toBe(2)
    expect(templateResourceCount(read('examples/hub-and-spoke/azuredeploy.json'))).toBeUndefined()
  })
})

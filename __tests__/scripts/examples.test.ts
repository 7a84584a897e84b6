// The sample hub-and-spoke template is the demo's and the e2e tests' main workload: keep it
// internally consistent, and keep its Bicep twin's interface identical.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'

const dir = join(REPO_ROOT, 'examples', 'hub-and-spoke')
const read = (name: string) => readFileSync(join(dir, name), 'utf8')

interface Resource {
  type: string
  name: string
  dependsOn?: string[]
  properties?: { template?: Template }
}
interface Template {
  parameters: Record<string, { type: string; defaultValue?: unknown }>
  variables?: Record<string, unknown>
  resources: Resource[]
  outputs: Record<string, { type: string }>
}

const template = JSON.parse(read('azuredeploy.json')) as Template

function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('[') ? [value] : []
  if (Array.isArray(value)) return value.flatMap(expressionsIn)
  if (value && typeof value === 'object') {
    // A nested template with inner scope has its own parameters and variables.
    return Object.entries(value).flatMap(([k, v]) => (k === 'template' ? [] : expressionsIn(v)))
  }
  return []
}

function checkReferences(t: Template, where: string): void {
  const text = expressionsIn({ r: t.resources, o: t.outputs, v: t.variables }).join('\n')
  for (const [, name] of text.matchAll(/parameters\('([^']+)'\)/g)) {
    expect(Object.keys(t.parameters), `${where}: parameters('${name}')`).toContain(name)
  }
  for (const [, name] of text.matchAll(/variables\('([^']+)'\)/g)) {
    expect(Object.keys(t.variables ?? {}), `${where}: variables('${name}')`).toContain(name)
  }
}

describe('examples/hub-and-spoke/azuredeploy.json', () => {
  it('refers only to parameters and variables it declares (outer and nested templates)', () => {
    checkReferences(template, 'outer')
    for (const r of template.resources) {
      if (r.properties?.template) checkReferences(r.properties.template, r.name)
    }
  })

  it('depends only on resource types it deploys', () => {
    const types = new Set(template.resources.map((r) => r.type.toLowerCase()))
    for (const r of template.resources) {
      for (const d of r.dependsOn ?? []) {
        const type = /resourceId\('([^']+)'/.exec(d)?.[1]
        expect(type, `${r.name} dependsOn ${d}`).toBeDefined()
        expect(types.has(type!.toLowerCase()), `${r.name} dependsOn ${d}`).toBe(true)
      }
    }
  })

  it('has the hub the product is for: firewall, both gateway kinds, bastion, nested spokes', () => {
    const types = template.resources.map((r) => r.type)
    expect(types).toEqual(
      expect.arrayContaining([
        'Microsoft.Network/azureFirewalls',
        'Microsoft.Network/firewallPolicies',
        'Microsoft.Network/virtualNetworkGateways',
        'Microsoft.Network/bastionHosts',
        'Microsoft.Resources/deployments'
      ])
    )
    expect(read('azuredeploy.json')).toContain('"gatewayType": "Vpn"')
    expect(read('azuredeploy.json')).toContain('"gatewayType": "ExpressRoute"')
    expect(template.parameters.vpnSharedKey.type).toBe('securestring')
    expect(template.outputs.vpnSharedKey.type).toBe('securestring')
  })

  it('has a parameters file that names only declared parameters and leaves the secret out', () => {
    const file = JSON.parse(read('azuredeploy.parameters.json')) as {
      parameters: Record<string, unknown>
    }
    for (const name of Object.keys(file.parameters))
      expect(Object.keys(template.parameters)).toContain(name)
    expect(file.parameters).not.toHaveProperty('vpnSharedKey')
  })

  it('has a Bicep twin with the same parameters and outputs', () => {
    const bicep = read('main.bicep')
    const params = [...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]).sort()
    const outputs = [...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]).sort()
    expect(params).toEqual(Object.keys(template.parameters).sort())
    expect(outputs).toEqual(Object.keys(template.outputs).sort())
  })
})

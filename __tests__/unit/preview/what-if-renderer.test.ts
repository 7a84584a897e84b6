import type { WhatIfChange } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { countChanges, redactor } from '../../../src/preview/what-if-changes.js'
import {
  renderWhatIfLog,
  renderWhatIfSummary,
  typeAndName
} from '../../../src/preview/what-if-renderer.js'

const RG = '/subscriptions/s/resourceGroups/rg/providers'
const vnet = `${RG}/Microsoft.Network/virtualNetworks/hub-vnet`
const changes: WhatIfChange[] = [
  { resourceId: `${RG}/Microsoft.Network/publicIPAddresses/pip`, changeType: 'NoChange' },
  {
    resourceId: vnet,
    changeType: 'Modify',
    delta: [
      {
        path: 'properties.addressSpace.addressPrefixes',
        propertyChangeType: 'Array',
        before: ['10.0.0.0/16'],
        after: ['10.0.0.0/16', '10.1.0.0/16']
      },
      { path: 'tags.env', propertyChangeType: 'Create', after: 'prod' },
      {
        path: 'properties.sharedKey',
        propertyChangeType: 'Modify',
        before: 'old-key',
        after: 'Top-Secret-1'
      }
    ]
  },
  { resourceId: `${RG}/Microsoft.Network/virtualNetworks/spoke-vnet`, changeType: 'Create' }
]
const redact = redactor(['Top-Secret-1'])

describe('what-if log', () => {
  it('lists creates first, with symbols and property deltas, and no colour codes', () => {
    const lines = renderWhatIfLog(changes, countChanges(changes), ['Ignore'], redact)
    expect(lines).toEqual([
      'Symbols: + Create  ~ Modify  - Delete  ! Deploy  = NoChange  * Ignore  x Unsupported',
      '',
      `+ Create ${RG}/Microsoft.Network/virtualNetworks/spoke-vnet`,
      `~ Modify ${vnet}`,
      '    ~ properties.addressSpace.addressPrefixes: ["10.0.0.0/16"] => ["10.0.0.0/16","10.1.0.0/16"]',
      '    + tags.env: "prod"',
      '    ~ properties.sharedKey: "old-key" => "***"',
      `= NoChange ${RG}/Microsoft.Network/publicIPAddresses/pip`,
      '',
      'Resource changes: 1 to create, 1 to modify, 1 unchanged (not shown: Ignore).'
    ])
    expect(lines.join('\n').includes(String.fromCharCode(27))).toBe(false)
  })

  it('indents nested property changes', () => {
    const nested: WhatIfChange[] = [
      {
        resourceId: vnet,
        changeType: 'Modify',
        delta: [
          {
            path: 'properties.subnets',
            propertyChangeType: 'Array',
            children: [{ path: '0', propertyChangeType: 'Delete', before: { name: 'a' } }]
          }
        ]
      }
    ]
    expect(renderWhatIfLog(nested, countChanges(nested), [], redact).slice(3, 5)).toEqual([
      '    ~ properties.subnets:',
      '      - 0: {"name":"a"}'
    ])
  })
})

describe('what-if summary', () => {
  it('has a table of changes and a diff per modified resource', () => {
    const md = renderWhatIfSummary({
      deploymentName: 'hub-1',
      scopeLabel: 'resource group',
      changes,
      counts: countChanges(changes),
      excluded: [],
      redact
    })
    expect(md).toContain(
      '## 🔍 What-if for deployment hub-1: 1 to create, 1 to modify, 1 unchanged'
    )
    expect(md).toContain('| Change | Resource type | Name | Property changes |')
    expect(md).toContain('| ➕ Create | Microsoft.Network/virtualNetworks | spoke-vnet | 0 |')
    expect(md).toContain('| ✏️ Modify | Microsoft.Network/virtualNetworks | hub-vnet | 3 |')
    expect(md).toContain('<details><summary>~ hub-vnet: 3 property change(s)</summary>')
    expect(md).toContain(
      '```diff\n- properties.addressSpace.addressPrefixes: ["10.0.0.0/16"]\n+ properties.addressSpace.addressPrefixes: ["10.0.0.0/16","10.1.0.0/16"]\n+ tags.env: "prod"\n- properties.sharedKey: "old-key"\n+ properties.sharedKey: "***"\n```'
    )
    expect(md).not.toContain('Top-Secret-1')
  })

  it('says so when nothing changes', () => {
    const md = renderWhatIfSummary({
      deploymentName: 'd',
      scopeLabel: 'subscription',
      changes: [],
      counts: countChanges([]),
      excluded: ['NoChange'],
      redact
    })
    expect(md).toContain('Not shown: NoChange.')
    expect(md).toContain('_No resource changes._')
  })
})

describe('typeAndName', () => {
  it('splits nested types and names', () => {
    expect(typeAndName(`${RG}/Microsoft.Network/virtualNetworks/v/subnets/s`)).toEqual({
      type: 'Microsoft.Network/virtualNetworks/subnets',
      name: 'v/s'
    })
    expect(typeAndName('/subscriptions/s/resourceGroups/rg')).toEqual({
      type: '',
      name: '/subscriptions/s/resourceGroups/rg'
    })
  })
})

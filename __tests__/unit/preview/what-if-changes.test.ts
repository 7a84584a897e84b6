import type { WhatIfChange } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import {
  countChanges,
  countsInWords,
  driftCount,
  keptChanges,
  redactor,
  resultJson,
  RESULT_OUTPUT_LIMIT
} from '../../../src/preview/what-if-changes.js'

const RG = '/subscriptions/s/resourceGroups/rg/providers'
const changes: WhatIfChange[] = [
  { resourceId: `${RG}/Microsoft.Network/virtualNetworks/a`, changeType: 'Create', after: {} },
  {
    resourceId: `${RG}/Microsoft.Network/virtualNetworks/b`,
    changeType: 'Modify',
    delta: [{ path: 'properties.x', propertyChangeType: 'Modify', before: 1, after: 2 }]
  },
  { resourceId: `${RG}/Microsoft.Network/publicIPAddresses/c`, changeType: 'NoChange' },
  { resourceId: `${RG}/Microsoft.Network/publicIPAddresses/d`, changeType: 'Ignore' }
]

describe('what-if changes', () => {
  it('counts every change type, zeros included', () => {
    expect(countChanges(changes)).toEqual({
      Create: 1,
      Modify: 1,
      Delete: 0,
      Deploy: 0,
      NoChange: 1,
      Ignore: 1,
      Unsupported: 0
    })
  })

  it('leaves out excluded types before counting drift', () => {
    const kept = keptChanges(changes, ['Create', 'Ignore'])
    expect(kept.map((c) => c.changeType)).toEqual(['Modify', 'NoChange'])
    expect(driftCount(countChanges(kept))).toBe(1)
    expect(driftCount(countChanges(keptChanges(changes, ['Create', 'Modify'])))).toBe(0)
  })

  it('says the counts in words', () => {
    expect(countsInWords(countChanges(changes))).toBe(
      '1 to create, 1 to modify, 1 unchanged, 1 ignored'
    )
    expect(countsInWords(countChanges([]))).toBe('no changes')
  })

  it('makes the result JSON without payloads, redacted, and trims the deltas when too big', () => {
    const secret = redactor(['s3cr3t-value'])
    const withSecret: WhatIfChange[] = [
      {
        resourceId: 'x',
        changeType: 'Modify',
        before: { big: 'payload' },
        delta: [{ path: 'p', propertyChangeType: 'Modify', before: 'old', after: 's3cr3t-value' }]
      }
    ]
    const { json, trimmed } = resultJson(withSecret, secret)
    expect(trimmed).toBe(false)
    expect(JSON.parse(json)).toEqual([
      {
        resourceId: 'x',
        changeType: 'Modify',
        delta: [{ path: 'p', propertyChangeType: 'Modify', before: 'old', after: '***' }]
      }
    ])
    const huge: WhatIfChange[] = [
      {
        resourceId: 'y',
        changeType: 'Modify',
        delta: [{ path: 'p', propertyChangeType: 'Create', after: 'z'.repeat(RESULT_OUTPUT_LIMIT) }]
      }
    ]
    const lean = resultJson(huge, secret)
    expect(lean.trimmed).toBe(true)
    expect(JSON.parse(lean.json)).toEqual([{ resourceId: 'y', changeType: 'Modify' }])
  })

  it('redacts the longest secret first', () => {
    expect(redactor(['abc', 'abcdef'])('x abcdef y abc')).toBe('x *** y ***')
    expect(redactor([])('abc')).toBe('abc')
  })
})

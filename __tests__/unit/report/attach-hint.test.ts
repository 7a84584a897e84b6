import { describe, expect, it } from 'vitest'
import { attachInputs } from '../../../src/report/attach-hint.js'

describe('attachInputs', () => {
  it('names the scope inputs an attach step needs, per scope', () => {
    expect(
      attachInputs({ type: 'resourceGroup', subscriptionId: 'sub', resourceGroupName: 'rg-hub' })
    ).toEqual(['subscription-id: sub', 'resource-group-name: rg-hub'])
    expect(attachInputs({ type: 'subscription', subscriptionId: 'sub' })).toEqual([
      'scope: subscription',
      'subscription-id: sub'
    ])
    expect(attachInputs({ type: 'managementGroup', managementGroupId: 'mg' })).toEqual([
      'scope: managementGroup',
      'management-group-id: mg'
    ])
    expect(attachInputs({ type: 'tenant' })).toEqual(['scope: tenant'])
  })
})

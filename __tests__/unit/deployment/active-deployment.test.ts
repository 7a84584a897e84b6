// When a running deployment counts as this run's own request (issue 11, item 2): shown, or not.
import type { DeploymentExtended, DeploymentProperties } from '@azure/arm-resourcesdeployments'
import { describe, expect, it } from 'vitest'
import { compareWithRunning, type OwnRequest } from '../../../src/deployment/active-deployment.js'

const TEMPLATE = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  parameters: {
    prefix: { type: 'string' },
    size: { type: 'int', defaultValue: 3 },
    location: { type: 'string', defaultValue: '[resourceGroup().location]' },
    password: { type: 'securestring' }
  },
  resources: []
}

const own = (
  parameters: DeploymentProperties['parameters'],
  extra: Partial<OwnRequest> = {}
): OwnRequest => ({
  nameIsDefault: false,
  templateHash: '111',
  properties: { mode: 'Incremental', template: TEMPLATE, parameters },
  ...extra
})

const running = (
  parameters: Record<string, unknown>,
  props: Partial<DeploymentExtended['properties']> = {}
): DeploymentExtended => ({
  properties: {
    provisioningState: 'Running',
    mode: 'Incremental',
    templateHash: '111',
    correlationId: 'c-1',
    parameters,
    ...props
  }
})

describe('compareWithRunning', () => {
  it('the default name: another attempt of this run, whatever it runs', () => {
    expect(
      compareWithRunning(running({}, { templateHash: '999' }), own({}, { nameIsDefault: true }))
    ).toEqual({
      same: true,
      reason: "its name is this run's default name, so another attempt of this run started it"
    })
  })

  it('the same template hash and parameters (names in any case, objects in any key order)', () => {
    const mine = own({ Prefix: { value: { a: 1, b: [1, 2] } } })
    const theirs = running({ prefix: { type: 'Object', value: { b: [1, 2], a: 1 } } })
    expect(compareWithRunning(theirs, mine)).toEqual({
      same: true,
      reason: 'it runs the same template (hash 111) with the same parameters'
    })
  })

  it('a parameter ARM lists with its literal default is what this run gets too', () => {
    const theirs = running({ prefix: { value: 'a' }, size: { type: 'Int', value: 3 } })
    expect(compareWithRunning(theirs, own({ prefix: { value: 'a' } })).same).toBe(true)
  })

  it.each<[string, DeploymentExtended, OwnRequest, string]>([
    [
      'another template',
      running({ prefix: { value: 'a' } }, { templateHash: '222' }),
      own({ prefix: { value: 'a' } }),
      "it runs another template (template hash 222; this run's 111)"
    ],
    [
      'a linked template there',
      running({}, { templateLink: { uri: 'https://example.com/t.json' } }),
      own({}),
      'it runs a linked template'
    ],
    ['another mode', running({}, { mode: 'Complete' }), own({}), 'it runs in mode Complete'],
    [
      'a parameter that differs',
      running({ prefix: { value: 'first' } }),
      own({ prefix: { value: 'second' } }),
      "parameter 'prefix' differs"
    ],
    [
      'a parameter it was started without',
      running({}),
      own({ prefix: { value: 'a' } }),
      "it was started without parameter 'prefix'"
    ],
    [
      'a parameter this run does not give',
      running({ prefix: { value: 'a' }, size: { value: 5 } }),
      own({ prefix: { value: 'a' } }),
      "parameter 'size' was given a value this run does not give"
    ],
    [
      'a defaulted parameter whose default is an expression',
      running({ location: { value: 'westeurope' } }),
      own({}),
      "parameter 'location' was given a value this run does not give"
    ]
  ])('different: %s', (_what, theirs, mine, reason) => {
    expect(compareWithRunning(theirs, mine)).toEqual({ same: false, reason })
  })

  // What cannot be compared counts as different: following another run's deployment would report
  // a result that is not this run's.
  it.each<[string, DeploymentExtended, OwnRequest, string]>([
    [
      'a secure parameter (ARM returns no value)',
      running({ password: { type: 'SecureString' } }),
      own({ password: { value: 'same-or-not' } }),
      "parameter 'password' is secure, and ARM does not return its value"
    ],
    [
      'a Key Vault reference',
      running({ password: { type: 'SecureString' } }),
      own({ password: { reference: { keyVault: { id: '/kv' }, secretName: 's' } } }),
      "parameter 'password' is a Key Vault reference"
    ],
    [
      'no template hash (calculateTemplateHash failed)',
      running({}),
      own({}, { templateHash: undefined }),
      "the template's hash could not be calculated"
    ],
    [
      'a linked template here',
      running({}),
      own({}, { properties: { mode: 'Incremental', templateLink: { uri: 'https://x/t.json' } } }),
      "this run's template is linked, so its hash is not known here"
    ],
    [
      'parameters from a link',
      running({}, { parametersLink: { uri: 'https://x/p.json' } }),
      own({}),
      'parameters from a link cannot be compared'
    ]
  ])('cannot tell, so different: %s', (_what, theirs, mine, why) => {
    expect(compareWithRunning(theirs, mine)).toEqual({
      same: false,
      reason: `it cannot be shown to be this run's request: ${why}`
    })
  })
})

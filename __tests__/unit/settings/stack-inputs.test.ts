// type: deploymentStack and the stack inputs (bicep-deploy's names): the settings they build, and
// each mistake as one error naming the input, with its exact text.
import { describe, expect, it } from 'vitest'
import { runnerInputs } from '../../helpers/inputs.js'
import { InputError } from '../../../src/errors.js'
import { getInputs } from '../../../src/settings/read-inputs.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const OTHER_SUB = '00000000-0000-4000-8000-00000000a002'
const TENANT = '72f988bf-0000-4000-8000-00000000e001'
const CLIENT = '1a2b3c4d-0000-4000-8000-00000000c001'
const OID = 'f0e1d2c3-0000-4000-8000-00000000d001'
const ENV = { GITHUB_RUN_ID: '42', GITHUB_WORKSPACE: '/ws' }

const auth = {
  'subscription-id': SUB,
  'tenant-id': TENANT,
  'client-id': CLIENT,
  'client-secret': 'not-a-real-secret'
}
const stack = {
  ...auth,
  type: 'deploymentStack',
  name: 'net',
  'resource-group-name': 'rg-net',
  'template-file': 'infra/net.json',
  'action-on-unmanage-resources': 'detach',
  'deny-settings-mode': 'none'
}

const read = (inputs: Record<string, string>) =>
  getInputs(runnerInputs(inputs), { env: ENV, readFile: () => '', now: () => 0 })

function errorOf(inputs: Record<string, string>): InputError {
  try {
    read(inputs)
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('no error')
}

describe('type: deploymentStack, good configurations', () => {
  it('reads every stack input into settings.stack', () => {
    const s = read({
      ...stack,
      'action-on-unmanage-resources': 'Delete',
      'action-on-unmanage-resourcegroups': 'detach',
      'action-on-unmanage-managementgroup': 'delete',
      'deny-settings-mode': 'denywriteanddelete',
      'deny-settings-excluded-actions':
        'Microsoft.Network/*/read, Microsoft.Compute/virtualMachines/start/action',
      'deny-settings-excluded-principals': OID,
      'deny-settings-apply-to-child-scopes': 'true',
      'bypass-stack-out-of-sync-error': 'true',
      description: 'The network',
      tags: '{"env":"prod"}'
    })
    expect(s.name).toBe('net')
    expect(s.nameIsDefault).toBe(false)
    expect(s.tags).toEqual({ env: 'prod' })
    expect(s.stack).toEqual({
      description: 'The network',
      actionOnUnmanage: {
        resources: 'delete',
        resourceGroups: 'detach',
        managementGroups: 'delete'
      },
      denySettings: {
        mode: 'denyWriteAndDelete',
        excludedActions: [
          'Microsoft.Network/*/read',
          'Microsoft.Compute/virtualMachines/start/action'
        ],
        excludedPrincipals: [OID],
        applyToChildScopes: true
      },
      bypassStackOutOfSyncError: true
    })
  })

  it('a plain deployment has no stack settings', () => {
    const { type: _t, name: _n, ...deployment } = stack
    const { 'action-on-unmanage-resources': _a, 'deny-settings-mode': _d, ...plain } = deployment
    expect(read(plain).stack).toBeUndefined()
  })

  it('delete needs neither a template nor deny settings, nor a location at subscription scope', () => {
    const s = read({
      ...auth,
      type: 'deploymentStack',
      name: 'net',
      scope: 'subscription',
      operation: 'delete',
      'action-on-unmanage-resources': 'delete'
    })
    expect(s.operation).toBe('delete')
    expect(s.template).toEqual({ parametersFiles: [] })
    expect(s.stack?.denySettings.mode).toBe('none')
  })

  it('puts the deployment of a subscription stack into a resource group, of a management group stack into a subscription', () => {
    const sub = read({
      ...stack,
      'resource-group-name': '',
      scope: 'subscription',
      location: 'westeurope',
      'deployment-resource-group-name': 'rg-app'
    })
    expect(sub.stack?.deploymentScope).toBe(`/subscriptions/${SUB}/resourceGroups/rg-app`)
    const mg = read({
      ...stack,
      'resource-group-name': '',
      scope: 'managementGroup',
      'management-group-id': 'mg-platform',
      location: 'westeurope',
      'deployment-subscription-id': OTHER_SUB
    })
    expect(mg.stack?.deploymentScope).toBe(`/subscriptions/${OTHER_SUB}`)
  })

  it('takes a stack name of up to 90 characters (a deployment name has 64)', () => {
    expect(read({ ...stack, name: 's'.repeat(90) }).name).toHaveLength(90)
  })

  it("takes bicep-deploy's plural spelling of the management group action", () => {
    const s = read({ ...stack, 'action-on-unmanage-managementgroups': 'delete' })
    expect(s.stack?.actionOnUnmanage.managementGroups).toBe('delete')
  })
})

describe('bad stack inputs: one error naming the input', () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    [
      'a stack input on a plain deployment',
      {
        ...auth,
        'resource-group-name': 'rg',
        'template-file': 'a.json',
        'action-on-unmanage-resources': 'delete'
      },
      'action-on-unmanage-resources',
      "Input 'action-on-unmanage-resources' is for deployment stacks only, but 'type' is 'deployment': expected type: deploymentStack with it, or leave it out."
    ],
    [
      'description on a plain deployment',
      { ...auth, 'resource-group-name': 'rg', 'template-file': 'a.json', description: 'x' },
      'description',
      "Input 'description' is for deployment stacks only, but 'type' is 'deployment': expected type: deploymentStack with it, or leave it out."
    ],
    [
      'mode Complete on a stack',
      { ...stack, mode: 'Complete' },
      'mode',
      "Input 'mode' has 'Complete', but 'type' is 'deploymentStack' and a stack deploys incrementally and removes what its template drops per action-on-unmanage-resources: leave it out, or use type: deployment."
    ],
    [
      'rollback-on-error on a stack',
      { ...stack, 'rollback-on-error': 'true' },
      'rollback-on-error',
      "Input 'rollback-on-error' has 'true', but 'type' is 'deploymentStack' and stacks have no onErrorDeployment: leave it out, or use type: deployment."
    ],
    [
      'fail-on-changes on a stack',
      { ...stack, 'fail-on-changes': 'true' },
      'fail-on-changes',
      "Input 'fail-on-changes' has 'true', but 'type' is 'deploymentStack' and the stacks API version this action speaks (2024-03-01) has no what-if: leave it out, or use type: deployment."
    ],
    [
      'an unknown type',
      { ...stack, type: 'stack' },
      'type',
      "Input 'type' has 'stack': expected one of deployment, deploymentStack."
    ],
    [
      'operation whatIf on a stack',
      { ...stack, operation: 'whatIf' },
      'operation',
      "Input 'operation' has 'whatIf', but the deployment stacks API version this action speaks (2024-03-01) has no what-if: for type 'deploymentStack' expected one of create, validate, delete, attach."
    ],
    [
      'operation delete on a deployment',
      { ...auth, 'resource-group-name': 'rg', operation: 'delete' },
      'operation',
      "Input 'operation' has 'delete', which removes a deployment stack (type: deploymentStack): for type 'deployment' expected one of create, attach, validate, whatIf."
    ],
    [
      'a stack without a name',
      { ...stack, name: '' },
      'name',
      "Input 'name' is required for type 'deploymentStack': expected the stack's name (a stack is updated by name: a generated one would make a new stack every run)."
    ],
    [
      'a stack without action-on-unmanage-resources',
      { ...stack, 'action-on-unmanage-resources': '' },
      'action-on-unmanage-resources',
      "Input 'action-on-unmanage-resources' is required: expected one of delete, detach."
    ],
    [
      'a bad unmanage action',
      { ...stack, 'action-on-unmanage-resourcegroups': 'remove' },
      'action-on-unmanage-resourcegroups',
      "Input 'action-on-unmanage-resourcegroups' has 'remove': expected one of delete, detach."
    ],
    [
      'a create without deny-settings-mode',
      { ...stack, 'deny-settings-mode': '' },
      'deny-settings-mode',
      "Input 'deny-settings-mode' is required: expected one of denyDelete, denyWriteAndDelete, none."
    ],
    [
      'a principal that is not an object id',
      { ...stack, 'deny-settings-excluded-principals': `${OID}, ci-bot` },
      'deny-settings-excluded-principals',
      "Input 'deny-settings-excluded-principals' has 'ci-bot': expected object ids of Entra principals (GUIDs), comma- or newline-separated."
    ],
    [
      'more than 5 excluded principals',
      { ...stack, 'deny-settings-excluded-principals': Array(6).fill(OID).join(',') },
      'deny-settings-excluded-principals',
      "Input 'deny-settings-excluded-principals' lists 6 principals: expected at most 5 (ARM's limit)."
    ],
    [
      'a bad boolean',
      { ...stack, 'bypass-stack-out-of-sync-error': 'sometimes' },
      'bypass-stack-out-of-sync-error',
      "Input 'bypass-stack-out-of-sync-error' has 'sometimes': expected true or false."
    ],
    [
      'the two spellings of the management group action disagreeing',
      {
        ...stack,
        'action-on-unmanage-managementgroup': 'delete',
        'action-on-unmanage-managementgroups': 'detach'
      },
      'action-on-unmanage-managementgroups',
      "Inputs 'action-on-unmanage-managementgroup' ('delete') and 'action-on-unmanage-managementgroups' ('detach') are two spellings of one setting and disagree: expected only one of them."
    ],
    [
      'a stack at tenant scope',
      { ...stack, 'resource-group-name': '', scope: 'tenant', location: 'westeurope' },
      'scope',
      "Input 'scope' has 'tenant', but deployment stacks live at resource group, subscription or management group scope: expected one of resourceGroup, subscription, managementGroup for type 'deploymentStack'."
    ],
    [
      'deployment-resource-group-name on a resource group stack',
      { ...stack, 'deployment-resource-group-name': 'rg-app' },
      'deployment-resource-group-name',
      "Input 'deployment-resource-group-name' applies to stacks at subscription scope, but 'scope' is 'resourceGroup': expected scope: subscription with it, or leave it out."
    ],
    [
      'deployment-subscription-id on a subscription stack',
      {
        ...stack,
        'resource-group-name': '',
        scope: 'subscription',
        location: 'westeurope',
        'deployment-subscription-id': OTHER_SUB
      },
      'deployment-subscription-id',
      "Input 'deployment-subscription-id' applies to stacks at management group scope, but 'scope' is 'subscription': expected scope: managementGroup with it, or leave it out."
    ],
    [
      'a stack name over 90 characters',
      { ...stack, name: 'n'.repeat(91) },
      'name',
      `Input 'name' has '${'n'.repeat(57)}...': it is 91 characters long, at most 90 are allowed (ARM's rule ^[-\\w._()]+$, 1-90 characters).`
    ],
    [
      'a description over 4096 characters',
      { ...stack, description: 'x'.repeat(4097) },
      'description',
      "Input 'description' has 4097 characters: expected at most 4096 (ARM's limit)."
    ]
  ]
  it.each(cases)('%s', (_what, inputs, input, message) => {
    const error = errorOf(inputs)
    expect(error.input).toBe(input)
    expect(error.message).toBe(message)
  })

  it('the input of the other type is the error, even when others are wrong too', () => {
    const error = errorOf({
      ...auth,
      'template-file': '',
      'deny-settings-mode': 'sideways',
      timeout: 'forever',
      'client-id': 'not-a-guid'
    })
    expect(error.input).toBe('deny-settings-mode')
  })
})

// Input rules for attach, wait and cancel-on-abort (issue 4): exact messages, before any Azure call.
import { describe, expect, it } from 'vitest'
import { runnerInputs } from './helpers/inputs.js'
import { getInputs, InputError } from '../src/settings/read-inputs.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
const TENANT = '72f988bf-0000-4000-8000-00000000e001'
const CLIENT = '1a2b3c4d-0000-4000-8000-00000000c001'
const ENV = { GITHUB_RUN_ID: '42', GITHUB_WORKSPACE: '/ws' }
const auth = { 'tenant-id': TENANT, 'client-id': CLIENT, 'client-secret': 's3cret' }
const deploy = {
  ...auth,
  'template-file': 'infra/hub.json',
  'resource-group-name': 'rg-hub',
  'subscription-id': SUB
}
const attach = { ...auth, operation: 'attach', name: 'hub-42-abcd1234', 'subscription-id': SUB }

function read(inputs: Record<string, string>) {
  return getInputs(runnerInputs(inputs), {
    env: ENV,
    readFile: () => {
      throw new Error('ENOENT')
    },
    now: () => 0
  })
}

function errorOf(inputs: Record<string, string>): string {
  try {
    read(inputs)
  } catch (e) {
    if (e instanceof InputError) return `${e.input}: ${e.message}`
    throw e
  }
  throw new Error('no error')
}

describe('operation, wait and cancel-on-abort', () => {
  it('defaults: create, wait, do not cancel on abort', () => {
    const s = read(deploy)
    expect(s.operation).toBe('create')
    expect(s.wait).toBe(true)
    expect(s.cancelOnAbort).toBe(false)
  })

  it('reads wait: false and cancel-on-abort: true', () => {
    const s = read({ ...deploy, wait: 'false', 'cancel-on-abort': 'true' })
    expect(s.wait).toBe(false)
    expect(s.cancelOnAbort).toBe(true)
  })

  it('attach needs no template and no location, only the name and the scope', () => {
    const s = read(attach)
    expect(s.operation).toBe('attach')
    expect(s.name).toBe('hub-42-abcd1234')
    expect(s.nameIsDefault).toBe(false)
    expect(s.scope).toEqual({ type: 'subscription', subscriptionId: SUB, location: '' })
    expect(s.template).toEqual({ parametersFiles: [] })
  })

  it('attach at resource group scope', () => {
    const s = read({ ...attach, 'resource-group-name': 'rg-hub' })
    expect(s.scope).toEqual({
      type: 'resourceGroup',
      subscriptionId: SUB,
      resourceGroupName: 'rg-hub'
    })
  })

  it('attach without a name is an input error', () => {
    expect(errorOf({ ...attach, name: '' })).toBe(
      "name: Input 'name' is required for operation 'attach': expected the name of the deployment to wait for."
    )
  })

  it('attach with wait: false is an input error', () => {
    expect(errorOf({ ...attach, wait: 'false' })).toBe(
      "wait: Input 'wait' is false, but operation 'attach' only waits for a deployment: expected wait: true (or leave it out) with operation 'attach'."
    )
  })

  it('attach still checks the name against ARM rules', () => {
    expect(errorOf({ ...attach, name: 'bad name!' })).toBe(
      "name: Input 'name' has 'bad name!': only letters, digits, and - _ . ( ) are allowed (ARM's rule ^[-\\w._()]+$, 1-64 characters)."
    )
  })

  it('a bad wait or cancel-on-abort value names the input', () => {
    expect(errorOf({ ...deploy, wait: 'maybe' })).toBe(
      "wait: Input 'wait' has 'maybe': expected true or false."
    )
    expect(errorOf({ ...deploy, 'cancel-on-abort': 'sometimes' })).toBe(
      "cancel-on-abort: Input 'cancel-on-abort' has 'sometimes': expected true or false."
    )
  })

  it('an unknown operation lists the allowed ones', () => {
    expect(errorOf({ ...deploy, operation: 'destroy' })).toMatch(
      /^operation: Input 'operation' has 'destroy': expected one of create, .*attach/
    )
  })

  it('create still needs a template', () => {
    expect(errorOf({ ...auth, 'subscription-id': SUB, 'resource-group-name': 'rg' })).toMatch(
      /template-file/
    )
  })
})

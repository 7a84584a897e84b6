// The inputs of issue 5 read through getInputs: defaults, canonical spellings, and the exact errors.
import { describe, expect, it } from 'vitest'
import { runnerInputs } from '../../helpers/inputs.js'
import { getInputs } from '../../../src/settings/read-inputs.js'
import { InputError } from '../../../src/errors.js'

const base = {
  'template-file': 'infra/hub.json',
  'subscription-id': '00000000-0000-4000-8000-00000000a001',
  'resource-group-name': 'rg-hub',
  'tenant-id': '72f988bf-0000-4000-8000-00000000e001',
  'client-id': '1a2b3c4d-0000-4000-8000-00000000c001',
  'client-secret': 'not-a-real-secret'
}

function read(inputs: Record<string, string>) {
  return getInputs(runnerInputs(inputs), {
    env: { GITHUB_RUN_ID: '42', GITHUB_WORKSPACE: '/ws' },
    readFile: () => {
      throw new Error('ENOENT')
    },
    now: () => 0
  })
}

function errorOf(inputs: Record<string, string>): InputError {
  try {
    read(inputs)
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('no error')
}

describe('operation', () => {
  it('is create by default, and takes validate and whatIf in any case', () => {
    expect(read(base).operation).toBe('create')
    expect(read({ ...base, operation: 'validate' }).operation).toBe('validate')
    expect(read({ ...base, operation: 'WHATIF' }).operation).toBe('whatIf')
  })

  it('names the allowed values', () => {
    const e = errorOf({ ...base, operation: 'what-if' })
    expect(e.input).toBe('operation')
    expect(e.message).toMatch(/^Input 'operation' has 'what-if': expected one of create, .*whatIf/)
    expect(e.message).toContain('validate')
  })
})

describe('what-if inputs', () => {
  it('default to no exclusions and no failing on changes', () => {
    expect(read({ ...base, operation: 'whatIf' }).whatIf).toEqual({
      excludeChangeTypes: [],
      failOnChanges: false
    })
  })

  it('read change types separated by commas or new lines, canonically spelled, once each', () => {
    const s = read({
      ...base,
      operation: 'whatIf',
      'what-if-exclude-change-types': 'noChange, ignore\nNoChange',
      'fail-on-changes': 'true'
    })
    expect(s.whatIf).toEqual({ excludeChangeTypes: ['NoChange', 'Ignore'], failOnChanges: true })
  })

  it('refuse an unknown change type', () => {
    const e = errorOf({ ...base, 'what-if-exclude-change-types': 'NoChange, Unchanged' })
    expect(e.input).toBe('what-if-exclude-change-types')
    expect(e.message).toBe(
      "Input 'what-if-exclude-change-types' has 'Unchanged': expected change types separated by commas or new lines, each one of Create, Modify, Delete, Deploy, NoChange, Ignore, Unsupported."
    )
  })

  it('refuse a fail-on-changes that is not a boolean', () => {
    const e = errorOf({ ...base, 'fail-on-changes': 'sometimes' })
    expect(e.message).toBe("Input 'fail-on-changes' has 'sometimes': expected true or false.")
  })
})

describe('validation-level', () => {
  it('is left to ARM by default and canonically spelled when given', () => {
    expect(read(base).validationLevel).toBeUndefined()
    expect(read({ ...base, 'validation-level': 'providernorbac' }).validationLevel).toBe(
      'ProviderNoRbac'
    )
  })

  it('names the allowed values', () => {
    expect(errorOf({ ...base, 'validation-level': 'Full' }).message).toBe(
      "Input 'validation-level' has 'Full': expected one of Provider, Template, ProviderNoRbac."
    )
  })
})

describe('rollback-on-error', () => {
  it('is off by default and with false', () => {
    expect(read(base).rollback).toBeUndefined()
    expect(read({ ...base, 'rollback-on-error': 'false' }).rollback).toBeUndefined()
  })

  it('true means the last successful deployment, a name that deployment', () => {
    expect(read({ ...base, 'rollback-on-error': 'true' }).rollback).toEqual({
      type: 'LastSuccessful'
    })
    expect(read({ ...base, 'rollback-on-error': 'hub-good-1' }).rollback).toEqual({
      type: 'SpecificDeployment',
      deploymentName: 'hub-good-1'
    })
  })

  it('is refused outside a resource group', () => {
    const e = errorOf({
      ...base,
      'resource-group-name': '',
      location: 'westeurope',
      'rollback-on-error': 'true'
    })
    expect(e.input).toBe('rollback-on-error')
    expect(e.message).toBe(
      "Input 'rollback-on-error' is set, but the scope is 'subscription': ARM rolls back only resource group deployments (expected 'resource-group-name', or leave 'rollback-on-error' out)."
    )
  })

  it('refuses a name ARM would not accept', () => {
    expect(errorOf({ ...base, 'rollback-on-error': 'hub good' }).message).toBe(
      "Input 'rollback-on-error' has 'hub good': expected true, false or the name of an earlier successful deployment in the resource group (only letters, digits, and - _ . ( ) are allowed)."
    )
  })

  it("refuses this deployment's own name", () => {
    expect(errorOf({ ...base, name: 'hub', 'rollback-on-error': 'HUB' }).message).toBe(
      "Input 'rollback-on-error' names this deployment itself ('HUB'): expected the name of an earlier successful deployment; a failing deployment of the same name replaces it in the history."
    )
  })
})

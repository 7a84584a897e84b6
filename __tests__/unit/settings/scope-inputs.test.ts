// Walks the scope table: every scope's inputs read into a target whose id parses back to it, and
// the inputs an attach step is told to use find that same deployment again.

import { describe, expect, it } from 'vitest'
import { runnerInputs } from '../../helpers/inputs.js'
import {
  deploymentId,
  parseDeploymentId,
  SCOPE_TABLE,
  SCOPE_TYPES,
  scopeEntry,
  type ScopeField,
  type ScopeTarget
} from '../../../src/azure/scope.js'
import { InputReader } from '../../../src/settings/input-reader.js'
import { attachInputs } from '../../../src/report/attach-hint.js'
import { readScope, SCOPE_FIELDS } from '../../../src/settings/scope-inputs.js'
import type { Scope } from '../../../src/settings/settings.js'

const SUB = '00000000-0000-4000-8000-00000000a001'
/** A value for every field a scope can have: adding a field to Scope without one fails to compile. */
const SAMPLE: Record<ScopeField, string> = {
  subscriptionId: SUB,
  resourceGroupName: 'rg-hub',
  managementGroupId: 'mg-platform'
}

const reader = (inputs: Record<string, string>) => new InputReader(runnerInputs(inputs))
const withoutLocation = ({ ...scope }: Scope): ScopeTarget => {
  if ('location' in scope) {
    const { location: _, ...target } = scope
    return target
  }
  return scope
}
/** `input: value` lines back into an input map, as a workflow step would pass them. */
const asInputs = (lines: string[]) =>
  Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]))

describe.each(SCOPE_TYPES)('scope %s', (type) => {
  const entry = SCOPE_TABLE[type]
  const fields = entry.path.map(([, f]) => f)
  const inputs: Record<string, string> = {
    scope: type,
    location: 'westeurope',
    ...Object.fromEntries(fields.map((f) => [SCOPE_FIELDS[f].input, SAMPLE[f]]))
  }

  it('round-trips: inputs → target → id → parseDeploymentId → the same target', () => {
    const scope = readScope(reader(inputs), { readOnly: false })
    expect(scope.type).toBe(type)
    for (const f of fields) expect(scope).toHaveProperty(f, SAMPLE[f])
    expect('location' in scope).toBe(entry.putLocation)

    const target = withoutLocation(scope)
    const id = deploymentId(target, 'hub')
    expect(id.startsWith(scopeEntry(target).prefix(target))).toBe(true)
    expect(id.endsWith('/providers/Microsoft.Resources/deployments/hub')).toBe(true)
    expect(parseDeploymentId(id)).toEqual({ target, name: 'hub' })
    // ARM hands ids back in any case.
    expect(parseDeploymentId(id.toLowerCase())?.target.type).toBe(type)
  })

  it('each required input, left out, is the one error', () => {
    const required = [
      ...fields.map((f) => SCOPE_FIELDS[f].input),
      ...(entry.putLocation ? ['location'] : [])
    ]
    for (const input of required) {
      const { [input]: _, ...rest } = inputs
      let error: unknown
      try {
        readScope(reader(rest), { readOnly: false })
      } catch (e) {
        error = e
      }
      expect(error).toMatchObject({
        input,
        message: expect.stringContaining(`Input '${input}' is required for scope '${type}'`)
      })
    }
  })

  it('its attach inputs name its own inputs and find the same deployment again', () => {
    const target = withoutLocation(readScope(reader(inputs), { readOnly: false }))
    const lines = attachInputs(target)
    const named = Object.keys(asInputs(lines))
    expect(named).toEqual([
      ...(entry.impliedBy === undefined ? ['scope'] : []),
      ...fields.map((f) => SCOPE_FIELDS[f].input)
    ])
    for (const f of fields) expect(lines).toContain(`${SCOPE_FIELDS[f].input}: ${SAMPLE[f]}`)
    // An attach step has no location: the scope still reads back to the same target.
    const again = readScope(reader(asInputs(lines)), { readOnly: true })
    expect(withoutLocation(again)).toEqual(target)
  })
})

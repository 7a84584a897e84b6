// The stacks half of the schema gate: a real stack run logs every stack response type with its
// schema and passes, and bodies that break the stacks OpenAPI (a provisioning state it does not
// list, an invented property, a missing required one) fail the check.
import { describe, expect, it } from 'vitest'
import { requestLogProblems } from '../../../emulator/schemas/validate-log.js'
import type { RequestLogEntry } from '../../../emulator/src/index.js'
import { useEmulator } from '../../helpers/emulator.js'
import { clients, nsgTemplate } from './clients.js'

const emulator = useEmulator({ timeScale: 1200 })
const POLL = { updateIntervalInMs: 20 }

describe('stack responses against the deployment stacks OpenAPI schemas', () => {
  it('a stack run logs typed bodies that pass, and planted bad ones fail', async () => {
    const c = clients(emulator())
    const body = {
      properties: {
        template: nsgTemplate(false),
        parameters: { prefix: { value: 'gate' } },
        actionOnUnmanage: { resources: 'detach' as const },
        denySettings: { mode: 'denyDelete' as const }
      }
    }
    await c.stacks.beginValidateStackAtResourceGroupAndWait('rg-emulator', 'gate', body, POLL)
    await c.stacks.beginCreateOrUpdateAtResourceGroupAndWait('rg-emulator', 'gate', body, POLL)
    for await (const _ of c.stacks.listAtResourceGroup('rg-emulator'));
    await c.stacks.exportTemplateAtResourceGroup('rg-emulator', 'gate')
    await c.stacks.beginDeleteAtResourceGroupAndWait('rg-emulator', 'gate', POLL)

    const log = emulator().requestLog()
    const types = new Set(log.map((e) => e.responseType))
    for (const type of [
      'DeploymentStack',
      'DeploymentStackListResult',
      'DeploymentStackValidateResult',
      'DeploymentStackTemplateDefinition',
      'OperationStatusResult'
    ])
      expect(types).toContain(type)
    expect(requestLogProblems(log)).toEqual([])

    const stack = log.find((e) => e.responseType === 'DeploymentStack') as RequestLogEntry
    const props = (stack.responseBody as { properties: Record<string, unknown> }).properties
    const plant = (seq: number, properties: Record<string, unknown>): RequestLogEntry => ({
      ...stack,
      seq,
      responseBody: { ...(stack.responseBody as object), properties }
    })
    const { denySettings: _deny, ...withoutDeny } = props
    const problems = requestLogProblems([
      plant(901, { ...props, provisioningState: 'Deployed' }),
      plant(902, { ...props, inventedField: 1 }),
      plant(903, withoutDeny)
    ])
    expect(problems.map((p) => p.seq)).toEqual([901, 902, 903])
    expect(problems[0].errors.join()).toMatch(
      /provisioningState must be equal to one of the allowed values/
    )
    expect(problems[1].errors.join()).toMatch(/must NOT have additional properties.*inventedField/)
    expect(problems[2].errors.join()).toMatch(/must have required property 'denySettings'/)
  })
})

// operation: validate through `node dist/index.js` against the emulator: ARM's verdict in the log,
// the summary and the exit code; nothing deployed. A parameter ARM refuses shows ARM's own error whole;
// one the template does not declare is caught before any request.
import { describe, expect, it } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })

function inputs(e: StartedEmulator, extra: Record<string, string>): Record<string, string> {
  return {
    ...secretInputs(e),
    location: 'westeurope',
    'template-file': '__tests__/fixtures/e2e/small.json',
    operation: 'validate',
    ...extra
  }
}

const armCalls = (e: StartedEmulator, from: number) =>
  e
    .requestLog()
    .slice(from)
    .filter((r) => r.service === 'arm')

describe('operation validate', () => {
  it('passes, lists the validated resources, and deploys nothing', async () => {
    const e = emulator()
    const from = e.requestLog().length
    const run = await runAction({
      emulator: e,
      // Resource group scope: at subscription scope the emulator's validate answer carries a
      // `location` the OpenAPI DeploymentValidateResult does not declare (reported as an emulator gap).
      inputs: inputs(e, { 'validation-level': 'Template', 'resource-group-name': 'rg-emulator' })
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.errors).toEqual([])
    expect(run.stdout).toMatch(
      /Azure Resource Manager accepts deployment small-9876543210-[0-9a-f]{8}: 2 resource\(s\) validated/
    )
    expect(run.stdout).toContain('/providers/Microsoft.Network/virtualNetworks/small-vnet')
    expect(run.summary).toMatch(
      /^## ✅ Validation of deployment small-9876543210-[0-9a-f]{8} passed/
    )
    const calls = armCalls(e, from)
    expect(calls.filter((r) => r.method === 'PUT')).toEqual([])
    expect(calls.filter((r) => r.method === 'POST' && /\/validate\?/.test(r.path))).toHaveLength(1)
  })

  it("fails with ARM's own validation error, whole, in the annotation and the summary", async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, { parameters: 'prefix: a-prefix-longer-than-twelve' })
    })
    expect(run.exitCode, JSON.stringify(run.errors)).toBe(1)
    const refusal = run.errors.find((m) => m.startsWith('InvalidTemplate'))
    expect(refusal).toBeDefined()
    expect(refusal).toContain("template parameter 'prefix' is not valid")
    expect(refusal).toMatch(/correlation id: [0-9a-f-]{36}/)
    expect(run.stdout).toMatch(/::error title=ARM refused deployment small-\S+ \(validate\)::/)
    expect(run.errors).toContainEqual(
      expect.stringMatching(
        /^Azure Resource Manager refused deployment small-\S+ in validation: InvalidTemplate; see the error above\.$/
      )
    )
    expect(run.summary).toMatch(/^## ❌ Validation of deployment small-\S+ failed/)
    expect(run.summary).toContain("template parameter 'prefix' is not valid")
  })

  it('catches a parameter the template does not declare before any request to ARM', async () => {
    const e = emulator()
    const from = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: inputs(e, { parameters: '{"prefix": "ok", "sku": "Standard"}' })
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([
      "Input 'parameters' sets 'sku', which the template does not declare; it declares prefix, adminPassword."
    ])
    expect(armCalls(e, from)).toEqual([])
  })
})

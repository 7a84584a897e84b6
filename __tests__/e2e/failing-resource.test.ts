// A resource that fails in Azure: exit 1, one annotation naming it and its error, and the outputs
// and the job summary written all the same.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({
  timeScale: 60,
  tokenLifetime: '60m',
  scenario: {
    failures: [
      {
        resourceName: 'small-pip',
        code: 'PublicIPCountLimitReached',
        message:
          'Cannot create more than 10 public IP addresses for this subscription in this region.'
      }
    ]
  }
})

describe('a failing resource', () => {
  it('fails the step with an annotation, and still writes outputs and the summary', async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1'
      }
    })
    expect(run.exitCode, run.stdout).toBe(1)
    // One annotation for the failed resource (its nested deployment's failure is not repeated) ...
    const resourceErrors = run.errors.filter((m) => m.includes('PublicIPCountLimitReached'))
    expect(resourceErrors).toHaveLength(1)
    expect(resourceErrors[0]).toContain('small-pip')
    expect(resourceErrors[0]).toContain('Cannot create more than 10 public IP addresses')
    expect(run.stdout).toMatch(
      /::error title=small-pip \(Microsoft\.Network\/publicIPAddresses\) failed in small-module::/
    )
    // ... and the step's own failure message, once.
    expect(run.errors.filter((m) => m.includes('ended Failed'))).toHaveLength(1)
    expect(run.outputs['provisioning-state']).toBe('Failed')
    expect(run.outputs['deployment-name']).toMatch(/^small-9876543210-[0-9a-f]{8}$/)
    expect(run.outputs['deployment-id']).toContain(run.outputs['deployment-name'])
    expect(run.outputs['correlation-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(run.summary).toContain('Failed')
    expect(run.summary).toContain('### Errors')
    expect(run.summary).toContain('PublicIPCountLimitReached')
    expect(run.summary).toContain(
      '| ❌ Failed | small-pip <sub>in small-module</sub> | <abbr title="Microsoft.Network/publicIPAddresses">publicIPAddresses</abbr> |'
    )
    expect(run.summary).toContain('crit, ')
  })
})

describe('a deployment ARM refuses', () => {
  it("reports ARM's own validation error, with its correlation id, and a summary", async () => {
    const e = emulator()
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        parameters: '{"prefix": "a-prefix-longer-than-twelve"}'
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(
      /^Starting deployment 'small-9876543210-[0-9a-f]{8}' at subscription scope failed \(HTTP 400\)/
    )
    expect(run.errors[0]).toContain('InvalidTemplate')
    expect(run.errors[0]).toContain("template parameter 'prefix' is not valid")
    expect(run.errors[0]).toMatch(/correlation id: [0-9a-f-]{36}/)
    expect(run.summary).toMatch(/^## ❌ Deployment small-9876543210-[0-9a-f]{8} was not started/)
  })
})

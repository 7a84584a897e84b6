import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import { validateRunnerFor } from '../../helpers/validate-runner.js'

describe('runValidate', () => {
  it('reports success with the validated resources', async () => {
    const { run, r, summaries } = validateRunnerFor({
      properties: { validatedResources: [{ id: '/subscriptions/s/x' }] }
    })
    expect(await run()).toEqual({ ok: true })
    expect(r.at('info')).toContain(
      'Azure Resource Manager accepts deployment hub-1: 1 resource(s) validated'
    )
    expect(summaries[0]).toContain('## ✅ Validation of deployment hub-1 passed')
    expect(summaries[0]).toContain('| `/subscriptions/s/x` |')
  })

  it("shows ARM's refusal whole: code, message, target, details and correlation id", async () => {
    const request = createPipelineRequest({ url: 'https://arm.example/x' })
    const body = {
      error: {
        code: 'InvalidTemplateDeployment',
        message: 'The template deployment is not valid.',
        details: [{ code: 'InvalidParameter', message: 'prefix is too long', target: 'prefix' }]
      }
    }
    const refused = new RestError('The template deployment is not valid.', {
      code: 'InvalidTemplateDeployment',
      statusCode: 400,
      request,
      response: {
        status: 400,
        request,
        headers: createHttpHeaders({ 'x-ms-correlation-request-id': 'corr-1' }),
        bodyAsText: JSON.stringify(body)
      }
    })
    const { run, r, summaries } = validateRunnerFor(refused)
    expect(await run()).toEqual({
      ok: false,
      message:
        'Azure Resource Manager refused deployment hub-1 in validation: InvalidTemplateDeployment; see the error above.'
    })
    const expected =
      'InvalidTemplateDeployment: The template deployment is not valid.\n  InvalidParameter: prefix is too long (target: prefix)\ncorrelation id: corr-1'
    expect(r.lines.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        message: expected,
        annotation: { title: 'ARM refused deployment hub-1 (validate)' }
      }
    ])
    expect(summaries[0]).toContain(expected)
  })

  it('reads an error ARM returns in a validate result', async () => {
    const { run, r } = validateRunnerFor({
      error: { code: 'InvalidTemplate', message: 'no' }
    })
    expect((await run()).ok).toBe(false)
    expect(r.at('error')).toEqual(['InvalidTemplate: no'])
  })

  it('rethrows what is not a verdict (a 500)', async () => {
    const { run } = validateRunnerFor(new RestError('boom', { statusCode: 500, code: 'Internal' }))
    await expect(run()).rejects.toThrow(/Validating deployment 'hub-1' failed \(HTTP 500\)/)
  })
})

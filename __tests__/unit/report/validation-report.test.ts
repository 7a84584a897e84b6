import { describe, expect, it } from 'vitest'
import { reportValidation, type ValidationAnswer } from '../../../src/report/validation-report.js'
import { FakeLogger } from '../../helpers/fakes.js'

function report(answer: Partial<ValidationAnswer>) {
  const logger = new FakeLogger()
  const summaries: string[] = []
  const summary = { write: (markdown: string) => Promise.resolve(void summaries.push(markdown)) }
  const result = reportValidation(
    {
      name: 'stack hub',
      scopeLabel: 'resource group rg-hub',
      kind: 'deployment stack',
      validatedResources: [],
      redact: (text) => text.replaceAll('s3cret', '***'),
      ...answer
    },
    { logger, summary }
  )
  return { result, logger, summaries }
}

describe('reportValidation', () => {
  it('names what ARM would refuse, with the correlation id, secure values redacted', async () => {
    const { result, logger, summaries } = report({
      error: { code: 'InvalidTemplate', message: "Parameter 'p' is 's3cret', too long" },
      correlationId: 'corr-9'
    })
    expect(await result).toEqual({
      ok: false,
      message:
        'Azure Resource Manager refused deployment stack hub in validation: InvalidTemplate; see the error above.'
    })
    const [error] = logger.entries('error')
    expect(error.annotation).toEqual({ title: 'ARM refused deployment stack hub (validate)' })
    expect(error.message).toContain("Parameter 'p' is '***', too long")
    expect(error.message).toContain('correlation id: corr-9')
    expect(error.message).not.toContain('s3cret')
    expect(summaries[0]).toContain(
      'Scope: resource group rg-hub. Azure Resource Manager would refuse this deployment stack:'
    )
  })

  it('lists the resources ARM validated', async () => {
    const { result, logger, summaries } = report({
      name: 'hub-1',
      kind: 'deployment',
      validatedResources: ['/subscriptions/s/a', '/subscriptions/s/b']
    })
    expect(await result).toEqual({ ok: true })
    expect(logger.at('info')).toEqual([
      'Azure Resource Manager accepts deployment hub-1: 2 resource(s) validated',
      '  /subscriptions/s/a',
      '  /subscriptions/s/b'
    ])
    expect(summaries[0]).toContain('| `/subscriptions/s/b` |')
  })
})

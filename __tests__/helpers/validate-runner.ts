// A validate run against a fake PreviewApi that answers with a result or an error.
import type { DeploymentValidateResult } from '@azure/arm-resourcesdeployments'
import type { PreviewApi } from '../../src/preview/preview-api.js'
import { runValidate } from '../../src/preview/validate-runner.js'
import { redactor } from '../../src/preview/what-if-changes.js'
import { FakeLogger } from './fakes.js'

export function validateRunnerFor(answer: DeploymentValidateResult | Error) {
  const r = new FakeLogger()
  const summaries: string[] = []
  const api: PreviewApi = {
    validate: () => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)),
    whatIf: () => Promise.reject(new Error('not used'))
  }
  const run = () =>
    runValidate(
      {
        target: { type: 'subscription', subscriptionId: 's' },
        name: 'hub-1',
        body: { location: 'westeurope', properties: { mode: 'Incremental', template: {} } },
        scopeLabel: 'subscription',
        options: { updateIntervalInMs: 1000 },
        redact: redactor([])
      },
      api,
      { logger: r, outputs: r, summary: { write: async (md: string) => void summaries.push(md) } }
    )
  return { run, r, summaries }
}

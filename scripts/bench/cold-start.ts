// Cold start: spawn of `node dist/index.js` to the deployment PUT reaching the emulator.
import type { Scenario } from '../../emulator/src/index.js'
import {
  isDeploymentPut,
  resourcesTemplate,
  runMeasured,
  withEmulator,
  writeTemplate
} from './harness.js'
import { median, report, startSection } from './report.js'

export async function coldStart(): Promise<void> {
  startSection(
    'cold start',
    'Cold start: spawn of node dist/index.js to the deployment PUT (client secret, 5 runs)'
  )
  const template = writeTemplate('one-resource.json', resourcesTemplate(1))
  const scenario: Scenario = {
    durations: { byType: { 'Microsoft.Network/publicIPAddresses': '1s' } }
  }
  await withEmulator({ timeScale: 1, scenario }, async (em) => {
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const before = em.requestLog().length
      const { spawnedAt } = await runMeasured(em, 'secret', {
        'template-file': template,
        name: `cold-${i}`,
        'poll-interval': '1s'
      })
      const put = em.requestLog().slice(before).find(isDeploymentPut)
      if (put) times.push(Date.parse(put.realTime) - spawnedAt)
    }
    if (times.length === 0) return report('cold start to PUT', 'no PUT reached the emulator')
    report('cold start to PUT (median)', `${median(times)} ms  [${times.join(', ')}]`, '< 500 ms')
  })
}

// A compressed 6-hour OIDC run: token requests per emulated hour, expired-token errors, and
// whether memory stays flat.
import type { Scenario } from '../../emulator/src/index.js'
import { resourcesTemplate, runMeasured, withEmulator, writeTemplate } from './harness.js'
import { pollFloor, twinBody } from './node-floor.js'
import { mb, median, report, startSection } from './report.js'

export async function sixHours(): Promise<void> {
  startSection('6 h', 'Compressed 6-hour run (OIDC, 360x, poll every 1 s): tokens and memory')
  const template = writeTemplate('six-hours.json', resourcesTemplate(3))
  const scenario: Scenario = {
    durations: { byName: { 'bench-000': '30m', 'bench-001': '3h', 'bench-002': '6h' } }
  }
  await withEmulator({ timeScale: 360, scenario }, async (em) => {
    const { run, sampler } = await runMeasured(em, 'oidc', {
      'template-file': template,
      name: 'bench-6h',
      'poll-interval': '1s'
    })
    report('verdict', `${run.outputs['provisioning-state'] ?? 'unknown'} (exit ${run.exitCode})`)
    const log = em.requestLog()
    const hours =
      (Math.max(...log.map((e) => e.emulatedMs)) - Math.min(...log.map((e) => e.emulatedMs))) /
      3_600_000
    const entra = log.filter((e) => e.service === 'entra' && e.method === 'POST').length
    const oidc = log.filter((e) => e.service === 'oidc').length
    report('emulated hours covered', hours.toFixed(2))
    report(
      'Entra token requests per emulated hour',
      (entra / hours).toFixed(2),
      'access tokens live 60 min'
    )
    report(
      'GitHub ID token requests per emulated hour',
      (oidc / hours).toFixed(2),
      'ID tokens live 5 min'
    )
    report('token refreshes (action output)', run.outputs['token-refreshes'] ?? 'n/a')
    report(
      'ARM 401 ExpiredAuthenticationToken',
      String(log.filter((e) => e.errorCode === 'ExpiredAuthenticationToken').length)
    )
    const samples = sampler.samples
    const peak = Math.max(...samples.map((s) => s.peakRssBytes))
    const third = Math.floor(samples.length / 3)
    const early = median(samples.slice(third, 2 * third).map((s) => s.rssBytes))
    const late = median(samples.slice(2 * third).map((s) => s.rssBytes))
    report('peak RSS', mb(peak), '<= 70 MB, flat')
    report('RSS, middle third -> last third (median)', `${mb(early)} -> ${mb(late)}`)
    const floor = await pollFloor(em, 'bench-6h', twinBody(template), 1000, undefined)
    if (floor && floor.sampler.samples.length > 0) {
      const bare = Math.max(...floor.sampler.samples.map((s) => s.peakRssBytes))
      report(
        "Node's floor: peak RSS of bare node:https replaying these polls",
        `${mb(bare)}; the action ${mb(peak - bare)} above it`
      )
    }
  })
}

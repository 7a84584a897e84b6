// For comparison: the Azure SDK's own poller at its defaults, run in this process for 20 real
// seconds against a deployment that never ends, extrapolated to reads per hour.
import { readFileSync } from 'node:fs'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { DeploymentsClient } from '@azure/arm-resourcesdeployments'
import { ClientSecretCredential } from '@azure/identity'
import { RG, resourcesTemplate, withEmulator } from './harness.js'
import { report, startSection } from './report.js'

/** `hubReadsPerPoll`: the hub run's ARM reads per poll, to put this action's rate beside. */
export async function sdkPoller(hubReadsPerPoll: number | undefined): Promise<void> {
  startSection(
    'SDK',
    "For comparison: the SDK's own poller (beginCreateOrUpdateAndWait, defaults), 20 real seconds"
  )
  const template = resourcesTemplate(1)
  await withEmulator(
    { timeScale: 1, scenario: { neverEnd: [{ resourceName: 'bench-000' }] } },
    async (em) => {
      const i = em.info
      setDefaultCACertificates([
        ...getCACertificates('default'),
        readFileSync(i.caCertPath, 'utf8')
      ])
      const credential = new ClientSecretCredential(i.tenantId, i.clientId, i.clientSecret, {
        authorityHost: i.authorityHost,
        disableInstanceDiscovery: true
      })
      const client = new DeploymentsClient(credential, i.subscriptionId, {
        endpoint: i.armEndpoint,
        credentials: { scopes: [`${i.armEndpoint}/.default`] }
      })
      const abort = new AbortController()
      const seconds = 20
      const timer = setTimeout(() => abort.abort(), seconds * 1000)
      const before = em.requestLog().length
      try {
        await client.deployments.beginCreateOrUpdateAndWait(
          RG,
          'bench-sdk',
          { properties: { mode: 'Incremental', template } },
          {
            abortSignal: abort.signal
          }
        )
      } catch {
        // aborted on purpose: the deployment never ends
      } finally {
        clearTimeout(timer)
      }
      const arm = em
        .requestLog()
        .slice(before)
        .filter((e) => e.service === 'arm' && e.method === 'GET').length
      report(
        'SDK poller ARM reads per real hour (extrapolated)',
        String(Math.round((arm / seconds) * 3600))
      )
      report(
        'this action, default poll-interval 30s: ARM reads per hour',
        hubReadsPerPoll === undefined
          ? 'n/a (hub run not measured)'
          : `${Math.round(120 * hubReadsPerPoll)} (120 polls x ${hubReadsPerPoll.toFixed(2)}; the SDK poller lists no operations)`
      )
    }
  )
}

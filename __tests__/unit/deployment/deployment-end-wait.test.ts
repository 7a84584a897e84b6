// Waiting for another request's deployment of the same name to end (issue 11, item 2).
import type { DeploymentExtended } from '@azure/arm-resourcesdeployments'
import { RestError } from '@azure/core-rest-pipeline'
import { describe, expect, it } from 'vitest'
import type { DeploymentApi } from '../../../src/azure/deployment-api.js'
import { waitForDeploymentEnd } from '../../../src/deployment/deployment-end-wait.js'
import { FakeClock, FakeLogger } from '../../helpers/fakes.js'

const target = { type: 'subscription', subscriptionId: 'sub' } as const

/** Answers each GET with the next script entry (the last one repeats). */
function scripted(...answers: Array<string | Error>): DeploymentApi & { gets: number } {
  const api = {
    gets: 0,
    create: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    listOperationPages: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: true as const, value: undefined })
      })
    }),
    get: (): Promise<DeploymentExtended> => {
      const answer = answers[Math.min(api.gets++, answers.length - 1)]
      return answer instanceof Error
        ? Promise.reject(answer)
        : Promise.resolve({ properties: { provisioningState: answer } })
    }
  }
  return api
}

const notFound = () => new RestError('Not Found', { statusCode: 404 })

describe('waitForDeploymentEnd', () => {
  it('polls until it ends; one line per state change and one per heartbeat', async () => {
    const clock = new FakeClock(0, { instant: true })
    const logger = new FakeLogger()
    const api = scripted('Running', 'Running', 'Running', 'Running', 'Succeeded')
    const end = await waitForDeploymentEnd(target, 'hub', {
      pollIntervalMs: 60_000,
      deadline: 3_600_000,
      api,
      clock,
      logger,
      heartbeatMs: 120_000
    })
    expect(end).toEqual({ kind: 'ended', state: 'Succeeded', waitedMs: 300_000 })
    expect(logger.lines.map((l) => l.message)).toEqual([
      "Still waiting for deployment 'hub' of the other request to end: Running, waited 1m, up to 59m more.",
      "Still waiting for deployment 'hub' of the other request to end: Running, waited 3m, up to 57m more.",
      "Deployment 'hub' of the other request ended Succeeded after 5m of waiting."
    ])
  })

  it('a deployment that is gone (404) leaves the name free', async () => {
    const clock = new FakeClock(0, { instant: true })
    const end = await waitForDeploymentEnd(target, 'hub', {
      pollIntervalMs: 1000,
      deadline: 60_000,
      api: scripted(notFound()),
      clock,
      logger: new FakeLogger()
    })
    expect(end).toEqual({ kind: 'ended', waitedMs: 1000 })
  })

  it('a failed read is a warning, and the wait goes on', async () => {
    const clock = new FakeClock(0, { instant: true })
    const logger = new FakeLogger()
    const end = await waitForDeploymentEnd(target, 'hub', {
      pollIntervalMs: 1000,
      deadline: 60_000,
      api: scripted(new RestError('Bad Gateway', { statusCode: 502 }), 'Failed'),
      clock,
      logger
    })
    expect(end).toMatchObject({ kind: 'ended', state: 'Failed' })
    expect(logger.lines[0]).toEqual({
      level: 'warning',
      message: "Reading deployment 'hub' failed: Bad Gateway. Still waiting for it to end."
    })
  })

  it('gives up at the deadline with the last state seen', async () => {
    const clock = new FakeClock(0, { instant: true })
    const end = await waitForDeploymentEnd(target, 'hub', {
      pollIntervalMs: 40_000,
      deadline: 100_000,
      api: scripted('Running'),
      clock,
      logger: new FakeLogger()
    })
    expect(end).toEqual({ kind: 'timeout', state: 'Running', waitedMs: 100_000 })
    expect(clock.sleeps).toEqual([40_000, 40_000, 20_000])
  })

  it('stops when the run is canceled', async () => {
    const clock = new FakeClock(0)
    const abort = new AbortController()
    const api = scripted('Running')
    const waiting = waitForDeploymentEnd(target, 'hub', {
      pollIntervalMs: 1000,
      deadline: 60_000,
      api,
      clock,
      logger: new FakeLogger(),
      signal: abort.signal
    })
    await clock.advance(2500)
    abort.abort()
    expect(await waiting).toEqual({ kind: 'aborted', waitedMs: 2500 })
    expect(api.gets).toBe(2)
  })
})

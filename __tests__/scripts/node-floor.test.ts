// The bench's Node floor is only a floor if the bare client sends what the action sent: prove the
// start (token request, then the PUT) and the replay (the logged GETs, cycle by cycle, in order)
// against the emulator, and that a failed request fails the run instead of measuring nothing.
import { describe, expect, it } from 'vitest'
import type { RequestLogEntry } from '../../emulator/src/index.js'
import { bareFailure, pollCycles, runBare } from '../../scripts/bench/node-floor.js'
import { pollFigures } from '../../scripts/bench/poll-figures.js'
import { useEmulator } from '../helpers/emulator.js'

const started = useEmulator({ timeScale: 60 })

const entry = (seq: number, method: string, path: string): RequestLogEntry => ({
  seq,
  method,
  path,
  status: 200,
  service: 'arm',
  realTime: new Date(0).toISOString(),
  emulatedMs: 0
})

describe('pollCycles', () => {
  it('starts a cycle at each GET of the deployment and keeps the listings read until the next', () => {
    const d = '/subscriptions/s/providers/Microsoft.Resources/deployments'
    const log = [
      entry(1, 'GET', `${d}/hub?api-version=1`),
      entry(2, 'PUT', `${d}/hub?api-version=1`),
      entry(3, 'GET', `${d}/hub?api-version=1`),
      entry(4, 'GET', `${d}/hub/operations?api-version=1`),
      { ...entry(5, 'POST', '/tenant/oauth2/v2.0/token'), service: 'entra' as const },
      entry(6, 'GET', `${d}/hub?api-version=1`),
      entry(7, 'GET', `${d}/hub/operations?api-version=1`),
      entry(8, 'GET', `${d}/hub/operations?api-version=1&$skiptoken=100`),
      entry(9, 'GET', `${d}/spoke/operations?api-version=1`)
    ]
    expect(pollCycles(log, 'hub')).toEqual([
      [`${d}/hub?api-version=1`, `${d}/hub/operations?api-version=1`],
      [
        `${d}/hub?api-version=1`,
        `${d}/hub/operations?api-version=1`,
        `${d}/hub/operations?api-version=1&$skiptoken=100`,
        `${d}/spoke/operations?api-version=1`
      ]
    ])
  })
})

describe('the bare client', () => {
  it('starts a deployment with one token request and one PUT, then replays GETs in order', async () => {
    const em = started()
    const deployments = `/subscriptions/${em.info.subscriptionId}/providers/Microsoft.Resources/deployments`
    const put = `${deployments}/bare-start?api-version=2025-04-01`
    const template = {
      $schema:
        'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: []
    }
    const before = em.requestLog().length
    const start = await runBare(em, {
      put: {
        path: put,
        body: { location: 'westeurope', properties: { mode: 'Incremental', template } }
      }
    })
    expect(start.code, start.stderr).toBe(0)
    const startLog = em.requestLog().slice(before)
    expect(startLog.map((e) => `${e.service} ${e.method} ${e.status}`)).toEqual([
      'entra POST 200',
      'arm PUT 201'
    ])
    expect(startLog[1].path).toBe(put)

    const get = `${deployments}/bare-start?api-version=2025-04-01`
    const ops = `${deployments}/bare-start/operations?api-version=2025-04-01`
    const cycles = [[get], [get, ops], [get, ops]]
    const mark = em.requestLog().length
    const replay = await runBare(em, { cycles, intervalMs: 50 })
    expect(replay.code, replay.stderr).toBe(0)
    const arm = em
      .requestLog()
      .slice(mark)
      .filter((e) => e.service === 'arm')
    expect(arm.map((e) => [e.method, e.path, e.status])).toEqual(
      cycles.flat().map((path) => ['GET', path, 200])
    )
    expect(pollFigures(em.requestLog().slice(mark), 'bare-start').polls).toBe(3)
    expect(replay.sampler.samples.length).toBeGreaterThan(0)
  })

  it('fails, naming the request, when ARM refuses one', async () => {
    const em = started()
    const missing = `/subscriptions/${em.info.subscriptionId}/providers/Microsoft.Resources/deployments/none?api-version=2025-04-01`
    const r = await runBare(em, { cycles: [[missing]], intervalMs: 0 })
    expect(r.code).not.toBe(0)
    expect(bareFailure(r)).toContain(`GET /subscriptions/${em.info.subscriptionId}`)
    expect(bareFailure(r)).toContain('HTTP 404')
  })
})

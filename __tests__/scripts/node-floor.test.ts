// The bench's Node floor is only a floor if the bare client sends what the action sent: prove the
// start (token request, then the PUT) and the replay (the logged GETs, cycle by cycle, in order)
// against the emulator, and that a failed request fails the run instead of measuring nothing.
import { describe, expect, it } from 'vitest'
import type { RequestLogEntry } from '../../emulator/src/index.js'
import {
  bareFailure,
  pollCycles,
  renameDeployment,
  runBare
} from '../../scripts/bench/node-floor.js'
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

describe('pollCycles without the PUT, and renameDeployment', () => {
  it('replays nothing when the deployment was never PUT (not the GETs of something else)', () => {
    const d = '/subscriptions/s/providers/Microsoft.Resources/deployments'
    expect(pollCycles([entry(1, 'GET', `${d}/hub?api-version=1`)], 'hub')).toEqual([])
  })

  it("renames the deployment's own URLs only, not a longer name or a nested deployment", () => {
    const d = '/subscriptions/s/providers/Microsoft.Resources/deployments'
    expect(renameDeployment(`${d}/Hub?api-version=1`, 'hub', 'hub-floor')).toBe(
      `${d}/hub-floor?api-version=1`
    )
    expect(renameDeployment(`${d}/hub/operations?x=1`, 'hub', 'hub-floor')).toBe(
      `${d}/hub-floor/operations?x=1`
    )
    expect(renameDeployment(`${d}/hub-spoke?x=1`, 'hub', 'hub-floor')).toBe(`${d}/hub-spoke?x=1`)
  })
})

describe('the bare client', () => {
  it('starts a deployment with one token request and one PUT; a replay PUTs its twin and reads it on time', async () => {
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

    // A replay PUTs its twin first, then reads it cycle by cycle: the first read firstDelayMs after
    // the PUT, each next cycle intervalMs after the last.
    const twin = `${deployments}/bare-twin?api-version=2025-04-01`
    const ops = `${deployments}/bare-twin/operations?api-version=2025-04-01`
    const cycles = [[twin], [twin, ops], [twin, ops]]
    const mark = em.requestLog().length
    const replay = await runBare(em, {
      put: {
        path: twin,
        body: { location: 'westeurope', properties: { mode: 'Incremental', template } }
      },
      cycles,
      firstDelayMs: 200,
      intervalMs: 300
    })
    expect(replay.code, replay.stderr).toBe(0)
    const arm = em
      .requestLog()
      .slice(mark)
      .filter((e) => e.service === 'arm')
    expect(arm.map((e) => [e.method, e.path, e.status])).toEqual([
      ['PUT', twin, 201],
      ...cycles.flat().map((path) => ['GET', path, 200])
    ])
    const at = (e: RequestLogEntry) => Date.parse(e.realTime)
    const starts = arm.filter((e) => e.method === 'GET' && e.path === twin)
    expect(at(starts[0]) - at(arm[0])).toBeGreaterThanOrEqual(190)
    expect(at(starts[1]) - at(starts[0])).toBeGreaterThanOrEqual(290)
    expect(at(starts[2]) - at(starts[1])).toBeGreaterThanOrEqual(290)
    expect(pollFigures(em.requestLog().slice(mark), 'bare-twin').polls).toBe(3)
    // What the twin answered each cycle's first read, for the bench's report.
    expect(JSON.parse(replay.stdout)).toEqual({ states: { Succeeded: 3 } })
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

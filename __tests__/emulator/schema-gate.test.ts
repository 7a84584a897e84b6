// The suite-wide schema gate: every emulator a test starts through useEmulator() is checked on
// stop, and a planted bad or untyped ARM body makes that check fail (so it cannot pass silently).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { assertCleanRequestLog, requestLogProblems } from '../../emulator/schemas/validate-log.js'
import type { RequestLogEntry, StartedEmulator } from '../../emulator/src/index.js'
import {
  requestToken,
  resourceGroupsPath,
  stopAndCheckEmulator,
  useEmulator
} from '../helpers/emulator.js'

const emulator = useEmulator()

async function realLog(): Promise<RequestLogEntry[]> {
  const e = emulator()
  const token = (await requestToken(e, { client_secret: e.info.clientSecret })).body
    .access_token as string
  const auth = { authorization: `Bearer ${token}` }
  expect(
    (await fetch(`${e.info.armEndpoint}${resourceGroupsPath(e)}`, { headers: auth })).status
  ).toBe(200)
  expect(
    (await fetch(`${e.info.armEndpoint}/nope?api-version=2025-04-01`, { headers: auth })).status
  ).toBe(404)
  return e.requestLog()
}

describe('the schema gate on emulator request logs', () => {
  it('passes a real log and fails when a bad body is planted in it', async () => {
    const log = await realLog()
    const groups = log.find((e) => e.responseType === 'ResourceGroupListResult')
    expect(groups).toBeDefined()
    expect(() => assertCleanRequestLog(log)).not.toThrow()

    const planted = [
      ...log,
      {
        ...groups!,
        seq: 900,
        responseBody: { value: [{ id: 42, properties: { provisioningState: 7 } }] }
      }
    ]
    expect(() => assertCleanRequestLog(planted, 'planted')).toThrow(
      /planted: 1 ARM response\(s\) do not match .*\n {2}#900 GET .*ResourceGroupListResult/
    )
  })

  it('fails ARM bodies that would escape the check: untyped, or of a type without a schema', async () => {
    const log = await realLog()
    const error = log.find((e) => e.responseType === 'CloudError')!
    const problems = requestLogProblems([
      { ...error, seq: 901, responseType: undefined },
      { ...error, seq: 902, responseType: 'InventedResult' }
    ])
    expect(problems.map((p) => [p.seq, p.errors[0]])).toEqual([
      [901, 'ARM body without a response type'],
      [902, "no schema for response type 'InventedResult'"]
    ])
  })

  it('useEmulator() stops through stopAndCheckEmulator, which rejects a log with a bad body', async () => {
    let stopped = false
    const bad: RequestLogEntry = {
      seq: 1,
      method: 'GET',
      path: '/x',
      status: 200,
      service: 'arm',
      realTime: '',
      emulatedMs: 0,
      responseType: 'DeploymentExtended',
      responseBody: { properties: { provisioningState: 'Done' } }
    }
    const fake = {
      stop: async () => {
        stopped = true
      },
      requestLog: () => [bad]
    } as Partial<StartedEmulator> as StartedEmulator
    await expect(stopAndCheckEmulator(fake, 'fake')).rejects.toThrow(/fake: 1 ARM response/)
    expect(stopped).toBe(true)
  })
})

describe('test files that start an emulator themselves', () => {
  it('check its request log against the schemas too (useEmulator() and withEmulator() do it)', () => {
    const root = new URL('../../', import.meta.url).pathname
    const files = readdirSync(join(root, '__tests__'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `__tests__/${f}`)
    const ungated = files.filter((file) => {
      const text = readFileSync(join(root, file), 'utf8')
      return (
        /\bstartEmulator\(/.test(text) &&
        !/\b(stopAndCheckEmulator|assertCleanRequestLog)\(/.test(text) &&
        file !== '__tests__/helpers/emulator.ts'
      )
    })
    expect(ungated).toEqual([])
  })
})

// Driving the emulator's faults: one raw request per connection, and a run repeated with the same
// seed whose request logs must be the same (every fault kind is deterministic).
import { get } from 'node:https'
import { expect } from 'vitest'
import {
  startEmulator,
  type Fault,
  type RequestLogEntry,
  type StartedEmulator
} from '../../emulator/src/index.js'
import { assertCleanRequestLog } from '../../emulator/schemas/validate-log.js'
import { requestToken, resourceGroupsPath } from '../helpers/emulator.js'

export type Outcome =
  { status: number; retryAfter?: string; ms: number } | { status: 'reset'; ms: number }

/** One GET on a fresh connection (no keep-alive, so a reset hits exactly this request). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<Outcome> {
  const started = Date.now()
  return new Promise((resolve) => {
    const req = get(url, { agent: false, headers }, (res) => {
      res.resume()
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers['retry-after'],
          ms: Date.now() - started
        })
      )
    })
    req.on('error', () => resolve({ status: 'reset', ms: Date.now() - started }))
  })
}

/** What must repeat: everything but times and random ids. */
export function projection(log: RequestLogEntry[]) {
  return log.map(({ seq, method, path, status, service, fault, errorCode, credentialKind }) => ({
    seq,
    method,
    path,
    status,
    service,
    fault,
    errorCode,
    credentialKind
  }))
}

export async function bearer(emulator: StartedEmulator): Promise<string> {
  const { body } = await requestToken(emulator, { client_secret: emulator.info.clientSecret })
  return body.access_token as string
}

export async function armGets(
  emulator: StartedEmulator,
  token: string,
  count: number
): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  for (let i = 0; i < count; i++) {
    outcomes.push(
      await rawGet(`${emulator.info.armEndpoint}${resourceGroupsPath(emulator)}`, {
        authorization: `Bearer ${token}`
      })
    )
  }
  return outcomes
}

/** Runs `drive` against a fresh emulator with `faults` and seed 7, twice; returns both runs. */
export async function twice<T>(
  faults: Fault[],
  drive: (emulator: StartedEmulator) => Promise<T>,
  timeScale = 60
) {
  const runs: Array<{ result: T; log: ReturnType<typeof projection> }> = []
  for (let i = 0; i < 2; i++) {
    const emulator = await startEmulator({ timeScale, scenario: { seed: 7, faults } })
    let result: T
    try {
      result = await drive(emulator)
    } finally {
      await emulator.stop()
    }
    // Fault replies (429, 5xx) are ARM responses too: they must match the schemas.
    assertCleanRequestLog(emulator.requestLog(), `faults run ${i + 1}`)
    runs.push({ result, log: projection(emulator.requestLog()) })
  }
  expect(runs[1].log).toEqual(runs[0].log)
  return runs[0]
}

export const statuses = (outcomes: Outcome[]) => outcomes.map((o) => o.status)

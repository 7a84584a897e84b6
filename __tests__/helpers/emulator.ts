// Starting the emulator from tests, and small wire helpers for its endpoints.
import { afterAll, beforeAll, type TestContext } from 'vitest'
import { assertCleanRequestLog } from '../../emulator/schemas/validate-log.js'
import {
  startEmulator,
  type EmulatorOptions,
  type StartedEmulator
} from '../../emulator/src/index.js'

/**
 * Stops an emulator, then fails (throws) if any ARM response it gave does not match the
 * OpenAPI-derived schemas, so every suite that runs one checks the wire shapes it saw.
 */
export async function stopAndCheckEmulator(
  emulator: StartedEmulator,
  label: string
): Promise<void> {
  await emulator.stop()
  assertCleanRequestLog(emulator.requestLog(), label)
}

/**
 * Starts an emulator for the file's tests (beforeAll); afterwards stops it and fails the file if
 * any ARM response it gave broke the schemas (`stopAndCheckEmulator`).
 */
export function useEmulator(options: EmulatorOptions = {}): () => StartedEmulator {
  let emulator: StartedEmulator | undefined
  beforeAll(async () => {
    emulator = await startEmulator(options)
  })
  afterAll(async () => {
    if (emulator) await stopAndCheckEmulator(emulator, 'useEmulator()')
  })
  return () => {
    if (!emulator) throw new Error('emulator not started yet')
    return emulator
  }
}

/**
 * An emulator of one test's own (for tests that run concurrently or need their own options),
 * stopped when that test ends and held to the schemas like `useEmulator()`'s.
 */
export async function withEmulator(
  ctx: TestContext,
  options: EmulatorOptions = {}
): Promise<StartedEmulator> {
  const emulator = await startEmulator(options)
  ctx.onTestFinished(() => stopAndCheckEmulator(emulator, ctx.task.name))
  return emulator
}

/** POSTs a client_credentials request to the tenant's v2.0 token endpoint. */
export async function requestToken(
  emulator: StartedEmulator,
  fields: Record<string, string>,
  tenant = emulator.info.tenantId
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.info.authorityHost}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.info.clientId,
      scope: `${emulator.info.armEndpoint}/.default`,
      ...fields
    })
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** A GitHub ID token from the OIDC endpoint, fetched as @actions/core does. */
export async function idToken(
  emulator: StartedEmulator,
  audience = 'api://AzureADTokenExchange'
): Promise<string> {
  const response = await fetch(
    `${emulator.info.oidcRequestUrl}&audience=${encodeURIComponent(audience)}`,
    {
      headers: { authorization: `Bearer ${emulator.info.oidcRequestToken}` }
    }
  )
  if (response.status !== 200) throw new Error(`OIDC endpoint answered ${response.status}`)
  return ((await response.json()) as { value: string }).value
}

/** An ARM GET with an optional bearer token. */
export async function armGet(
  emulator: StartedEmulator,
  path: string,
  token?: string
): Promise<Response> {
  return fetch(`${emulator.info.armEndpoint}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` }
  })
}

export const resourceGroupsPath = (emulator: StartedEmulator) =>
  `/subscriptions/${emulator.info.subscriptionId}/resourcegroups?api-version=2025-04-01`

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// IDENTITY_ENDPOINT / IDENTITY_HEADER for the tests of a file, and its managed-identity requests.
import { afterEach, beforeEach } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'

export function useIdentityEnv(e: () => StartedEmulator): void {
  beforeEach(() => {
    process.env.IDENTITY_ENDPOINT = e().info.identityEndpoint
    process.env.IDENTITY_HEADER = e().info.identityHeader
  })
  afterEach(() => {
    delete process.env.IDENTITY_ENDPOINT
    delete process.env.IDENTITY_HEADER
  })
}

export const miRequests = (e: StartedEmulator) =>
  e.requestLog().filter((entry) => entry.service === 'managed-identity')

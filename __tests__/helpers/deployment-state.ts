// Reads a deployment straight from the emulator over the wire (as another client would), so tests
// check what Azure shows, not what the action said.
import type { StartedEmulator } from '../../emulator/src/index.js'
import { armGet, requestToken } from './emulator.js'

export async function deploymentState(e: StartedEmulator, deploymentId: string): Promise<string> {
  const token = await requestToken(e, { client_secret: e.info.clientSecret })
  const response = await armGet(
    e,
    `${deploymentId}?api-version=2025-04-01`,
    String(token.body.access_token)
  )
  const body = (await response.json()) as { properties?: { provisioningState?: string } }
  return body.properties?.provisioningState ?? `HTTP ${response.status}`
}

/** Waits until the deployment shows `state` (real ms budget). */
export async function waitForState(
  e: StartedEmulator,
  deploymentId: string,
  state: string,
  timeoutMs = 20_000
): Promise<string> {
  const end = Date.now() + timeoutMs
  let seen = await deploymentState(e, deploymentId)
  while (seen !== state && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250))
    seen = await deploymentState(e, deploymentId)
  }
  return seen
}

// Debian's az CLI (MSAL-Python) logs in to the emulator as a custom cloud whose AD endpoint ends
// in /adfs, with each credential kind. (.ci/run installs azure-cli when it is missing.)
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { idToken, useEmulator } from '../helpers/emulator.js'

const hasAz = spawnSync('az', ['version'], { stdio: 'ignore' }).status === 0
const emulator = useEmulator({ timeScale: 1 })
const configDir = mkdtempSync(join(tmpdir(), 'az-emulator-'))

// Asynchronous: the emulator answers from this same process.
async function az(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('az', [...args, '--only-show-errors'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      AZURE_CONFIG_DIR: configDir,
      REQUESTS_CA_BUNDLE: emulator().info.caCertPath,
      AZURE_CORE_COLLECT_TELEMETRY: 'false'
    },
    timeout: 60_000
  })
  return stdout
}

describe.skipIf(!hasAz)('az CLI against the emulator', () => {
  it('registers the emulator as a cloud', async () => {
    const base = `${emulator().info.armEndpoint}/`
    await az(
      'cloud',
      'register',
      '--name',
      'Emulator',
      '--endpoint-resource-manager',
      base,
      '--endpoint-active-directory',
      `${emulator().info.authorityHost}/adfs`,
      '--endpoint-active-directory-resource-id',
      base,
      '--endpoint-active-directory-graph-resource-id',
      base
    )
    await az('cloud', 'set', '--name', 'Emulator')
    expect(JSON.parse(await az('cloud', 'show')).name).toBe('Emulator')
  })

  const lastTokenRequest = () =>
    emulator()
      .requestLog()
      .filter((e) => e.service === 'entra' && e.method === 'POST')
      .at(-1)

  it.each([
    ['secret', () => ['--password', emulator().info.clientSecret]],
    ['certificate', () => ['--password', emulator().info.certificatePath]],
    ['federated', async () => ['--federated-token', await idToken(emulator())]]
  ] as const)('az login --service-principal with a %s', async (kind, credentialArgs) => {
    const { clientId, tenantId, subscriptionId } = emulator().info
    const accounts = JSON.parse(
      await az(
        'login',
        '--service-principal',
        '--username',
        clientId,
        '--tenant',
        tenantId,
        ...(await credentialArgs())
      )
    ) as Array<{ id: string }>
    expect(accounts.map((a) => a.id)).toEqual([subscriptionId])
    expect(lastTokenRequest()).toMatchObject({
      path: '/adfs/oauth2/token',
      status: 200,
      credentialKind: kind
    })
    const token = JSON.parse(await az('account', 'get-access-token')) as {
      subscription: string
      tokenType: string
    }
    expect(token).toMatchObject({ subscription: subscriptionId, tokenType: 'Bearer' })
    await az('logout')
  })
})

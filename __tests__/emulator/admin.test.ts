// The admin endpoint: faults, the request log and the ARM half's admin operations over HTTPS.
import { describe, expect, it } from 'vitest'
import { armGet, requestToken, resourceGroupsPath, useEmulator } from '../helpers/emulator.js'

const emulator = useEmulator()

function admin(method: string, path: string, body?: unknown, key = emulator().info.adminKey) {
  return fetch(`${emulator().info.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
}

describe('admin endpoint', () => {
  it('refuses calls without the admin key', async () => {
    expect((await admin('GET', '/log', undefined, 'wrong')).status).toBe(401)
  })

  it('adds and clears faults at run time', async () => {
    const { body } = await requestToken(emulator(), { client_secret: emulator().info.clientSecret })
    expect(
      (await admin('POST', '/faults', { kind: 'http-error', status: 503, count: 1 })).status
    ).toBe(201)
    expect(
      (await armGet(emulator(), resourceGroupsPath(emulator()), body.access_token as string)).status
    ).toBe(503)
    expect(
      (await admin('POST', '/faults', { kind: 'http-error', status: 503, count: 1 })).status
    ).toBe(201)
    expect(await (await admin('DELETE', '/faults')).json()).toEqual([])
    expect(
      (await armGet(emulator(), resourceGroupsPath(emulator()), body.access_token as string)).status
    ).not.toBe(503)
  })

  it('rejects an invalid fault with a message naming the field', async () => {
    const response = await admin('POST', '/faults', { kind: 'http-error', status: 302, count: 1 })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: 'fault.status: expected an integer from 400 to 599, got 302'
    })
  })

  it('creates resource groups through the ARM half and serves the request log', async () => {
    const created = await admin('POST', '/resource-groups', {
      name: 'rg-admin',
      location: 'westeurope'
    })
    expect(created.status).toBe(201)
    const log = (await (await admin('GET', '/log')).json()) as Array<{
      service: string
      path: string
    }>
    expect(log.at(-1)).toMatchObject({ service: 'admin', path: '/_emulator/resource-groups' })
    expect(
      (
        await admin('POST', '/cancel', {
          deploymentId:
            '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Resources/deployments/none'
        })
      ).status
    ).toBe(200)
  })
})

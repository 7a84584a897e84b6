// The fault kinds for permanent and odd failures: any ARM status 400–599 (also aimed at one path,
// e.g. a nested deployment's operations), token endpoints that never answer, and Entra's
// configuration errors. Each is run twice with the same seed: the request logs must be the same.
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity'
import { describe, expect, it } from 'vitest'
import { bearer, twice } from './fault-runs.js'
import { validateFault } from '../../emulator/src/faults.js'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { idToken, requestToken, sleep, withEmulator } from '../helpers/emulator.js'

const rg = (e: StartedEmulator) =>
  `/subscriptions/${e.info.subscriptionId}/resourceGroups/rg-hub/providers/Microsoft.Resources/deployments`
const nestedOps = (e: StartedEmulator) => `${rg(e)}/hub-nested-fw/operations?api-version=2025-04-01`
const topOps = (e: StartedEmulator) => `${rg(e)}/hub/operations?api-version=2025-04-01`

/** A GET on ARM returning status and parsed body. */
async function armJson(e: StartedEmulator, path: string, token: string) {
  const response = await fetch(`${e.info.armEndpoint}${path}`, {
    headers: { authorization: `Bearer ${token}` }
  })
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { error?: { code: string; message: string } }
  }
}

describe('http-error: any status from 400 to 599 with ARM’s error body', () => {
  const expected: Array<[number, string]> = [
    [400, 'BadRequest'],
    [403, 'AuthorizationFailed'],
    [404, 'NotFound'],
    [409, 'Conflict'],
    [422, 'UnprocessableEntity'],
    [429, 'TooManyRequests'],
    [500, 'InternalServerError'],
    [502, 'BadGateway'],
    [503, 'ServiceUnavailable'],
    [504, 'GatewayTimeout'],
    [599, 'Error']
  ]

  it('each status answers ARM’s code for it (one fault per status, aimed by path)', async () => {
    const path = (e: StartedEmulator, status: number) =>
      `${rg(e)}/d${status}?api-version=2025-04-01`
    const { result, log } = await twice(
      expected.map(([status]) => ({
        kind: 'http-error' as const,
        status,
        count: 1,
        pathContains: `/deployments/d${status}`,
        ...(status === 429 ? { retryAfterSeconds: 7 } : {})
      })),
      async (e) => {
        const token = await bearer(e)
        const replies = []
        for (const [status] of expected) replies.push(await armJson(e, path(e, status), token))
        return replies
      }
    )
    expect(result.map((r) => [r.status, r.body.error?.code])).toEqual(expected)
    expect(log.filter((l) => l.fault).map((l) => [l.fault, l.errorCode])).toEqual(
      expected.map(([status, code]) => [`http-error:${status}`, code])
    )
    expect(result.find((r) => r.status === 429)?.retryAfter).toBe('7')
    for (const r of result.filter((r) => r.status >= 500)) {
      expect(r.body.error?.message).toMatch(/ Diagnostic information: timestamp '\d{8}T\d{6}Z'/)
    }
  })

  it('403 names the action and scope as ARM’s RBAC check does', async () => {
    const { result } = await twice([{ kind: 'http-error', status: 403, count: 1 }], async (e) =>
      armJson(e, nestedOps(e), await bearer(e))
    )
    expect(result.body.error?.message).toMatch(
      /^The client '1a2b3c4d-0000-4000-8000-00000000c001' with object id '[0-9a-f-]+' does not have authorization to perform action 'Microsoft\.Resources\/deployments\/operations\/read' over scope '\/subscriptions\/[^']+\/resourceGroups\/rg-hub\/providers\/Microsoft\.Resources\/deployments\/hub-nested-fw\/operations' or the scope is invalid\. If access was recently granted, please refresh your credentials\.$/
    )
  })

  it('pathPattern without count: a persistent 403 on one nested deployment’s operations only', async () => {
    const { result, log } = await twice(
      [
        {
          kind: 'http-error',
          status: 403,
          method: 'GET',
          pathPattern: '/deployments/hub-nested-[^/]+/operations$'
        }
      ],
      async (e) => {
        const token = await bearer(e)
        const nested = [
          await armJson(e, nestedOps(e), token),
          await armJson(e, nestedOps(e), token)
        ]
        const top = await armJson(e, topOps(e), token)
        return [...nested.map((r) => r.status), top.status]
      }
    )
    expect(result).toEqual([403, 403, 404])
    expect(log.filter((l) => l.fault === 'http-error:403')).toHaveLength(2)
  })

  it('refuses a status outside 400–599 and a bad pattern, naming the field', () => {
    expect(() => validateFault({ kind: 'http-error', status: 302, count: 1 })).toThrow(
      'fault.status: expected an integer from 400 to 599, got 302'
    )
    expect(() => validateFault({ kind: 'http-error', status: 403, pathPattern: '(' })).toThrow(
      /^fault\.pathPattern: not a valid regular expression/
    )
    expect(() => validateFault({ kind: 'entra-error', code: 'AADSTS50000' })).toThrow(
      'fault.code: expected one of AADSTS7000215, AADSTS700213, AADSTS700016, AADSTS700211, got "AADSTS50000"'
    )
  })
})

describe('token-endpoint-hang: accepted, never answered', () => {
  it('Entra’s and the managed-identity token endpoints hang for the window, then answer', async () => {
    const { result, log } = await twice([{ kind: 'token-endpoint-hang', for: '2m' }], async (e) => {
      const entra = () =>
        fetch(`${e.info.authorityHost}/${e.info.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
          signal: AbortSignal.timeout(400)
        }).then(
          (r) => r.status,
          (error: Error) => error.name
        )
      const mi = () =>
        fetch(`${e.info.identityEndpoint}?api-version=2019-08-01&resource=x`, {
          headers: { 'x-identity-header': e.info.identityHeader },
          signal: AbortSignal.timeout(400)
        }).then(
          (r) => r.status,
          (error: Error) => error.name
        )
      const during = [await entra(), await mi()]
      await sleep(2100)
      const after = await requestToken(e, { client_secret: e.info.clientSecret })
      return [...during, after.status]
    })
    expect(result).toEqual(['TimeoutError', 'TimeoutError', 200])
    expect(log.filter((l) => l.fault === 'token-endpoint-hang').map((l) => l.service)).toEqual([
      'entra',
      'managed-identity'
    ])
  })

  it('with count, only the next requests hang', async () => {
    const { result } = await twice([{ kind: 'token-endpoint-hang', count: 1 }], async (e) => {
      const token = (signal?: AbortSignal) =>
        fetch(`${e.info.authorityHost}/${e.info.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: e.info.clientId,
            client_secret: e.info.clientSecret,
            scope: `${e.info.armEndpoint}/.default`
          }),
          signal
        }).then(
          (r) => r.status,
          (error: Error) => error.name
        )
      return [await token(AbortSignal.timeout(400)), await token()]
    })
    expect(result).toEqual(['TimeoutError', 200])
  })
})

describe('entra-error: permanent Entra errors', () => {
  const expected: Array<[string, number, string, RegExp]> = [
    [
      'AADSTS7000215',
      401,
      'invalid_client',
      /^AADSTS7000215: Invalid client secret provided\. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '1a2b3c4d-0000-4000-8000-00000000c001'\. Trace ID/
    ],
    [
      'AADSTS700213',
      400,
      'invalid_client',
      /^AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso\/landing-zone:ref:refs\/heads\/main'\. Check your federated identity credential Subject, Audience and Issuer against the presented assertion\. https:\/\/learn\.microsoft\.com\/entra\/workload-id\/workload-identity-federation Trace ID/
    ],
    [
      'AADSTS700016',
      400,
      'unauthorized_client',
      /^AADSTS700016: Application with identifier '1a2b3c4d-0000-4000-8000-00000000c001' was not found in the directory '72f988bf-0000-4000-8000-00000000e001'\./
    ],
    [
      'AADSTS700211',
      400,
      'invalid_client',
      /^AADSTS700211: No matching federated identity record found for presented assertion issuer 'https:\/\/127\.0\.0\.1:\d+\/_github'\. Please note that the matching is done using a case-sensitive comparison\./
    ]
  ]

  it.each(expected)(
    '%s answers %i %s with Entra’s wording, to every request',
    async (code, status, error, description) => {
      const { result, log } = await twice(
        [{ kind: 'entra-error', code: code as 'AADSTS700213' }],
        async (e) => {
          const replies = [
            await requestToken(e, {
              client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
              client_assertion: await idToken(e)
            }),
            await requestToken(e, { client_secret: e.info.clientSecret })
          ]
          return replies
        }
      )
      for (const reply of result) {
        expect(reply.status).toBe(status)
        expect(reply.body.error).toBe(error)
        expect(reply.body.error_codes).toEqual([Number(code.slice(6))])
        expect(reply.body.error_description).toMatch(description)
      }
      expect(log.filter((l) => l.service === 'entra').map((l) => l.errorCode)).toEqual([code, code])
    }
  )

  it('reaches @azure/identity as the AADSTS error (federated and secret credentials)', async (ctx) => {
    // One run: msal puts a random client-request-id in the query, so logs of two runs differ.
    const e = await withEmulator(ctx, {
      scenario: { faults: [{ kind: 'entra-error', code: 'AADSTS700213', count: 2 }] }
    })
    {
      const options = { authorityHost: e.info.authorityHost, disableInstanceDiscovery: true }
      const scope = `${e.info.armEndpoint}/.default`
      const federated = new ClientAssertionCredential(
        e.info.tenantId,
        e.info.clientId,
        () => idToken(e),
        options
      )
      await expect(federated.getToken(scope)).rejects.toThrow(/AADSTS700213/)
      const secret = new ClientSecretCredential(
        e.info.tenantId,
        e.info.clientId,
        e.info.clientSecret,
        options
      )
      await expect(secret.getToken(scope)).rejects.toThrow(/AADSTS700213/)
      // count: 2 consumed, the next request succeeds.
      await expect(secret.getToken(scope)).resolves.toMatchObject({ token: expect.any(String) })
    }
  })
})

// An in-process ArmContext with a manual clock, so lifecycle tests step emulated time exactly.
import { assertCleanRequestLog } from '../../../emulator/schemas/validate-log.js'
import { createArmApi } from '../../../emulator/src/arm/index.js'
import type {
  ArmContext,
  ArmRequest,
  ArmResponse,
  EmulatorClock,
  Scenario
} from '../../../emulator/src/types.js'

export const SUB = '00000000-0000-4000-8000-000000000001'
export const TENANT = '00000000-0000-4000-8000-0000000000aa'
export const BASE = 'https://127.0.0.1:8443'

/** A JSON payload as tests poke at it (loosely typed, like the wire). */
export type Wire = ReturnType<typeof JSON.parse>

/** An ArmResponse whose body tests read freely. */
export interface WireResponse extends ArmResponse {
  body: Wire
}

export interface ManualClock extends EmulatorClock {
  advance(emulatedMs: number): void
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let elapsed = 0
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    timeScale: 1,
    now: () => start + elapsed,
    emulatedElapsed: () => elapsed,
    toReal: (ms) => ms,
    after(ms, fn) {
      const id = ++seq
      timers.set(id, { at: elapsed + ms, fn })
      return () => timers.delete(id)
    },
    advance(ms) {
      const end = elapsed + ms
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0]
        if (!due) break
        timers.delete(due[0])
        elapsed = Math.max(elapsed, due[1].at)
        due[1].fn()
      }
      elapsed = end
    }
  }
}

export function fakeArm(scenario: Scenario = {}, pageSize?: number) {
  const clock = manualClock()
  const ctx: ArmContext = {
    clock,
    random: { next: () => 0.5 },
    scenario,
    baseUrl: BASE,
    tenantId: TENANT,
    subscriptionId: SUB
  }
  const api = createArmApi(ctx, { pageSize })
  const responses: WireResponse[] = []
  const call = async (method: string, pathOrUrl: string, body?: unknown): Promise<WireResponse> => {
    const url = new URL(pathOrUrl.startsWith('https://') ? pathOrUrl : `${BASE}${pathOrUrl}`)
    if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', '2025-04-01')
    const req: ArmRequest = {
      method,
      url,
      headers: {},
      body,
      principal: { tenantId: TENANT, clientId: 'client', tokenId: 'token' },
      correlationId: '11111111-2222-4333-8444-555555555555'
    }
    const handled = await api.handle(req)
    // In-process responses face the same schema gate as those over HTTPS.
    if (handled.body !== undefined) {
      assertCleanRequestLog(
        [
          {
            seq: responses.length + 1,
            method,
            path: url.pathname,
            status: handled.status,
            service: 'arm',
            realTime: '',
            emulatedMs: clock.emulatedElapsed(),
            responseType: handled.schema,
            responseBody: handled.body
          }
        ],
        'fakeArm'
      )
    }
    const res: WireResponse = { ...handled, body: handled.body }
    responses.push(res)
    return res
  }
  return { api, clock, call, responses }
}

export const rgPath = (name: string, rg = 'rg-emulator') =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Resources/deployments/${name}`

/** The body of a deployment PUT. */
export function deploymentRequest(
  template: unknown,
  parameters: Record<string, unknown> = {},
  extra: Record<string, unknown> = {}
) {
  return {
    ...extra,
    properties: {
      mode: 'Incremental',
      template,
      parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])),
      ...((extra.properties as object | undefined) ?? {})
    }
  }
}

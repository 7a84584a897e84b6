import { describe, expect, it } from 'vitest'
import {
  AcquisitionTimeoutError,
  acquisitionDeadlineMs,
  tokenRequestTimeoutPolicy,
  withDeadline
} from '../../../src/auth/acquisition-deadline.js'
import { createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline'
import { FakeClock } from '../../helpers/fakes.js'

describe('acquisition deadlines', () => {
  it('lifetime / 120 between 2 s and 30 s; 30 s before the first token', () => {
    expect(acquisitionDeadlineMs()).toBe(30_000)
    expect(acquisitionDeadlineMs(60 * 60_000)).toBe(30_000)
    expect(acquisitionDeadlineMs(90 * 60_000)).toBe(30_000)
    expect(acquisitionDeadlineMs(30 * 60_000)).toBe(15_000)
    expect(acquisitionDeadlineMs(60_000)).toBe(2_000)
  })

  it('withDeadline gives up on work that never settles, and passes results and errors through', async () => {
    const clock = new FakeClock()
    const hung = withDeadline(new Promise<string>(() => {}), 5_000, clock).catch((e: unknown) => e)
    await clock.advance(4_999)
    await clock.advance(1)
    const error = await hung
    expect(error).toBeInstanceOf(AcquisitionTimeoutError)
    expect(String(error)).toBe(
      'AcquisitionTimeoutError: the token endpoint did not answer within 5s'
    )
    await expect(withDeadline(Promise.resolve('ok'), 5_000, clock)).resolves.toBe('ok')
    await expect(withDeadline(Promise.reject(new Error('no')), 5_000, clock)).rejects.toThrow('no')
    expect(clock.pendingSleeps).toBe(0)
  })

  it('the token request policy sets a timeout unless the request has one', async () => {
    const policy = tokenRequestTimeoutPolicy(7_000)
    const seen: number[] = []
    const next = async (r: { timeout: number }) => {
      seen.push(r.timeout)
      return {} as PipelineResponse
    }
    await policy.sendRequest(createPipelineRequest({ url: 'https://login.example/token' }), next)
    await policy.sendRequest(
      createPipelineRequest({ url: 'https://login.example/token', timeout: 1_000 }),
      next
    )
    expect(seen).toEqual([7_000, 1_000])
  })
})

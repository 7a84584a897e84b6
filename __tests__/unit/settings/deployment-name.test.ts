import { describe, expect, it } from 'vitest'
import {
  defaultDeploymentName,
  nameProblem,
  NAME_PATTERN
} from '../../../src/settings/deployment-name.js'

const env = {
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_REPOSITORY: 'contoso/landing-zone',
  GITHUB_WORKFLOW: 'infra',
  GITHUB_JOB: 'deploy',
  GITHUB_ACTION: 'hub'
}
const base = {
  template: '/work/infra/hub/main.bicep',
  scope: { type: 'subscription', subscriptionId: '00000000-0000-4000-8000-00000000a001' } as const,
  env,
  matrixKey: 'null',
  now: () => 0
}

describe('defaultDeploymentName', () => {
  it('is readable and fits ARM', () => {
    const name = defaultDeploymentName(base)
    expect(name).toMatch(/^main-9876543210-[0-9a-f]{8}$/)
    expect(name.length).toBeLessThanOrEqual(64)
    expect(NAME_PATTERN.test(name)).toBe(true)
  })

  it('is the same for every attempt of a run', () => {
    expect(defaultDeploymentName({ ...base, env: { ...env, GITHUB_RUN_ATTEMPT: '3' } })).toBe(
      defaultDeploymentName(base)
    )
  })

  it.each([
    ['run', { env: { ...env, GITHUB_RUN_ID: '1111' } }],
    ['step', { env: { ...env, GITHUB_ACTION: 'spokes' } }],
    ['job', { env: { ...env, GITHUB_JOB: 'prod' } }],
    ['matrix leg', { matrixKey: '{"region":"westeurope"}' }],
    ['scope', { scope: { type: 'tenant' } as const }],
    ['template', { template: '/work/infra/spokes/main.bicep' }]
  ])('differs per %s', (_what, change) => {
    expect(defaultDeploymentName({ ...base, ...change })).not.toBe(defaultDeploymentName(base))
  })

  it('keeps long or odd template names within 64 legal characters', () => {
    const name = defaultDeploymentName({
      ...base,
      template: `/x/${'a very long template name with spaces & symbols!'.repeat(3)}.json`
    })
    expect(name.length).toBeLessThanOrEqual(64)
    expect(NAME_PATTERN.test(name)).toBe(true)
  })

  it('uses the clock outside Actions so local runs do not collide', () => {
    const name = defaultDeploymentName({ ...base, env: {}, now: () => 1_700_000_000_000 })
    expect(name).toMatch(/^main-local[0-9a-z]+-[0-9a-f]{8}$/)
  })

  it('names template links by their file', () => {
    const name = defaultDeploymentName({ ...base, template: 'https://example.com/t/hub.json?sv=1' })
    expect(name).toMatch(/^hub-9876543210-/)
  })
})

describe('nameProblem', () => {
  it('accepts ARM names', () => {
    expect(nameProblem('hub-(prod)_v1.2')).toBeUndefined()
  })
  it('rejects long and illegal names', () => {
    expect(nameProblem('a'.repeat(65))).toBe('it is 65 characters long, at most 64 are allowed')
    expect(nameProblem('hub deploy')).toBe('only letters, digits, and - _ . ( ) are allowed')
  })
})

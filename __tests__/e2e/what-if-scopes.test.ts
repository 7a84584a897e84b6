// operation whatIf at subscription, management group and tenant scope: the scope table's what-if
// entries, through `node dist/index.js` against the emulator.
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { runAction, secretInputs } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })

const scopes: Array<[string, Record<string, string>, RegExp]> = [
  ['subscription', {}, /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Resources\/deployments\//],
  [
    'managementGroup',
    { 'management-group-id': 'mg-platform' },
    /^\/providers\/Microsoft\.Management\/managementGroups\/mg-platform\/providers\/Microsoft\.Resources\/deployments\//
  ],
  ['tenant', {}, /^\/providers\/Microsoft\.Resources\/deployments\//]
]

describe('operation whatIf at each scope', () => {
  it.each(scopes)('%s', async (scope, extra, path) => {
    const e = emulator()
    const from = e.requestLog().length
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        scope,
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        operation: 'whatIf',
        ...extra
      }
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/^\+ Create \S+\/virtualNetworks\/small-vnet$/m)
    const posts = e
      .requestLog()
      .slice(from)
      .filter((r) => r.service === 'arm' && r.method === 'POST')
    expect(posts).toHaveLength(1)
    expect(posts[0].path).toMatch(path)
    expect(posts[0].path).toMatch(/\/whatIf\?/)
  })
})

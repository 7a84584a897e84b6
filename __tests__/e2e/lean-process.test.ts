// What a plain deployment loads into the runner's process. Node's fetch stack (its bundled undici,
// behind the FormData, fetch, Headers… globals) costs about 17 MB of memory and 50 ms on first
// touch; the Azure SDK's pipeline touches FormData on every request, which the build turns into a
// constant (scripts/package.ts). This holds that: a deployment with OIDC, polling, outputs and the
// summary never loads it. docs/performance.md has the figures.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { emulatorInputs, runAction } from '../helpers/run-action.js'

const emulator = useEmulator({ timeScale: 60, tokenLifetime: '60m' })
const PRELOAD = resolve('__tests__/fixtures/preload/record-builtins.cjs')

describe('a plain deployment', () => {
  it('never loads Node’s fetch stack', async () => {
    const e = emulator()
    e.arm.createResourceGroup(e.info.subscriptionId, 'rg-e2e-lean', 'westeurope')
    const record = join(mkdtempSync(join(tmpdir(), 'lean-')), 'builtins.txt')
    const run = await runAction({
      emulator: e,
      inputs: {
        ...emulatorInputs(e),
        'auth-type': 'oidc',
        'resource-group-name': 'rg-e2e-lean',
        'template-file': '__tests__/fixtures/e2e/small.json',
        'poll-interval': '1'
      },
      env: { NODE_OPTIONS: `--require ${PRELOAD}`, RECORD_BUILTINS_TO: record }
    })
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs['provisioning-state']).toBe('Succeeded')
    const loaded = readFileSync(record, 'utf8').split('\n')
    // The preload saw the run: the HTTPS client is there.
    expect(loaded).toContain('NativeModule https')
    expect(loaded.filter((m) => /undici/.test(m))).toEqual([])
  })
})

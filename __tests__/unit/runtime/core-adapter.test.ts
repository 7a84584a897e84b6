// The adapter re-states @actions/core's one-line wrappers over its command modules (to leave its
// OIDC client, and undici, out of the bundle): each must write exactly what @actions/core writes.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  coreInputs,
  coreLogger,
  coreMasker,
  coreOutputs,
  coreState,
  coreSummary,
  isDebug,
  setFailed
} from '../../../src/runtime/core-adapter.js'

let dir: string
const saved = { ...process.env }
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-adapter-'))
})
afterEach(() => {
  process.env = { ...saved }
  process.exitCode = undefined
  vi.restoreAllMocks()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** What `fn` writes to stdout (and the exit code it sets). */
async function stdoutOf(fn: () => unknown): Promise<{ out: string; exitCode: unknown }> {
  const chunks: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  })
  process.exitCode = undefined
  await fn()
  vi.restoreAllMocks()
  const exitCode = process.exitCode
  process.exitCode = undefined
  return { out: chunks.join(''), exitCode }
}

async function same(ours: () => unknown, theirs: () => unknown): Promise<void> {
  expect(await stdoutOf(ours)).toEqual(await stdoutOf(theirs))
}

describe('core adapter', () => {
  it('writes the same workflow commands as @actions/core', async () => {
    const props = { title: 'T: a, b', file: 'main.json', startLine: 3 }
    const text = 'line 1\nline 2: 100% done, a,b'
    await same(
      () => coreLogger.warning(text, props),
      () => core.warning(text, props)
    )
    await same(
      () => coreLogger.error(text),
      () => core.error(text)
    )
    await same(
      () => coreLogger.debug(text),
      () => core.debug(text)
    )
    await same(
      () => coreLogger.info(text),
      () => core.info(text)
    )
    await same(
      () => coreMasker.setSecret('s3cr%t\nx'),
      () => core.setSecret('s3cr%t\nx')
    )
    await same(
      () => coreLogger.group('Template', () => Promise.resolve(coreLogger.info('in'))),
      () => core.group('Template', () => Promise.resolve(core.info('in')))
    )
    await same(
      () => setFailed('it broke'),
      () => core.setFailed('it broke')
    )
    delete process.env.GITHUB_OUTPUT
    delete process.env.GITHUB_STATE
    await same(
      () => coreOutputs.setOutput('name', 'v'),
      () => core.setOutput('name', 'v')
    )
    await same(
      () => coreState.saveState('name', 'v'),
      () => core.saveState('name', 'v')
    )
  })

  it('writes outputs and state to the same files, reads inputs, state and debug the same', () => {
    for (const [variable, ours, theirs] of [
      [
        'GITHUB_OUTPUT',
        () => coreOutputs.setOutput('o', 'a\nb'),
        () => core.setOutput('o', 'a\nb')
      ],
      [
        'GITHUB_STATE',
        () => coreState.saveState('s', '{"x":1}'),
        () => core.saveState('s', '{"x":1}')
      ]
    ] as const) {
      const file = path.join(dir, variable)
      fs.writeFileSync(file, '')
      process.env[variable] = file
      ours()
      const written = fs.readFileSync(file, 'utf8')
      fs.writeFileSync(file, '')
      theirs()
      const delimiter = /ghadelimiter_[0-9a-f-]+/g
      expect(written.replace(delimiter, 'D')).toBe(
        fs.readFileSync(file, 'utf8').replace(delimiter, 'D')
      )
      expect(written).toContain('ghadelimiter_')
    }
    process.env['INPUT_RESOURCE-GROUP_NAME'] = '  rg-1 \n'
    expect(coreInputs('resource-group name')).toBe(core.getInput('resource-group name'))
    expect(coreInputs('resource-group name')).toBe('rg-1')
    process.env.STATE_deployment = 'id'
    expect(coreState.getState('deployment')).toBe(core.getState('deployment'))
    for (const value of ['1', 'true', undefined]) {
      if (value === undefined) delete process.env.RUNNER_DEBUG
      else process.env.RUNNER_DEBUG = value
      expect(isDebug()).toBe(core.isDebug())
    }
  })

  it('appends the job summary to GITHUB_STEP_SUMMARY', async () => {
    const file = path.join(dir, 'summary.md')
    fs.writeFileSync(file, 'before\n')
    process.env.GITHUB_STEP_SUMMARY = file
    await coreSummary.write('## Deployed\n')
    expect(fs.readFileSync(file, 'utf8')).toBe('before\n## Deployed\n')
  })
})

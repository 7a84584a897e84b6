import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findOnPath, runBicep, spawnRunner } from '../../../src/template/bicep-cli.js'
import type { CommandRunner } from '../../../src/template/types.js'
import { installFakeCompiler } from '../../helpers/fake-bicep/index.js'
import { FakeLogger } from '../../helpers/fakes.js'

const MAIN_BICEP = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
  'fixtures',
  'bicep',
  'main.bicep'
)

describe('findOnPath', () => {
  it('finds the first executable file of that name, skipping directories and non-executables', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'find-on-path-'))
    const [a, b, c] = ['a', 'b', 'c'].map((d) => path.join(root, d))
    for (const dir of [a, b, c]) mkdirSync(dir)
    mkdirSync(path.join(a, 'bicep')) // a directory named bicep
    writeFileSync(path.join(b, 'bicep'), '#!/bin/sh\n') // not executable
    writeFileSync(path.join(c, 'bicep'), '#!/bin/sh\n')
    chmodSync(path.join(c, 'bicep'), 0o755)
    const env = { PATH: [a, '', b, c].join(path.delimiter) }
    expect(findOnPath('bicep', env)).toBe(path.join(c, 'bicep'))
    expect(findOnPath('az', env)).toBeUndefined()
    expect(findOnPath('bicep', {})).toBeUndefined()
  })
})

describe('the recording stand-in', () => {
  it('refuses argument shapes the real CLI would not get from us, so argv mistakes fail tests', async () => {
    const fake = installFakeCompiler({ as: 'bicep', buildOutput: MAIN_BICEP })
    const run = spawnRunner(fake.env)
    const bicep = findOnPath('bicep', fake.env) ?? ''
    await expect(run(bicep, ['build', '--stdout', MAIN_BICEP])).resolves.toMatchObject({
      exitCode: 64
    })
    await expect(run(bicep, ['build', MAIN_BICEP])).resolves.toMatchObject({ exitCode: 64 })
    await expect(run(bicep, ['build-params', MAIN_BICEP, '--stdout'])).resolves.toMatchObject({
      exitCode: 64
    })
    await expect(run(bicep, ['build', '/nowhere/x.bicep', '--stdout'])).resolves.toMatchObject({
      exitCode: 65
    })
    expect(fake.calls()).toHaveLength(4)
  })
})

describe('installFakeCompiler', () => {
  it('puts the stand-in first and, with keepPath, keeps the rest of PATH', () => {
    const isolated = installFakeCompiler({ as: 'bicep' }).env
    const kept = installFakeCompiler({ as: 'bicep', keepPath: true }).env
    expect(findOnPath('sh', isolated)).toBeUndefined()
    expect(findOnPath('sh', kept)).toBeDefined()
    expect(path.dirname(findOnPath('bicep', kept) ?? '')).toBe(kept.PATH?.split(path.delimiter)[0])
  })
})

describe('runBicep', () => {
  const env = (): NodeJS.ProcessEnv => installFakeCompiler({ as: 'bicep' }).env

  it('says when the compiler cannot be started', async () => {
    const exec: CommandRunner = () => Promise.reject(new Error('spawn EACCES'))
    const logger = new FakeLogger()
    await expect(
      runBicep('build', MAIN_BICEP, 'template-file', { logger, exec, env: env() })
    ).rejects.toThrow(
      /^Input 'template-file' \(.*main\.bicep\): could not run .*\/bicep: spawn EACCES$/
    )
  })

  it('says when the compiler was killed', async () => {
    const exec: CommandRunner = () => Promise.resolve({ exitCode: null, stdout: '', stderr: '' })
    const logger = new FakeLogger()
    await expect(
      runBicep('build-params', 'main.bicepparam', 'parameters-file', { logger, exec, env: env() })
    ).rejects.toThrow("Input 'parameters-file' (main.bicepparam): bicep build-params was killed.")
  })
})

// `bicep-version`: the action compiles with the Bicep CLI on PATH and downloads none, so it
// honours the input by checking that CLI's release, and refuses another one before Azure is asked.
describe('bicep-version', () => {
  for (const as of ['bicep', 'az'] as const) {
    it(`compiles when ${as} is that release`, async () => {
      const fake = installFakeCompiler({ as, buildOutput: MAIN_BICEP, version: '0.30.23' })
      const io = { logger: new FakeLogger(), exec: spawnRunner(fake.env), env: fake.env }
      await runBicep('build', MAIN_BICEP, 'template-file', { ...io, bicepVersion: '0.30.23' })
      expect(fake.calls().map((c) => c.slice(0, 3).join(' '))).toEqual(
        as === 'bicep'
          ? ['bicep --version', `bicep build ${MAIN_BICEP}`]
          : ['az bicep version', 'az bicep build']
      )
    })
  }

  it('refuses another release, saying how to install the one asked for', async () => {
    const fake = installFakeCompiler({ as: 'bicep', buildOutput: MAIN_BICEP, version: '0.29.47' })
    const io = { logger: new FakeLogger(), exec: spawnRunner(fake.env), env: fake.env }
    await expect(
      runBicep('build', MAIN_BICEP, 'template-file', { ...io, bicepVersion: '0.30.23' })
    ).rejects.toThrow(
      "Input 'bicep-version' is 0.30.23, but the Bicep CLI on PATH (bicep) is 0.29.47. This action compiles with the Bicep CLI it finds and does not download one: install 0.30.23 in an earlier step (for example `az bicep install --version v0.30.23`), or leave 'bicep-version' out."
    )
    // Nothing was compiled.
    expect(fake.calls().map((c) => c[1])).toEqual(['--version'])
  })
})

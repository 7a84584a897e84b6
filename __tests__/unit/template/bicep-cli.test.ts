// `bicep-version`: the action compiles with the Bicep CLI on PATH and downloads none, so it
// honours the input by checking that CLI's release, and refuses another one before Azure is asked.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runBicep, spawnRunner } from '../../../src/template/bicep-cli.js'
import { installFakeCompiler } from '../../helpers/fake-bicep/index.js'
import { recordingLogger } from '../../template/recording-logger.js'

const MAIN_BICEP = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fixtures',
  'bicep',
  'main.bicep'
)

describe('bicep-version', () => {
  for (const as of ['bicep', 'az'] as const) {
    it(`compiles when ${as} is that release`, async () => {
      const fake = installFakeCompiler({ as, buildOutput: MAIN_BICEP, version: '0.30.23' })
      const io = { logger: recordingLogger(), exec: spawnRunner(fake.env), env: fake.env }
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
    const io = { logger: recordingLogger(), exec: spawnRunner(fake.env), env: fake.env }
    await expect(
      runBicep('build', MAIN_BICEP, 'template-file', { ...io, bicepVersion: '0.30.23' })
    ).rejects.toThrow(
      "Input 'bicep-version' is 0.30.23, but the Bicep CLI on PATH (bicep) is 0.29.47. This action compiles with the Bicep CLI it finds and does not download one: install 0.30.23 in an earlier step (for example `az bicep install --version v0.30.23`), or leave 'bicep-version' out."
    )
    // Nothing was compiled.
    expect(fake.calls().map((c) => c[1])).toEqual(['--version'])
  })
})

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadDeploymentContent } from '../../../src/template/deployment-content.js'
import { TemplateInputError } from '../../../src/errors.js'
import { validateTemplateSettings } from '../../../src/template/template-settings.js'
import type { TemplateSettings } from '../../../src/settings/settings.js'
import { InputError } from '../../../src/errors.js'
import { environmentWithoutCompiler, installFakeCompiler } from '../../helpers/fake-bicep/index.js'
import { FakeLogger } from '../../helpers/fakes.js'

const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
  'fixtures',
  'bicep'
)
const fixture = (name: string): string => path.join(FIXTURES, name)
const MAIN_JSON = fixture('main.json')
const MAIN_BICEP = fixture('main.bicep')
const MAIN_BICEPPARAM = fixture('main.bicepparam')
const compiledTemplate = JSON.parse(readFileSync(MAIN_JSON, 'utf8')) as Record<string, unknown>

const keyVaultReference = {
  reference: {
    keyVault: {
      id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/secrets-rg/providers/Microsoft.KeyVault/vaults/spoke-kv'
    },
    secretName: 'admin-password'
  }
}
const SPEC_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/specs/providers/Microsoft.Resources/templateSpecs/hub/versions/1.0'

function settings(overrides: Partial<TemplateSettings>): TemplateSettings {
  return { parametersFiles: [], ...overrides }
}

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'template-test-')), name)
  writeFileSync(file, content)
  return file
}

/** Loads with no compiler on PATH unless `env` says otherwise. */
function load(s: TemplateSettings, env: NodeJS.ProcessEnv = environmentWithoutCompiler()) {
  const logger = new FakeLogger()
  return { logger, result: loadDeploymentContent(s, { logger, env }) }
}

async function loadError(
  s: TemplateSettings,
  env?: NodeJS.ProcessEnv
): Promise<TemplateInputError> {
  const error: unknown = await load(s, env).result.then(
    () => undefined,
    (e: unknown) => e
  )
  if (error instanceof TemplateInputError) return error
  throw new Error(`expected a TemplateInputError, got ${String(error)}`)
}

describe('JSON templates', () => {
  it('parses the template, applies a parameters file and names the secure parameters and outputs', async () => {
    const content = await load(
      settings({ templateFile: MAIN_JSON, parametersFiles: [fixture('main.parameters.json')] })
    ).result
    expect(content).toEqual({
      template: compiledTemplate,
      parameters: {
        prefix: { value: 'spoke1' },
        addressPrefixes: { value: ['10.1.0.0/16'] },
        adminPassword: keyVaultReference
      },
      secureParameterNames: ['adminPassword', 'vpnSharedKeys'],
      secureOutputNames: ['adminPasswordEcho']
    })
  })

  it('reports malformed JSON with line and column', async () => {
    const file = tempFile(
      'bad.json',
      '{\n  "resources": [\n    {"type": "x"}\n    {"type": "y"}\n  ]\n}\n'
    )
    const error = await loadError(settings({ templateFile: file }))
    expect(error.input).toBe('template-file')
    expect(error.message).toBe(
      `Input 'template-file' (${file}): the file is not valid JSON: expected ',' or ']' after array element, found "{" at line 4, column 5.`
    )
  })

  it('says when the template file is missing', async () => {
    const error = await loadError(settings({ templateFile: '/nowhere/main.json' }))
    expect(error.message).toBe("Input 'template-file' (/nowhere/main.json): file not found.")
  })

  it('says when the template file is a directory', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'template-dir-')), 'main.json')
    mkdirSync(dir)
    const error = await loadError(settings({ templateFile: dir }))
    expect(error.message).toBe(`Input 'template-file' (${dir}): is a directory, expected a file.`)
  })

  it('rejects a parameters file given as template', async () => {
    const file = fixture('main.parameters.json')
    const error = await loadError(settings({ templateFile: file }))
    expect(error.message).toBe(
      `Input 'template-file' (${file}): this is a deployment parameters file, not a template; pass it in 'parameters-file'.`
    )
  })

  it('rejects a template that is not an object', async () => {
    const file = tempFile('list.json', '[1, 2]')
    const error = await loadError(settings({ templateFile: file }))
    expect(error.message).toBe(
      `Input 'template-file' (${file}): expected a JSON object (an ARM template), got an array.`
    )
  })
})

describe('Bicep templates', () => {
  it('compiles with `bicep build <file> --stdout` and turns diagnostics into warnings', async () => {
    const fake = installFakeCompiler({
      as: 'bicep',
      buildOutput: MAIN_JSON,
      stderr: [
        `${MAIN_BICEP}(25,7) : Warning no-unused-params: Parameter "vpnSharedKeys" is declared but never used. [https://aka.ms/bicep/linter/no-unused-params]`,
        `${MAIN_BICEP}(3,1) : Info use-recent-api-versions: Use a more recent API version. [https://aka.ms/bicep/linter/use-recent-api-versions]`
      ].join('\n')
    })
    const { logger, result } = load(
      settings({ templateFile: MAIN_BICEP, inlineParameters: 'adminPassword: s3cret' }),
      fake.env
    )
    const content = await result
    expect(fake.calls()).toEqual([['bicep', 'build', MAIN_BICEP, '--stdout']])
    expect(content.template).toEqual(compiledTemplate)
    expect(content.secureParameterNames).toEqual(['adminPassword', 'vpnSharedKeys'])
    expect(logger.entries('warning')).toEqual([
      {
        level: 'warning',
        message:
          'no-unused-params: Parameter "vpnSharedKeys" is declared but never used. [https://aka.ms/bicep/linter/no-unused-params]',
        annotation: { title: 'Bicep', file: MAIN_BICEP, startLine: 25 }
      }
    ])
    expect(logger.at('info')).toEqual([
      `${MAIN_BICEP}(3,1) : Info use-recent-api-versions: Use a more recent API version. [https://aka.ms/bicep/linter/use-recent-api-versions]`,
      `Compiled ${MAIN_BICEP} with bicep build (1 warning)`,
      `Template: ${MAIN_BICEP}`,
      'Parameters: adminPassword'
    ])
  })

  it('falls back to `az bicep build --file <file> --stdout` when bicep is not on PATH', async () => {
    const fake = installFakeCompiler({
      as: 'az',
      buildOutput: MAIN_JSON,
      stderr: '\u001b[33mWARNING: A new Bicep release is available: v0.31.92.\u001b[0m'
    })
    const { logger, result } = load(
      settings({ templateFile: MAIN_BICEP, inlineParameters: 'adminPassword: s3cret' }),
      fake.env
    )
    expect((await result).template).toEqual(compiledTemplate)
    expect(fake.calls()).toEqual([['az', 'bicep', 'build', '--file', MAIN_BICEP, '--stdout']])
    expect(logger.entries('warning')).toEqual([
      {
        level: 'warning',
        message: 'A new Bicep release is available: v0.31.92.',
        annotation: { title: 'Bicep' }
      }
    ])
  })

  it('says what to install when neither bicep nor az is on PATH', async () => {
    const error = await loadError(
      settings({ templateFile: MAIN_BICEP }),
      environmentWithoutCompiler()
    )
    expect(error.input).toBe('template-file')
    expect(error.message).toBe(
      `Input 'template-file' (${MAIN_BICEP}) needs the Bicep compiler, but neither 'bicep' nor 'az' is on PATH. Install the Bicep CLI (https://aka.ms/bicep-install) or the Azure CLI, or deploy a compiled .json template.`
    )
  })

  it("fails with the compiler's message when it exits non-zero", async () => {
    const diagnostic = `${MAIN_BICEP}(30,9) : Error BCP057: The name "vnett" does not exist in the current context.`
    const fake = installFakeCompiler({
      as: 'bicep',
      buildOutput: MAIN_JSON,
      stderr: diagnostic,
      exitCode: 1
    })
    const { logger, result } = load(settings({ templateFile: MAIN_BICEP }), fake.env)
    await expect(result).rejects.toThrow(
      new TemplateInputError(
        'template-file',
        `Input 'template-file' (${MAIN_BICEP}): bicep build exited with code 1:\n${diagnostic}`
      )
    )
    expect(logger.at('warning')).toEqual([])
  })

  it('says when the compiler prints something that is not JSON', async () => {
    const garbage = tempFile('garbage.txt', 'Bicep CLI version 0.30.23\n')
    const fake = installFakeCompiler({ as: 'bicep', buildOutput: garbage })
    const error = await loadError(settings({ templateFile: MAIN_BICEP }), fake.env)
    expect(error.message).toBe(
      `Input 'template-file' (${MAIN_BICEP}): the Bicep compiler's output is not valid JSON: expected a value, found "B" at line 1, column 1.`
    )
  })

  it('checks the .bicep file exists before running the compiler', async () => {
    const fake = installFakeCompiler({ as: 'bicep', buildOutput: MAIN_JSON })
    const error = await loadError(settings({ templateFile: '/nowhere/main.bicep' }), fake.env)
    expect(error.message).toBe("Input 'template-file' (/nowhere/main.bicep): file not found.")
    expect(fake.calls()).toEqual([])
  })
})

describe('.bicepparam', () => {
  it('takes parameters and the template from `bicep build-params` when template-file is omitted', async () => {
    const fake = installFakeCompiler({
      as: 'bicep',
      paramsOutput: fixture('main.build-params.json')
    })
    const content = await load(settings({ parametersFiles: [MAIN_BICEPPARAM] }), fake.env).result
    expect(fake.calls()).toEqual([['bicep', 'build-params', MAIN_BICEPPARAM, '--stdout']])
    expect(content).toEqual({
      template: compiledTemplate,
      parameters: {
        prefix: { value: 'spoke1' },
        addressPrefixes: { value: ['10.1.0.0/16', '10.2.0.0/16'] },
        subnets: { value: { workload: '10.1.0.0/24', data: '10.2.0.0/24' } },
        adminPassword: keyVaultReference
      },
      secureParameterNames: ['adminPassword', 'vpnSharedKeys'],
      secureOutputNames: ['adminPasswordEcho']
    })
  })

  it('uses `az bicep build-params --file <file> --stdout` as the fallback', async () => {
    const fake = installFakeCompiler({ as: 'az', paramsOutput: fixture('main.build-params.json') })
    const content = await load(settings({ parametersFiles: [MAIN_BICEPPARAM] }), fake.env).result
    expect(fake.calls()).toEqual([
      ['az', 'bicep', 'build-params', '--file', MAIN_BICEPPARAM, '--stdout']
    ])
    expect(content.template).toEqual(compiledTemplate)
  })

  it('links the template spec its `using` names', async () => {
    const output = tempFile(
      'out.json',
      JSON.stringify({
        parametersJson: JSON.stringify({
          contentVersion: '1.0.0.0',
          parameters: { a: { value: 1 } }
        }),
        templateSpecId: SPEC_ID
      })
    )
    const fake = installFakeCompiler({ as: 'bicep', paramsOutput: output })
    const content = await load(settings({ parametersFiles: [MAIN_BICEPPARAM] }), fake.env).result
    expect(content).toEqual({
      templateLink: { id: SPEC_ID },
      parameters: { a: { value: 1 } },
      secureParameterNames: [],
      secureOutputNames: []
    })
  })

  it('keeps template-file when both are given and compiles only the parameters', async () => {
    const fake = installFakeCompiler({
      as: 'bicep',
      paramsOutput: fixture('main.build-params.json')
    })
    const declared = {
      prefix: { type: 'string' },
      addressPrefixes: { type: 'array' },
      subnets: { type: 'object' },
      adminPassword: { type: 'securestring' }
    }
    const other = tempFile('other.json', JSON.stringify({ resources: [], parameters: declared }))
    const content = await load(
      settings({ templateFile: other, parametersFiles: [MAIN_BICEPPARAM] }),
      fake.env
    ).result
    expect(content.template).toEqual({ resources: [], parameters: declared })
    expect(content.secureParameterNames).toEqual(['adminPassword'])
    expect(fake.calls()).toHaveLength(1)
  })

  it('needs template-file when the compiler names no template', async () => {
    const output = tempFile(
      'out.json',
      JSON.stringify({ parametersJson: '{"contentVersion": "1.0.0.0"}' })
    )
    const fake = installFakeCompiler({ as: 'bicep', paramsOutput: output })
    const error = await loadError(settings({ parametersFiles: [MAIN_BICEPPARAM] }), fake.env)
    expect(error.message).toBe(
      `Input 'template-file' is required: the Bicep compiler returned no template for ${MAIN_BICEPPARAM} (its \`using\` names none).`
    )
  })

  it('says when the compiler output has no parametersJson', async () => {
    const fake = installFakeCompiler({ as: 'bicep', paramsOutput: MAIN_JSON })
    const error = await loadError(settings({ parametersFiles: [MAIN_BICEPPARAM] }), fake.env)
    expect(error.message).toBe(
      `Input 'parameters-file' (${MAIN_BICEPPARAM}): the Bicep compiler's build-params output has no parametersJson; is the Bicep CLI too old?`
    )
  })

  it('names parameters-file when no compiler is available', async () => {
    const error = await loadError(settings({ parametersFiles: [MAIN_BICEPPARAM] }))
    expect(error.input).toBe('parameters-file')
    expect(error.message).toMatch(
      /^Input 'parameters-file' \(.*main\.bicepparam\) needs the Bicep compiler/
    )
  })
})

describe('layered parameters', () => {
  it('applies files in order, then inline JSON, keeping arrays, objects and Key Vault references', async () => {
    const content = await load(
      settings({
        templateFile: MAIN_JSON,
        parametersFiles: [fixture('main.parameters.json'), fixture('overrides.json')],
        inlineParameters: JSON.stringify({
          addressPrefixes: ['10.9.0.0/16', '10.8.0.0/16'],
          tags: { env: 'prod', owners: ['net', 'sec'] }
        })
      })
    ).result
    expect(content.parameters).toEqual({
      prefix: { value: 'spoke2' },
      addressPrefixes: { value: ['10.9.0.0/16', '10.8.0.0/16'] },
      adminPassword: keyVaultReference,
      subnets: { value: { workload: '10.1.0.0/24', data: '10.1.1.0/24' } },
      tags: { value: { env: 'prod', owners: ['net', 'sec'] } }
    })
  })

  it('applies inline YAML on top, including a Key Vault reference', async () => {
    const content = await load(
      settings({
        templateFile: MAIN_JSON,
        parametersFiles: [fixture('overrides.json')],
        inlineParameters: [
          'prefix: spoke3',
          'subnets:',
          '  workload: 10.3.0.0/24',
          'addressPrefixes: [10.3.0.0/16]',
          'adminPassword:',
          '  reference:',
          '    keyVault:',
          '      id: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/secrets-rg/providers/Microsoft.KeyVault/vaults/spoke-kv',
          '    secretName: admin-password'
        ].join('\n')
      })
    ).result
    expect(content.parameters).toEqual({
      prefix: { value: 'spoke3' },
      subnets: { value: { workload: '10.3.0.0/24' } },
      tags: { value: { env: 'prod' } },
      addressPrefixes: { value: ['10.3.0.0/16'] },
      adminPassword: keyVaultReference
    })
  })

  it('reports a malformed parameters file with line and column', async () => {
    const file = tempFile('p.json', '{\n  "a": 1\n  "b": 2\n}')
    const error = await loadError(settings({ templateFile: MAIN_JSON, parametersFiles: [file] }))
    expect(error.input).toBe('parameters-file')
    expect(error.message).toBe(
      `Input 'parameters-file' (${file}): the file is not valid JSON: expected ',' or '}' after property value, found "\\"" at line 3, column 3.`
    )
  })

  it('says which parameters file is missing', async () => {
    const error = await loadError(
      settings({
        templateFile: MAIN_JSON,
        parametersFiles: [fixture('overrides.json'), '/nowhere/p.json']
      })
    )
    expect(error.message).toBe("Input 'parameters-file' (/nowhere/p.json): file not found.")
  })
})

describe('parameters against the template', () => {
  it('matches names case-insensitively, later wins, and uses the template spelling', async () => {
    const upper = tempFile(
      'upper.json',
      JSON.stringify({ PREFIX: 'from-file', ADMINPASSWORD: 'file-secret' })
    )
    const content = await load(
      settings({
        templateFile: MAIN_JSON,
        parametersFiles: [upper],
        inlineParameters: 'Prefix: inline'
      })
    ).result
    expect(content.parameters).toEqual({
      adminPassword: { value: 'file-secret' },
      prefix: { value: 'inline' }
    })
    expect(content.secureParameterNames).toContain('adminPassword')
  })

  it('logs where things came from by name, never values or link URLs', async () => {
    const { logger, result } = load(
      settings({
        templateUri: 'https://example.blob.core.windows.net/t/main.json?sig=SAS-SECRET',
        inlineParameters: 'adminPassword: s3cret-value\nprefix: p'
      })
    )
    await result
    expect(logger.lines.map((l) => l.message)).toEqual([
      "Template: the link in 'template-uri'",
      'Parameters: adminPassword, prefix'
    ])
  })

  it('names the file that sets parameters the template does not declare', async () => {
    const extra = tempFile(
      'extra.json',
      JSON.stringify({ adminPassword: 'x', prefx: 'typo', colour: 'red' })
    )
    const error = await loadError(settings({ templateFile: MAIN_JSON, parametersFiles: [extra] }))
    expect(error.input).toBe('parameters-file')
    expect(error.message).toBe(
      `Input 'parameters-file' (${extra}) sets 'prefx' and 'colour', which the template does not declare; it declares prefix, location, addressPrefixes, subnets, adminPassword, vpnSharedKeys, tags.`
    )
  })

  it('names the inline parameters when they set an undeclared one', async () => {
    const error = await loadError(
      settings({ templateFile: MAIN_JSON, inlineParameters: '{"adminPassword": "x", "size": 3}' })
    )
    expect(error.input).toBe('parameters')
    expect(error.message).toBe(
      "Input 'parameters' sets 'size', which the template does not declare; it declares prefix, location, addressPrefixes, subnets, adminPassword, vpnSharedKeys, tags."
    )
  })

  it('refuses to start without a value for a required parameter', async () => {
    const error = await loadError(
      settings({ templateFile: MAIN_JSON, inlineParameters: 'prefix: p' })
    )
    expect(error.input).toBe('parameters')
    expect(error.message).toBe(
      "Inputs 'parameters-file' and 'parameters' give no value for 'adminPassword', which the template requires (no default value)."
    )
  })

  it('treats nullable parameters (also through $ref) as optional and finds secure types behind $ref', async () => {
    const template = {
      languageVersion: '2.0',
      definitions: {
        maybe: { type: 'string', nullable: true },
        secret: { type: 'securestring' }
      },
      parameters: {
        a: { type: 'string', nullable: true },
        b: { $ref: '#/definitions/maybe' },
        c: { $ref: '#/definitions/secret' },
        d: { type: 'int', defaultValue: 1 }
      },
      resources: {},
      outputs: { token: { $ref: '#/definitions/secret', value: "[parameters('c')]" } }
    }
    const content = await load(
      settings({
        templateFile: tempFile('t.json', JSON.stringify(template)),
        inlineParameters: 'c: s3cret'
      })
    ).result
    expect(content.parameters).toEqual({ c: { value: 's3cret' } })
    expect(content.secureParameterNames).toEqual(['c'])
    expect(content.secureOutputNames).toEqual(['token'])
  })

  it('does not check against a template it cannot see, nor when parameters come from parameters-uri', async () => {
    await expect(
      load(settings({ templateUri: 'https://x/t.json', inlineParameters: 'anything: 1' })).result
    ).resolves.toMatchObject({ parameters: { anything: { value: 1 } } })
    await expect(
      load(settings({ templateFile: MAIN_JSON, parametersUri: 'https://x/p.json' })).result
    ).resolves.toMatchObject({ parameters: {}, parametersLink: { uri: 'https://x/p.json' } })
  })
})

describe('links', () => {
  it('maps template-uri and parameters-uri', async () => {
    const content = await load(
      settings({
        templateUri: 'https://example.blob.core.windows.net/t/main.json?sv=1',
        parametersUri: 'https://example.blob.core.windows.net/t/p.json'
      })
    ).result
    expect(content).toEqual({
      templateLink: { uri: 'https://example.blob.core.windows.net/t/main.json?sv=1' },
      parameters: {},
      parametersLink: { uri: 'https://example.blob.core.windows.net/t/p.json' },
      secureParameterNames: [],
      secureOutputNames: []
    })
  })

  it('maps template-spec-id with inline parameters', async () => {
    const content = await load(settings({ templateSpecId: SPEC_ID, inlineParameters: 'a: [1, 2]' }))
      .result
    expect(content).toEqual({
      templateLink: { id: SPEC_ID },
      parameters: { a: { value: [1, 2] } },
      secureParameterNames: [],
      secureOutputNames: []
    })
  })
})

describe('size limits', () => {
  it('refuses a template over 4 MB before anything is sent', async () => {
    const big = { resources: [], variables: { blob: 'x'.repeat(4 * 1024 * 1024) } }
    const file = tempFile('big.json', JSON.stringify(big))
    const error = await loadError(settings({ templateFile: file }))
    expect(error.message).toBe(
      "Input 'template-file': the template is 4.00 MB; ARM accepts at most 4 MB (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits). Move parts into linked templates or Bicep modules published as template specs."
    )
  })

  it('refuses parameters over 4 MB and names where they came from', async () => {
    const error = await loadError(
      settings({
        templateSpecId: SPEC_ID,
        inlineParameters: JSON.stringify({ blob: 'x'.repeat(4 * 1024 * 1024) })
      })
    )
    expect(error.input).toBe('parameters')
    expect(error.message).toBe(
      "Input 'parameters': the parameters are 4.00 MB; ARM accepts at most 4 MB (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits)."
    )
  })

  it('refuses a request over 4 MB when template and parameters are each under it', async () => {
    const file = tempFile(
      't.json',
      JSON.stringify({ parameters: { b: {} }, variables: { a: 'x'.repeat(2.5 * 1024 * 1024) } })
    )
    const error = await loadError(
      settings({
        templateFile: file,
        inlineParameters: JSON.stringify({ b: 'y'.repeat(2 * 1024 * 1024) })
      })
    )
    expect(error.message).toBe(
      "Inputs 'template-file' and 'parameters': the deployment request would be 4.50 MB (template 2.50 MB, parameters 2.00 MB); ARM accepts at most 4 MB per request (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits)."
    )
  })

  it('accepts a template just under the limit', async () => {
    const file = tempFile('ok.json', JSON.stringify({ v: 'x'.repeat(4 * 1024 * 1024 - 100) }))
    await expect(load(settings({ templateFile: file })).result).resolves.toHaveProperty('template')
  })
})

describe('validateTemplateSettings', () => {
  it.each<[string, Partial<TemplateSettings>, string, string]>([
    [
      'two template sources',
      { templateFile: 'main.json', templateUri: 'https://x/main.json' },
      'template-uri',
      "Inputs 'template-file' and 'template-uri' are both set: expected only one of them."
    ],
    [
      'three template sources',
      { templateFile: 'main.json', templateUri: 'https://x/main.json', templateSpecId: SPEC_ID },
      'template-uri',
      "Inputs 'template-file', 'template-uri' and 'template-spec-id' are all set: expected only one of them."
    ],
    [
      'no template source',
      { parametersFiles: ['p.json'] },
      'template-file',
      "Input 'template-file' is required: expected a .json or .bicep file, or else 'template-uri', 'template-spec-id', or a .bicepparam in 'parameters-file' (its `using` names the template)."
    ],
    [
      'an unknown template extension',
      { templateFile: 'main.yaml' },
      'template-file',
      "Input 'template-file' has 'main.yaml': expected a .json ARM template or a .bicep file."
    ],
    [
      'a relative template-uri',
      { templateUri: 'templates/main.json' },
      'template-uri',
      "Input 'template-uri': expected an absolute https:// URL that Azure Resource Manager can download, got something else."
    ],
    [
      'a template-uri with another scheme',
      { templateUri: 'file:///tmp/main.json' },
      'template-uri',
      "Input 'template-uri': expected an absolute https:// URL that Azure Resource Manager can download, got a file: URL."
    ],
    [
      'a template spec ID without version',
      {
        templateSpecId:
          '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/hub'
      },
      'template-spec-id',
      "Input 'template-spec-id' has '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/hub': expected a template spec version ID, /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Resources/templateSpecs/{name}/versions/{version}."
    ],
    [
      'an unknown parameters file extension',
      { templateFile: 'main.json', parametersFiles: ['p.yaml'] },
      'parameters-file',
      "Input 'parameters-file' has 'p.yaml': expected a .json parameters file or a .bicepparam file."
    ],
    [
      'two .bicepparam files',
      { parametersFiles: ['a.bicepparam', 'b.bicepparam'] },
      'parameters-file',
      "Input 'parameters-file' has 2 .bicepparam files (a.bicepparam, b.bicepparam): expected at most one, as each names its own template."
    ],
    [
      'parameters-uri with parameters-file',
      { templateFile: 'main.json', parametersFiles: ['p.json'], parametersUri: 'https://x/p.json' },
      'parameters-uri',
      "Input 'parameters-uri' cannot be combined with 'parameters-file' or 'parameters': ARM takes either a parameters link or parameter values, not both."
    ],
    [
      'parameters-uri with inline parameters',
      { templateFile: 'main.json', inlineParameters: 'a: 1', parametersUri: 'https://x/p.json' },
      'parameters-uri',
      "Input 'parameters-uri' cannot be combined with 'parameters-file' or 'parameters': ARM takes either a parameters link or parameter values, not both."
    ],
    [
      'a relative parameters-uri',
      { templateFile: 'main.json', parametersUri: 'p.json' },
      'parameters-uri',
      "Input 'parameters-uri': expected an absolute https:// URL that Azure Resource Manager can download, got something else."
    ],
    [
      'inline parameters that are a list',
      { templateFile: 'main.json', inlineParameters: '- a\n- b' },
      'parameters',
      "Input 'parameters': expected a JSON or YAML object of parameter name → value, got an array."
    ]
  ])('rejects %s', (_, overrides, input, message) => {
    let error: unknown
    try {
      validateTemplateSettings(settings(overrides))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TemplateInputError)
    expect(error).toMatchObject({ input, message })
  })

  it('throws an InputError, like every other input mistake', () => {
    expect(() => validateTemplateSettings(settings({}))).toThrow(InputError)
  })

  it('does not echo a malformed template-uri (it may carry a SAS token)', () => {
    expect(() =>
      validateTemplateSettings(
        settings({ templateUri: 'example.blob.core.windows.net/t/main.json?sig=SECRET' })
      )
    ).toThrow(/^(?!.*SECRET)/)
  })

  it.each<[string, Partial<TemplateSettings>]>([
    ['a .bicepparam alone', { parametersFiles: ['main.bicepparam'] }],
    ['upper-case extensions', { templateFile: 'MAIN.JSON', parametersFiles: ['P.Json'] }],
    [
      'empty strings as absent',
      { templateFile: 'main.bicep', templateUri: '', templateSpecId: ' ', inlineParameters: '' }
    ],
    ['a template spec ID', { templateSpecId: SPEC_ID, parametersUri: 'https://x/p.json' }]
  ])('accepts %s', (_, overrides) => {
    expect(() => validateTemplateSettings(settings(overrides))).not.toThrow()
  })
})

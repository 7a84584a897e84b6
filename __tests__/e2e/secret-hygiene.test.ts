// Secret hygiene: the scanner that runs after all end-to-end tests (secret-hygiene-scan.test.ts)
// can fail, and one run with a secure parameter and a secure output masks them by their bare value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useEmulator } from '../helpers/emulator.js'
import { REPO_ROOT, runAction, secretInputs } from '../helpers/run-action.js'
import {
  loadRuns,
  runSecrets,
  saveRunArtifacts,
  scanRuns,
  type RunArtifacts
} from '../helpers/secret-scan.js'

const SECRET = 'emu8Q~plantedSecretValue0123456789abcdef'

function artifacts(overrides: Partial<RunArtifacts>): RunArtifacts {
  return {
    stdout: '',
    stderr: '',
    output: '',
    summary: '',
    state: '',
    secrets: [SECRET],
    secureOutputNames: [],
    ...overrides
  }
}

/** Saves runs to a fresh directory and scans them as the last test does. */
function scan(...runs: RunArtifacts[]) {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'))
  try {
    for (const run of runs) saveRunArtifacts(dir, run)
    return scanRuns(loadRuns(dir))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the secret scanner', () => {
  it.each([
    ['stdout', { stdout: `Token: Bearer ${SECRET}\n` }],
    ['stderr', { stderr: `Error: bad secret ${SECRET}` }],
    ['output', { output: `vnetName=${SECRET}\n` }],
    ['summary', { summary: `| x | ${SECRET} |` }],
    ['state', { state: `deployment-id<<EOF\n${SECRET}\nEOF\n` }]
  ] as const)('finds a planted secret in %s', (file, planted) => {
    const findings = scan(artifacts(planted))
    expect(findings).toHaveLength(1)
    expect(findings[0].file).toBe(file)
    // The report names where, never the secret itself.
    expect(JSON.stringify(findings)).not.toContain(SECRET)
  })

  it("finds one run's secret in another run's files", () => {
    expect(scan(artifacts({ secrets: [], stdout: SECRET }), artifacts({}))).toHaveLength(1)
  })

  it('allows `::add-mask::` lines and the entries of declared secure outputs only', () => {
    const clean = artifacts({
      stdout: `::add-mask::${SECRET}\nall good\n`,
      output: `password<<ghadelim_1\n${SECRET}\nghadelim_1\nvnetName=small-vnet\n`,
      secureOutputNames: ['Password']
    })
    expect(scan(clean)).toEqual([])
    // The same value under another output (e.g. the `outputs` JSON) is a leak.
    const leaked = {
      ...clean,
      output: `${clean.output}outputs=${JSON.stringify({ password: SECRET })}\n`
    }
    expect(scan(leaked)).toHaveLength(1)
  })

  it("knows a run's secure parameter values and secure output names from its inputs", () => {
    const known = runSecrets(
      REPO_ROOT,
      {
        'template-file': '__tests__/fixtures/e2e/small.json',
        parameters: '{"prefix": "not-secret", "adminPassword": "Pa55-word!"}',
        'client-secret': 'the-client-secret',
        'masked-outputs': 'vnetName'
      },
      ['issued-token-1']
    )
    expect(known.secrets.sort()).toEqual(['Pa55-word!', 'issued-token-1', 'the-client-secret'])
    expect(known.secureOutputNames).toEqual(['secret', 'vnetName'])
  })

  it('also knows creds.clientSecret, private key lines, YAML parameters, every parameters file and .bicepparam values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-sources-'))
    try {
      const bicep = join(dir, 'main.bicep')
      writeFileSync(bicep, '@secure()\n@minLength(8)\nparam vpnKey string\nparam prefix string\n')
      writeFileSync(
        join(dir, 'a.bicepparam'),
        "using './main.bicep'\nparam vpnKey = 'bicep-Key-1\\'x'\nparam prefix = 'plain-prefix'\n"
      )
      writeFileSync(
        join(dir, 'b.json'),
        JSON.stringify({ parameters: { vpnKey: { value: 'json-Key-2' } } })
      )
      const pem =
        '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n'
      const known = runSecrets(
        REPO_ROOT,
        {
          'template-file': bicep,
          parameters: 'vpnKey: yaml-Key-3\nprefix: not-secret\n',
          'parameters-file': `${join(dir, 'a.bicepparam')}\n${join(dir, 'b.json')}\n`,
          creds: JSON.stringify({ clientId: 'x', clientSecret: 'creds-secret-4' }),
          'client-certificate': pem
        },
        []
      )
      expect(known.secrets.sort()).toEqual(
        [
          "bicep-Key-1'x",
          'json-Key-2',
          'yaml-Key-3',
          'creds-secret-4',
          'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
          'BKcwggSjAgEAAoIBAQC7'
        ].sort()
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

const emulator = useEmulator({ timeScale: 60, scenario: { seed: 3 } })

describe('secure parameters and outputs of a real run', () => {
  it('are masked by their bare value and appear nowhere else', async () => {
    const e = emulator()
    // JSON-special characters: a JSON-quoted mask (`"…\"…"`) would not match the bare value.
    const password = 'Adm1n"Pa$$\\w0rd-7f3e'
    const run = await runAction({
      emulator: e,
      inputs: {
        ...secretInputs(e),
        location: 'westeurope',
        'template-file': '__tests__/fixtures/e2e/small.json',
        parameters: JSON.stringify({ adminPassword: password }),
        'masked-outputs': 'vnetName',
        'poll-interval': '1'
      }
    })
    expect(run.exitCode, run.stdout).toBe(0)
    const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))
    expect(masks).toContain(`::add-mask::${password}`)
    expect(masks).toContain('::add-mask::small-vnet')
    expect(masks).toContain(`::add-mask::${e.info.clientSecret}`)
    expect(masks).not.toContain(`::add-mask::${JSON.stringify(password)}`)
    expect(masks).not.toContain('::add-mask::"small-vnet"')
    // The masked output is still set for later steps (the runner masks it in logs).
    expect(run.outputs.vnetName).toBe('small-vnet')
    const findings = scan({
      ...artifacts({}),
      stdout: run.stdout,
      stderr: run.stderr,
      summary: run.summary,
      secrets: [password, e.info.clientSecret, ...e.issuedSecrets()]
    })
    expect(findings).toEqual([])
  })
})

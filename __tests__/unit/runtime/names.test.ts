// runtime/names.ts, the settings reader and action.yml must agree on every input and output name:
// a name added to one and not the others fails here, not in a user's workflow.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../../scripts/lib/action-runner.js'
import { Inputs, Outputs } from '../../../src/runtime/names.js'
import { getInputs } from '../../../src/settings/read-inputs.js'
import { runnerInputs } from '../../helpers/inputs.js'

const manifest = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const sorted = (names: Iterable<string>): string[] => [...names].sort()

const SUB = '00000000-0000-4000-8000-00000000a001'
const ids = { 'tenant-id': SUB, 'client-id': SUB }
/** Enough configurations that together they reach every branch that reads an input. */
const CONFIGURATIONS: Record<string, string>[] = [
  {
    ...ids,
    'client-secret': 's',
    'subscription-id': SUB,
    'resource-group-name': 'rg',
    'template-file': 't.json'
  },
  {
    ...ids,
    'subscription-id': SUB,
    location: 'westeurope',
    'template-uri': 'https://x.test/t.json',
    operation: 'whatIf',
    'comment-on-pr': 'true'
  },
  {
    ...ids,
    'auth-type': 'oidc',
    scope: 'managementGroup',
    'management-group-id': 'mg',
    location: 'westeurope',
    'template-spec-id': `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/t/versions/1`
  },
  {
    creds: JSON.stringify({ clientId: SUB, tenantId: SUB, clientSecret: 's', subscriptionId: SUB }),
    operation: 'attach',
    name: 'd'
  },
  {
    'auth-type': 'managed-identity',
    scope: 'tenant',
    location: 'westeurope',
    'parameters-file': 'p.json',
    'parameters-uri': '',
    'template-file': 't.json',
    'rollback-on-error': ''
  }
]

/** Every input name the reader asks the runner for, over all configurations. */
function namesRead(): Set<string> {
  const read = new Set<string>()
  for (const inputs of CONFIGURATIONS) {
    const source = runnerInputs(inputs)
    getInputs(
      (name) => {
        read.add(name)
        return source(name)
      },
      {
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x.test',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
          GITHUB_REPOSITORY: 'contoso/landing-zone'
        },
        readFile: () => '',
        now: () => 0
      }
    )
  }
  return read
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('input and output names', () => {
  it('names.ts Inputs are exactly action.yml inputs', () => {
    expect(sorted(Object.values(Inputs))).toEqual(sorted(Object.keys(manifest.inputs)))
  })

  it('names.ts Outputs are exactly action.yml outputs', () => {
    expect(sorted(Object.values(Outputs))).toEqual(sorted(Object.keys(manifest.outputs)))
  })

  it('the settings reader reads every action.yml input, and no other name', () => {
    expect(sorted(namesRead())).toEqual(sorted(Object.keys(manifest.inputs)))
  })

  it('src/ spells no input or output name outside names.ts', () => {
    // setOutput('x', ...) or optional('x') with a literal would slip past the three checks above.
    const literal =
      /\b(?:setOutput|optional|required|choice|boolean|duration|guid|list|jsonObject|httpsUrl)\(\s*['"`]/
    const offenders = sourceFiles(join(REPO_ROOT, 'src')).filter((f) =>
      literal.test(readFileSync(f, 'utf8'))
    )
    expect(offenders).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import {
  actionDefaults,
  inputVariable,
  parseFileCommands,
  runnerEnvironment,
  WorkflowCommandReader
} from '../../scripts/lib/action-runner.js'

describe('inputVariable', () => {
  it('spells inputs as the runner does: upper case, spaces to _, hyphens kept', () => {
    expect(inputVariable('resource-group-name')).toBe('INPUT_RESOURCE-GROUP-NAME')
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT')
  })
})

describe('actionDefaults', () => {
  it("passes action.yml's defaults, with the matrix expression as outside a matrix", () => {
    const defaults = actionDefaults()
    expect(defaults['poll-interval']).toBe('30s')
    expect(defaults['auth-type']).toBe('auto')
    expect(defaults['matrix-key']).toBe('null')
    expect(defaults['client-secret']).toBeUndefined()
  })
})

describe('parseFileCommands', () => {
  it('reads name=value lines and the heredoc blocks @actions/core writes', () => {
    const text = [
      'plain=a=b',
      'multi<<ghadelimiter_1',
      '{"a": 1,',
      ' "b": [2]}',
      'ghadelimiter_1',
      'empty<<ghadelimiter_2',
      'ghadelimiter_2',
      ''
    ].join('\n')
    expect(parseFileCommands(text)).toEqual({
      plain: 'a=b',
      multi: '{"a": 1,\n "b": [2]}',
      empty: ''
    })
  })

  it('fails on a block that never closes', () => {
    expect(() => parseFileCommands('x<<EOF\nvalue\n')).toThrow(
      'file command x: no closing delimiter'
    )
  })
})

describe('WorkflowCommandReader', () => {
  it('hides add-mask and masks the value everywhere afterwards', () => {
    const reader = new WorkflowCommandReader()
    expect(reader.read('::add-mask::s3cr3t')).toBeUndefined()
    expect(reader.read('key is s3cr3t, again s3cr3t')).toEqual({
      kind: 'log',
      text: 'key is ***, again ***'
    })
    expect(reader.read('::error::bad s3cr3t')?.text).toBe('bad ***')
    expect([...reader.masked]).toEqual(['s3cr3t'])
  })

  it('reads annotations with their properties and unescapes data', () => {
    const reader = new WorkflowCommandReader()
    expect(
      reader.read('::error title=hub-fw failed,file=a.json,line=3::line1%0Aline2 100%25')
    ).toEqual({
      kind: 'error',
      text: 'line1\nline2 100%',
      properties: { title: 'hub-fw failed', file: 'a.json', line: '3' }
    })
    expect(reader.read('::group::Deploying')?.kind).toBe('group')
    expect(reader.read('::endgroup::')?.kind).toBe('endgroup')
  })
})

describe('runnerEnvironment', () => {
  it('does not leak the caller’s INPUT_, GITHUB_ or AZURE_ variables into the action', () => {
    process.env['INPUT_TEMPLATE-FILE'] = 'leaked.json'
    process.env.AZURE_CLIENT_SECRET = 'leaked'
    try {
      const env = runnerEnvironment('/tmp/x')
      expect(env['INPUT_TEMPLATE-FILE']).toBeUndefined()
      expect(env.AZURE_CLIENT_SECRET).toBeUndefined()
      expect(env.GITHUB_OUTPUT).toBe('/tmp/x/output')
      expect(env.GITHUB_ACTIONS).toBe('true')
    } finally {
      delete process.env['INPUT_TEMPLATE-FILE']
      delete process.env.AZURE_CLIENT_SECRET
    }
  })
})

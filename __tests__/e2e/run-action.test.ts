// The runner emulation the end-to-end tests rely on.
import { describe, expect, it } from 'vitest'
import { actionDefaults, inputEnvName, parseFileCommands } from '../helpers/run-action.js'

describe('run-action helper', () => {
  it('names input variables as the runner does (dashes kept, spaces as _)', () => {
    expect(inputEnvName('resource-group-name')).toBe('INPUT_RESOURCE-GROUP-NAME')
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT')
  })

  it("passes action.yml's defaults, with the matrix expression as outside a matrix", () => {
    const defaults = actionDefaults()
    expect(defaults['poll-interval']).toBe('30s')
    expect(defaults['auth-type']).toBe('auto')
    expect(defaults['matrix-key']).toBe('null')
    expect(defaults['client-secret']).toBeUndefined()
  })

  it('parses the file-command format of GITHUB_OUTPUT and GITHUB_STATE', () => {
    const text =
      'a=1\nmulti<<ghadelimiter_x\nline 1\nline 2\nghadelimiter_x\njson<<EOF\n{"k":"v=w"}\nEOF\n'
    expect(parseFileCommands(text)).toEqual({
      a: '1',
      multi: 'line 1\nline 2',
      json: '{"k":"v=w"}'
    })
  })
})

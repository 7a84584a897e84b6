import { describe, expect, it } from 'vitest'
import { parseLenientJson } from '../../../emulator/src/arm/lenient-json.js'

describe('parseLenientJson (what Json.NET accepts in ARM request bodies)', () => {
  it('parses the body az 2.45 sends, with the template spliced in under an unquoted key', () => {
    const body =
      '{"properties": {"parameters": {"prefix": {"value": "az"}}, "mode": "Incremental", template:{\r\n  "$schema": "x",\n  "resources": [] // none\n}}}'
    expect(parseLenientJson(body)).toEqual({
      properties: {
        parameters: { prefix: { value: 'az' } },
        mode: 'Incremental',
        template: { $schema: 'x', resources: [] }
      }
    })
  })

  it('accepts single quotes and block comments, keeps escapes, and still rejects garbage', () => {
    expect(
      parseLenientJson(
        "{ /* c */ 'a': 'it\\'s \"x\"', b: [1, -2.5e1, true, null, \"\\u0041\\n\"] }"
      )
    ).toEqual({ a: 'it\'s "x"', b: [1, -25, true, null, 'A\n'] })
    expect(() => parseLenientJson('{a: }')).toThrow(SyntaxError)
    expect(() => parseLenientJson('{"a": 1} x')).toThrow(SyntaxError)
  })
})

import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, parseJson } from '../../../src/template/json-text.js'

function errorOf(text: string): JsonSyntaxError {
  try {
    parseJson(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error
    throw error
  }
  throw new Error('expected a JsonSyntaxError')
}

describe('parseJson', () => {
  it('parses JSON and ignores a byte-order mark', () => {
    expect(parseJson('\uFEFF{"a": [1, {"b": null}]}')).toEqual({ a: [1, { b: null }] })
  })

  it('allows // and /* */ comments outside strings, as the az CLI does for templates', () => {
    const text = [
      '{',
      '  // the schema',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", /* inline */',
      '  "path": "a//b/*c*/d",',
      '  "quote": "say \\"//hi\\"" // trailing',
      '}'
    ].join('\r\n')
    expect(parseJson(text)).toEqual({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      path: 'a//b/*c*/d',
      quote: 'say "//hi"'
    })
  })

  it.each([
    ['{"a": }', `expected a value, found "}" at line 1, column 7`],
    ['{\n  "a": 1,\n  "b": [1, 2,,]\n}', `expected a value, found "," at line 3, column 14`],
    [
      '{\n  "a": 1\n  "b": 2\n}',
      `expected ',' or '}' after property value, found "\\"" at line 3, column 3`
    ],
    ['{"a": 1', `expected ',' or '}' after property value, found end of input at line 1, column 8`],
    ['{"a": 1}}', `unexpected "}" after the end of the JSON value at line 1, column 9`],
    [
      '{\n  /* a comment\n  */ "a": 1,\n  "b" 2\n}',
      `expected ':' after property name, found "2" at line 4, column 7`
    ],
    [
      '{"a": 1 /* never closed }',
      `expected ',' or '}' after property value, found "/" at line 1, column 9`
    ],
    [
      '{"a": "x\ny"}',
      'control character (e.g. a raw line break) inside a string at line 1, column 9'
    ],
    ['{"a": 1,}', `expected a property name in double quotes, found "}" at line 1, column 9`],
    ['', 'expected a value, found end of input at line 1, column 1'],
    ['{"a": tru}', `expected a value, found "t" at line 1, column 7`],
    ["{'a': 1}", `expected a property name in double quotes, found "'" at line 1, column 2`]
  ])('reports where %j breaks', (text, message) => {
    expect(errorOf(text).message).toBe(message)
  })
})

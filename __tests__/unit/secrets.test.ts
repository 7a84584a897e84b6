import { describe, expect, it } from 'vitest'
import { secretValues } from '../../src/secrets.js'

describe('secretValues', () => {
  it('finds every string of 4+ characters in a secure object, not its numbers, booleans or short strings', () => {
    // "443", "true" or "abc" registered as secrets would garble every later log line.
    expect(secretValues({ a: 'one-secret', port: 443, on: true, b: ['abc', 'longer'] })).toEqual([
      'one-secret',
      'longer',
      '{"a":"one-secret","port":443,"on":true,"b":["abc","longer"]}',
      '{\\"a\\":\\"one-secret\\",\\"port\\":443,\\"on\\":true,\\"b\\":[\\"abc\\",\\"longer\\"]}'
    ])
  })
  it('a secure value that is itself a short string or a number is still registered', () => {
    expect(secretValues('abc')).toEqual(['abc'])
    expect(secretValues(8443)).toEqual(['8443'])
  })
})

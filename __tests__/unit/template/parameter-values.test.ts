import { describe, expect, it } from 'vitest'
import {
  parametersFromDocument,
  parseInlineParameters,
  toParameterValue
} from '../../../src/template/parameter-values.js'

const keyVaultReference = {
  reference: {
    keyVault: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv' },
    secretName: 'pw'
  }
}

function message(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof Error) return error.message
  }
  throw new Error('expected an error')
}

describe('toParameterValue (the wrapper rule)', () => {
  it.each([
    ['a string', 'x', { value: 'x' }],
    ['a number', 3, { value: 3 }],
    ['null', null, { value: null }],
    ['an array', [1, { value: 2 }], { value: [1, { value: 2 }] }],
    ['an object', { a: 1, value: 2 }, { value: { a: 1, value: 2 } }],
    ['an object with only "value"', { value: { a: 1 } }, { value: { a: 1 } }],
    [
      'an explicitly wrapped object whose only key is value',
      { value: { value: 1 } },
      { value: { value: 1 } }
    ],
    ['a Key Vault reference', keyVaultReference, keyVaultReference],
    ['an empty object', {}, { value: {} }]
  ])('%s', (_, input, expected) => {
    expect(toParameterValue(input)).toEqual(expected)
  })

  it('keeps a reference object untouched (same object)', () => {
    expect(toParameterValue(keyVaultReference)).toEqual(keyVaultReference)
    const wrapped = toParameterValue(keyVaultReference) as { reference: unknown }
    expect(wrapped.reference).toBe(keyVaultReference.reference)
  })
})

describe('parseInlineParameters', () => {
  it('reads a JSON object with arrays and objects intact', () => {
    const parsed = parseInlineParameters(
      '{"prefixes": ["10.0.0.0/16", "10.1.0.0/16"], "subnets": {"a": {"cidr": "10.0.0.0/24"}}, "count": 2, "on": true}'
    )
    expect(Object.fromEntries(parsed)).toEqual({
      prefixes: { value: ['10.0.0.0/16', '10.1.0.0/16'] },
      subnets: { value: { a: { cidr: '10.0.0.0/24' } } },
      count: { value: 2 },
      on: { value: true }
    })
  })

  it('reads a YAML object (YAML 1.2: yes stays a string)', () => {
    const parsed = parseInlineParameters(
      [
        'prefixes:',
        '  - 10.0.0.0/16',
        '  - 10.1.0.0/16',
        'subnets:',
        '  a: { cidr: 10.0.0.0/24 }',
        'answer: yes',
        'password:',
        '  reference:',
        '    keyVault: { id: /subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv }',
        '    secretName: pw'
      ].join('\n')
    )
    expect(Object.fromEntries(parsed)).toEqual({
      prefixes: { value: ['10.0.0.0/16', '10.1.0.0/16'] },
      subnets: { value: { a: { cidr: '10.0.0.0/24' } } },
      answer: { value: 'yes' },
      password: keyVaultReference
    })
  })

  it.each([undefined, '', '  \n', '# nothing but a comment'])(
    'treats %j as no parameters',
    (text) => {
      expect(parseInlineParameters(text).size).toBe(0)
    }
  )

  it.each([
    [
      '["a", "b"]',
      "Input 'parameters': expected a JSON or YAML object of parameter name → value, got an array."
    ],
    [
      '"just a string"',
      "Input 'parameters': expected a JSON or YAML object of parameter name → value, got a string."
    ],
    [
      '42',
      "Input 'parameters': expected a JSON or YAML object of parameter name → value, got a number."
    ],
    [
      '{"a": 1,, "secret": "hunter2"}',
      "Input 'parameters': expected a JSON or YAML object of parameter name → value, but it does not parse: Unexpected , in flow map at line 1, column 9."
    ],
    [
      'a: 1\na: 2',
      "Input 'parameters': expected a JSON or YAML object of parameter name → value, but it does not parse: Map keys must be unique at line 2, column 1."
    ]
  ])('rejects %j', (text, expected) => {
    expect(message(() => parseInlineParameters(text))).toBe(expected)
  })

  it('never quotes the source in a parse error (it may hold secrets)', () => {
    expect(message(() => parseInlineParameters('password: "hunter2\nx: [1'))).not.toContain(
      'hunter2'
    )
  })
})

describe('parametersFromDocument', () => {
  it('passes a deployment parameters file through, Key Vault references untouched', () => {
    const doc = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: { a: { value: [1, 2] }, pw: keyVaultReference }
    }
    expect(Object.fromEntries(parametersFromDocument(doc, 'p.json'))).toEqual({
      a: { value: [1, 2] },
      pw: keyVaultReference
    })
  })

  it('accepts a deployment parameters file without parameters', () => {
    expect(parametersFromDocument({ contentVersion: '1.0.0.0' }, 'p.json').size).toBe(0)
  })

  it('reads a plain object with the wrapper rule', () => {
    expect(
      Object.fromEntries(
        parametersFromDocument({ a: 'x', b: { value: 'y' }, c: { k: 1 } }, 'p.json')
      )
    ).toEqual({ a: { value: 'x' }, b: { value: 'y' }, c: { value: { k: 1 } } })
  })

  it('keeps a parameter named __proto__ as a plain key', () => {
    const doc = JSON.parse('{"__proto__": "x"}') as unknown
    expect([...parametersFromDocument(doc, 'p.json')]).toEqual([['__proto__', { value: 'x' }]])
  })

  it.each([
    [
      [1],
      "Input 'parameters-file' (p.json): expected a JSON object (a deployment parameters file or parameter name → value), got an array."
    ],
    [
      { $schema: 'x', parameters: [] },
      `Input 'parameters-file' (p.json): 'parameters' must be an object of parameter name → { "value": ... }, got an array.`
    ],
    [
      { contentVersion: '1.0.0.0', parameters: { a: 1 } },
      `Input 'parameters-file' (p.json): parameter 'a' must be an object with "value" or "reference" (a deployment parameters file), got a number.`
    ],
    [
      { contentVersion: '1.0.0.0', parameters: { a: { val: 1 } } },
      `Input 'parameters-file' (p.json): parameter 'a' must be an object with "value" or "reference" (a deployment parameters file), got an object without either.`
    ]
  ])('rejects %j', (doc, expected) => {
    expect(message(() => parametersFromDocument(doc, 'p.json'))).toBe(expected)
  })
})

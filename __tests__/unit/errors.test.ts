import { describe, expect, it } from 'vitest'
import { failureMessage } from '../../src/errors.js'
import { TemplateInputError } from '../../src/errors.js'

describe('failureMessage', () => {
  it('handles whatever was thrown', () => {
    expect(failureMessage(new Error('boom'))).toBe('boom')
    expect(failureMessage('a thrown string')).toBe('a thrown string')
    expect(failureMessage({ code: 42 })).toBe('Unexpected failure: {"code":42}')
    expect(failureMessage(undefined)).toBe('Unexpected failure: undefined')
  })

  it('names the input of a template error', () => {
    expect(failureMessage(new TemplateInputError('template-file', 'file not found: x.json'))).toBe(
      "Input 'template-file': file not found: x.json"
    )
  })
})

import { describe, expect, it } from 'vitest'
import { acquisitionError, entraErrorCode } from '../../../src/auth/token-errors.js'

describe('entraErrorCode', () => {
  it('finds the AADSTS code in an error message, or none', () => {
    expect(
      entraErrorCode(new Error('invalid_client: AADSTS7000215: Invalid client secret provided.'))
    ).toBe('AADSTS7000215')
    expect(
      entraErrorCode('AADSTS700024: Client assertion is not within its valid time range.')
    ).toBe('AADSTS700024')
    expect(entraErrorCode(new Error('ECONNRESET'))).toBeUndefined()
  })
})

describe('acquisitionError', () => {
  it('names the auth type, the scope and the Entra code, and blanks anything shaped like a token', () => {
    const error = acquisitionError(
      new Error('AADSTS700024: expired assertion eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl\nTrace ID: 1'),
      'AADSTS700024',
      { authType: 'oidc', scope: 'https://management.azure.com/.default' },
      'the current token has expired or was refused by ARM, and '
    )
    expect(error.name).toBe('TokenAcquisitionError')
    expect(error.entraErrorCode).toBe('AADSTS700024')
    expect(error.message).toBe(
      'Could not get an Azure access token (auth-type oidc, scope https://management.azure.com/.default): the current token has expired or was refused by ARM, and Entra answered AADSTS700024: AADSTS700024: expired assertion *** Trace ID: 1'
    )
  })
})

import { describe, expect, it } from 'vitest'
import { registerCredentialSecrets } from '../../../src/auth/credential-secrets.js'
import { FakeLogger } from '../../helpers/fakes.js'

describe('secret registration', () => {
  it('registers a client secret, and a certificate PEM line by line', () => {
    const r = new FakeLogger()
    registerCredentialSecrets(
      { type: 'secret', tenantId: 't', clientId: 'c', clientSecret: 's3cr3t' },
      r
    )
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASC\n-----END PRIVATE KEY-----'
    registerCredentialSecrets(
      { type: 'certificate', tenantId: 't', clientId: 'c', certificatePem: pem },
      r
    )
    expect(r.events).toEqual([
      'secret s3cr3t',
      `secret ${pem}`,
      'secret MIIEvQIBADANBgkqhkiG9w0B',
      'secret AQEFAASC'
    ])
  })
})

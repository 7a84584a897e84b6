import { describe, expect, it } from 'vitest'
import { registerCredentialSecrets, registerSecureParameters } from '../src/secret-registration.js'
import { Recorder } from './report/fakes.js'

describe('secret registration', () => {
  it('registers a client secret, and a certificate PEM line by line', () => {
    const r = new Recorder()
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

  it("registers secure parameters' values, not Key Vault references or plain parameters", () => {
    const r = new Recorder()
    registerSecureParameters(
      {
        parameters: {
          adminPassword: { value: 'hunter2' },
          vpnKey: { reference: { keyVault: { id: '/kv' }, secretName: 'vpn' } },
          prefix: { value: 'contoso' }
        },
        secureParameterNames: ['adminPassword', 'vpnKey'],
        secureOutputNames: []
      },
      r
    )
    expect(r.events).toEqual(['secret hunter2'])
  })
})

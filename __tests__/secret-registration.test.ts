import { describe, expect, it } from 'vitest'
import { registerCredentialSecrets } from '../src/auth/credential-secrets.js'
import { registerSecureParameters } from '../src/template/secure-parameters.js'
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
        secureOutputNames: [],
        template: {}
      },
      r
    )
    expect(r.events).toEqual(['secret hunter2'])
  })

  it('template-uri / template-spec-id (secure names unknown): registers every inline string value of 4+ characters', () => {
    const r = new Recorder()
    registerSecureParameters(
      {
        templateLink: { uri: 'https://example.test/hub.json' },
        parameters: {
          adminPassword: { value: 'hunter2' },
          settings: { value: { key: 'vpn-shared-key', port: 443, on: true, tag: 'abc' } },
          sku: { value: 'S1' },
          count: { value: 3 },
          vpnKey: { reference: { keyVault: { id: '/kv' }, secretName: 'vpn' } }
        },
        secureParameterNames: [],
        secureOutputNames: []
      },
      r
    )
    expect(r.events).toEqual([
      'secret hunter2',
      'secret vpn-shared-key',
      'secret {"key":"vpn-shared-key","port":443,"on":true,"tag":"abc"}',
      'secret {\\"key\\":\\"vpn-shared-key\\",\\"port\\":443,\\"on\\":true,\\"tag\\":\\"abc\\"}'
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { registerSecureParameters } from '../../../src/template/secure-parameters.js'
import { FakeLogger } from '../../helpers/fakes.js'

describe('secure parameter registration', () => {
  it("registers secure parameters' values, not Key Vault references or plain parameters", () => {
    const r = new FakeLogger()
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
    const r = new FakeLogger()
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

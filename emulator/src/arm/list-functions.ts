// list*() resource functions (listKeys, listSecrets, listConnectionStrings, listAccountSas …):
// plausible, deterministic fake secrets in the provider's shape, the way Azurite answers storage
// keys. The same resource id always yields the same value, so re-runs compare equal.
import { createHash } from 'node:crypto'
import type { Fn } from './eval-context.js'
import { str } from './values.js'

/** A 64-byte base64 key (88 characters, like a storage account key) for `id` and `label`. */
function fakeKey(id: string, label: string): string {
  const a = createHash('sha256').update(`${id.toLowerCase()}|${label}|a`).digest()
  const b = createHash('sha256').update(`${id.toLowerCase()}|${label}|b`).digest()
  return Buffer.concat([a, b]).toString('base64')
}

const lastSegment = (id: string) => id.split('/').filter(Boolean).pop() ?? ''

function storageKeys(id: string) {
  return {
    keys: ['key1', 'key2'].map((keyName) => ({
      creationTime: '2024-01-01T00:00:00.0000000Z',
      keyName,
      value: fakeKey(id, keyName),
      permissions: 'FULL'
    }))
  }
}

function genericKeys(id: string) {
  const endpoint = `sb://${lastSegment(id)}.emulator.local/`
  return {
    primaryKey: fakeKey(id, 'primary'),
    secondaryKey: fakeKey(id, 'secondary'),
    primaryConnectionString: `Endpoint=${endpoint};SharedAccessKey=${fakeKey(id, 'primary')}`,
    secondaryConnectionString: `Endpoint=${endpoint};SharedAccessKey=${fakeKey(id, 'secondary')}`,
    keys: [
      { keyName: 'key1', value: fakeKey(id, 'primary') },
      { keyName: 'key2', value: fakeKey(id, 'secondary') }
    ]
  }
}

const BY_FUNCTION: Record<string, (id: string) => unknown> = {
  listkeys: (id) =>
    /\/microsoft\.storage\/storageaccounts\//i.test(id) ? storageKeys(id) : genericKeys(id),
  listsecrets: (id) => ({ value: fakeKey(id, 'secret'), secretValue: fakeKey(id, 'secret') }),
  listconnectionstrings: (id) => ({
    connectionStrings: [
      {
        connectionString: `AccountEndpoint=https://${lastSegment(id)}.emulator.local:443/;AccountKey=${fakeKey(id, 'primary')};`,
        description: 'Primary Connection String'
      }
    ]
  }),
  listaccountsas: (id) => ({
    accountSasToken: `sv=2022-11-02&sig=${encodeURIComponent(fakeKey(id, 'sas'))}`
  }),
  listservicesas: (id) => ({
    serviceSasToken: `sv=2022-11-02&sig=${encodeURIComponent(fakeKey(id, 'sas'))}`
  })
}

/** The list function called `name` (lower case, starting with 'list'). */
export function listFunction(name: string): Fn {
  const build = BY_FUNCTION[name] ?? genericKeys
  return ([target]) => build(str(target))
}

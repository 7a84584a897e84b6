// The emulator's CA: created once per state directory, reused, and never two CAs from a race.
import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../emulator/src/index.js'
import { ensureCa, issueClientCertificate, issueServerCertificate } from '../../emulator/src/tls.js'

describe('emulator PKI', () => {
  it('creates the CA once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-ca-'))
    const first = ensureCa(dir)
    expect(ensureCa(dir).certPem).toBe(first.certPem)
    expect(new X509Certificate(first.certPem).ca).toBe(true)
  })

  it('ends with one CA when several processes create it at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-ca-race-'))
    const script = `import { ensureCa } from './emulator/src/tls.ts'; process.stdout.write(ensureCa(${JSON.stringify(dir)}).certPem)`
    const run = () =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: REPO_ROOT }
      )
    const outputs = await Promise.all([run(), run(), run()])
    const onDisk = readFileSync(join(dir, 'ca.pem'), 'utf8')
    expect(outputs.map((o) => o.stdout)).toEqual([onDisk, onDisk, onDisk])
  })

  it('issues server and client certificates the CA verifies', async () => {
    const ca = ensureCa(mkdtempSync(join(tmpdir(), 'emulator-ca-')))
    const caCert = new X509Certificate(ca.certPem)
    const server = new X509Certificate((await issueServerCertificate(ca, '127.0.0.1')).certPem)
    expect(server.verify(caCert.publicKey)).toBe(true)
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(server.checkHost('localhost')).toBe('localhost')
    const client = await issueClientCertificate(ca, 'app')
    expect(new X509Certificate(client.certPem).verify(caCert.publicKey)).toBe(true)
    expect(client.sha256Thumbprint).toMatch(/^[0-9A-F]{64}$/)
  })
})

// The emulator's PKI: a CA generated once per state directory (clients trust it through
// NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE), a server certificate per start, and a client
// certificate registered for the service principal (ClientCertificateCredential).
import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  X509Certificate
} from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import forge from 'node-forge'

export interface KeyPair {
  certPem: string
  keyPem: string
}

export interface ClientCertificate extends KeyPair {
  /** Uppercase hex SHA-1 and SHA-256 of the DER certificate, as msal-node puts them in x5t. */
  sha1Thumbprint: string
  sha256Thumbprint: string
}

const CA_FILE = 'ca.pem'
const CA_KEY_FILE = 'ca-key.pem'

/** RSA keys in the thread pool, so the several keys a start needs are generated in parallel. */
export function newRsaKey(): Promise<KeyObject> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) =>
      error ? reject(error) : resolve(privateKey)
    )
  )
}

async function newKeyPem(): Promise<string> {
  return (await newRsaKey()).export({ type: 'pkcs8', format: 'pem' }) as string
}

function newKeyPemSync(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem'
  }) as string
}

function issue(
  subject: string,
  keyPem: string,
  issuer: { name: string; keyPem: string } | undefined,
  extensions: object[],
  years: number
): string {
  const cert = forge.pki.createCertificate()
  const key = forge.pki.privateKeyFromPem(keyPem)
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = '01' + randomBytes(15).toString('hex')
  const notBefore = new Date(Date.now() - 24 * 3_600_000)
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = new Date(notBefore.getTime() + years * 365 * 24 * 3_600_000)
  cert.setSubject([{ name: 'commonName', value: subject }])
  cert.setIssuer([{ name: 'commonName', value: issuer?.name ?? subject }])
  cert.setExtensions(extensions)
  cert.sign(forge.pki.privateKeyFromPem(issuer?.keyPem ?? keyPem), forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

const CA_NAME = 'durable-arm-deploy emulator CA'

/**
 * Loads the CA from `stateDir`, creating it if missing. Creation is atomic (link of a complete
 * temp file), so parallel test workers never end up with two different CAs.
 */
export function ensureCa(stateDir: string): KeyPair & { certPath: string } {
  mkdirSync(stateDir, { recursive: true })
  const certPath = join(stateDir, CA_FILE)
  const keyPath = join(stateDir, CA_KEY_FILE)
  if (!existsSync(certPath)) {
    const keyPem = newKeyPemSync()
    const certPem = issue(
      CA_NAME,
      keyPem,
      undefined,
      [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      ],
      10
    )
    const tag = `${process.pid}-${randomBytes(4).toString('hex')}`
    const tmpKey = `${keyPath}.${tag}`
    const tmpCert = `${certPath}.${tag}`
    writeFileSync(tmpKey, keyPem, { mode: 0o600 })
    writeFileSync(tmpCert, certPem)
    try {
      // Key first: whoever links the certificate also owns the key linked just before.
      linkSync(tmpKey, keyPath)
      linkSync(tmpCert, certPath)
    } catch {
      // Another process won the race; use its CA.
    } finally {
      rmSync(tmpKey, { force: true })
      rmSync(tmpCert, { force: true })
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const certPem = readFileSync(certPath, 'utf8')
      const keyPem = readFileSync(keyPath, 'utf8')
      if (new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))) {
        return { certPem, keyPem, certPath }
      }
      throw new Error('CA key does not match its certificate')
    } catch (error) {
      // The winner of a creation race may not have linked its certificate yet.
      if (attempt > 50) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
    }
  }
}

/** A server certificate for the loopback names, signed by the CA. */
export async function issueServerCertificate(ca: KeyPair, host: string): Promise<KeyPair> {
  const keyPem = await newKeyPem()
  const altNames: object[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' }
  ]
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1' && host !== '0.0.0.0') {
    altNames.push(/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })
  }
  const certPem = issue(
    'localhost',
    keyPem,
    { name: CA_NAME, keyPem: ca.keyPem },
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames }
    ],
    1
  )
  return { certPem, keyPem }
}

/** The service principal's certificate credential (certificate + key in one PEM, as Azure CLI and the SDK take it). */
export async function issueClientCertificate(
  ca: KeyPair,
  clientId: string
): Promise<ClientCertificate> {
  const keyPem = await newKeyPem()
  const certPem = issue(
    `emulator-sp-${clientId}`,
    keyPem,
    { name: CA_NAME, keyPem: ca.keyPem },
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true }
    ],
    1
  )
  const der = new X509Certificate(certPem).raw
  return {
    certPem,
    keyPem,
    sha1Thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256Thumbprint: createHash('sha256').update(der).digest('hex').toUpperCase()
  }
}

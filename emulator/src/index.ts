// startEmulator: the local Azure (Entra ID, GitHub OIDC, ARM) over real HTTPS, for tests, the
// demo and the CLI.
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { createArmApi } from './arm/index.js'
import { createClock, createRandom } from './clock.js'
import { parseDuration } from './durations.js'
import { FaultEngine } from './faults.js'
import { createGithubApi, githubApiUrl, type GithubComment } from './github-api.js'
import { githubIssuer, oidcRequestUrl } from './github-oidc.js'
import {
  CLIENT_ID,
  GITHUB_REPOSITORY,
  MANAGED_IDENTITY_CLIENT_ID,
  SUBSCRIPTION_ID,
  TENANT_ID,
  USER_ASSIGNED_CLIENT_ID,
  USER_ASSIGNED_OBJECT_ID,
  USER_ASSIGNED_RESOURCE_ID,
  createIdentity,
  startRequestToken
} from './identity.js'
import { identityEndpoint } from './managed-identity.js'
import { RequestLog } from './request-log.js'
import { DEFAULT_STATE_DIR, REPO_ROOT } from './paths.js'
import { FILES_PREFIX } from './files.js'
import { loadScenario } from './scenario.js'
import { handleRequest, type ServerDeps } from './server.js'
import { ensureCa, issueClientCertificate, issueServerCertificate } from './tls.js'
import type { ArmAdmin, EmulatorClock, Fault, RequestLogEntry, Scenario } from './types.js'

export type * from './types.js'
export type { GithubComment } from './github-api.js'
export { parseDuration } from './durations.js'
export {
  CLIENT_ID,
  FOREIGN_TENANT_ID,
  GITHUB_SUBJECT,
  SUBSCRIPTION_ID,
  TENANT_ID
} from './identity.js'

export interface EmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Emulated seconds per real second; default 1. */
  timeScale?: number
  /** Entra access-token lifetime, e.g. '60m'; default random 60–90 min per token. */
  tokenLifetime?: string
  /** GitHub ID-token lifetime; default '5m'. */
  oidcTokenLifetime?: string
  /** Scenario object or a JSON/YAML file path. */
  scenario?: Scenario | string
  /** Request log as JSON lines. */
  logFile?: string
  /** Where the CA and this instance's client certificate are written; default <repo>/.emulator. */
  stateDir?: string
  /**
   * Folder served at `<armEndpoint>/_files/` (a stand-in for a public storage account, so
   * templateLink.uri / parametersLink.uri can be tested); default `<repo>/examples`.
   */
  filesDir?: string
  /**
   * Items per page of deployment and operation lists; default 100 (`DEFAULT_PAGE_SIZE`). Tests
   * that exercise a client's paging set a small one.
   */
  pageSize?: number
}

export interface EmulatorInfo {
  armEndpoint: string
  authorityHost: string
  tenantId: string
  subscriptionId: string
  clientId: string
  clientSecret: string
  certificatePath: string
  oidcRequestUrl: string
  oidcRequestToken: string
  caCertPath: string
  /** Base URL of the admin endpoint; authenticate with `Authorization: Bearer <adminKey>`. */
  adminUrl: string
  adminKey: string
  timeScale: number
  /** `<armEndpoint>/_files`: base URL of the served files folder (template links). */
  filesUrl: string
  /** IDENTITY_ENDPOINT for managed identity (App Service / Container Apps form). */
  identityEndpoint: string
  /** IDENTITY_HEADER: the secret msal-node sends as X-IDENTITY-HEADER. */
  identityHeader: string
  /** Client id of the system-assigned managed identity (ARM sees it as the caller). */
  managedIdentityClientId: string
  /** The user-assigned identity: pass its client id, resource id or object id to select it. */
  userAssignedIdentity: { clientId: string; resourceId: string; objectId: string }
  /** GITHUB_API_URL: GitHub's REST API (issue comments) at `<base>/api/v3`, as on GHES. */
  githubApiUrl: string
  /** GITHUB_REPOSITORY the API serves (`contoso/landing-zone`); any issue number exists. */
  githubRepository: string
  /** GITHUB_TOKEN with `issues: write` and `pull-requests: write`. */
  githubToken: string
  /** GITHUB_TOKEN without `pull-requests: write`: writes get 403 "Resource not accessible by integration". */
  githubReadOnlyToken: string
}

export interface StartedEmulator {
  info: EmulatorInfo
  requestLog(): RequestLogEntry[]
  /** Every access token, ID token, request token and the client secret handed out. */
  issuedSecrets(): string[]
  /** Comments posted through the GitHub API, oldest first. */
  githubComments(): GithubComment[]
  addFault(f: Fault): void
  clearFaults(): void
  arm: ArmAdmin
  clock: EmulatorClock
  stop(): Promise<void>
}

export { DEFAULT_STATE_DIR, REPO_ROOT } from './paths.js'
export { pruneStaleInstances } from './instances.js'

export async function startEmulator(options: EmulatorOptions = {}): Promise<StartedEmulator> {
  const timeScale = options.timeScale ?? 1
  if (
    options.pageSize !== undefined &&
    !(Number.isInteger(options.pageSize) && options.pageSize > 0)
  )
    throw new Error(`pageSize: expected a positive integer, got ${options.pageSize}`)
  if (!(timeScale > 0)) throw new Error(`timeScale: expected a positive number, got ${timeScale}`)
  const scenario = loadScenario(options.scenario)
  const seed = scenario.seed ?? 1
  const tokenLifetimeMs =
    options.tokenLifetime !== undefined
      ? parseDuration(options.tokenLifetime, 'token lifetime')
      : undefined
  const idTokenLifetimeMs = parseDuration(options.oidcTokenLifetime ?? '5m', 'OIDC token lifetime')
  const host = options.host ?? '127.0.0.1'
  const filesDir = resolve(options.filesDir ?? join(REPO_ROOT, 'examples'))

  const stateDir = resolve(options.stateDir ?? DEFAULT_STATE_DIR)
  const ca = ensureCa(stateDir)
  const [serverCert, clientCert, identity] = await Promise.all([
    issueServerCertificate(ca, host),
    issueClientCertificate(ca, CLIENT_ID),
    createIdentity()
  ])
  const instanceDir = join(
    stateDir,
    'instances',
    `${process.pid}-${randomBytes(4).toString('hex')}`
  )
  mkdirSync(instanceDir, { recursive: true })
  const certificatePath = join(instanceDir, 'client.pem')
  writeFileSync(certificatePath, clientCert.certPem + clientCert.keyPem, { mode: 0o600 })

  const log = new RequestLog(options.logFile)
  const github = createGithubApi()
  identity.secrets.push(github.token, github.readOnlyToken)
  const adminKey = randomBytes(24).toString('base64url')

  // Filled once the port (and so the base URL) is known; requests before that get 503.
  const wiring: { deps?: ServerDeps } = {}
  const server = createServer(
    { cert: serverCert.certPem + ca.certPem, key: serverCert.keyPem },
    (req, res) => {
      const deps = wiring.deps
      if (!deps) {
        res.writeHead(503).end()
        return
      }
      handleRequest(deps, req, res).catch((error: unknown) => {
        process.stderr.write(
          `emulator: request failed: ${(error as Error).stack ?? String(error)}\n`
        )
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
    }
  )
  // Emulated time starts now, after the slow key generation, so scenario windows start at ready.
  const clock = createClock(timeScale)
  startRequestToken(identity, clock)
  const faults = new FaultEngine(clock, scenario.faults)
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolveListen())
  })
  const port = (server.address() as AddressInfo).port
  const baseUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`

  const arm = createArmApi(
    {
      clock,
      random: createRandom(seed),
      scenario,
      baseUrl,
      tenantId: TENANT_ID,
      subscriptionId: SUBSCRIPTION_ID,
      filesDir
    },
    { pageSize: options.pageSize }
  )
  const info: EmulatorInfo = {
    armEndpoint: baseUrl,
    authorityHost: baseUrl,
    tenantId: TENANT_ID,
    subscriptionId: SUBSCRIPTION_ID,
    clientId: CLIENT_ID,
    clientSecret: identity.clientSecret,
    certificatePath,
    oidcRequestUrl: oidcRequestUrl(baseUrl),
    oidcRequestToken: identity.oidcRequestToken,
    caCertPath: ca.certPath,
    adminUrl: `${baseUrl}/_emulator`,
    adminKey,
    timeScale,
    filesUrl: `${baseUrl}${FILES_PREFIX}`,
    identityEndpoint: identityEndpoint(baseUrl),
    githubApiUrl: githubApiUrl(baseUrl),
    githubRepository: GITHUB_REPOSITORY,
    githubToken: github.token,
    githubReadOnlyToken: github.readOnlyToken,
    identityHeader: identity.identityHeader,
    managedIdentityClientId: MANAGED_IDENTITY_CLIENT_ID,
    userAssignedIdentity: {
      clientId: USER_ASSIGNED_CLIENT_ID,
      resourceId: USER_ASSIGNED_RESOURCE_ID,
      objectId: USER_ASSIGNED_OBJECT_ID
    }
  }
  wiring.deps = {
    baseUrl,
    filesDir,
    clock,
    subscriptionId: SUBSCRIPTION_ID,
    faults,
    log,
    arm,
    entra: {
      baseUrl,
      clock,
      // A different stream from the ARM half's, so neither shifts the other's draws.
      random: createRandom(seed ^ 0x5bd1e995),
      identity,
      clientCertificate: clientCert,
      githubIssuer: githubIssuer(baseUrl),
      tokenLifetimeMs
    },
    oidc: { baseUrl, clock, identity, idTokenLifetimeMs },
    githubApi: { baseUrl, clock, github },
    managedIdentity: {
      clock,
      // Its own stream, so managed-identity tokens do not shift Entra's lifetimes.
      random: createRandom(seed ^ 0x27d4eb2f),
      identity,
      tokenLifetimeMs
    },
    armAuth: {
      baseUrl,
      clock,
      identity,
      tenantId: TENANT_ID,
      revokedBefore: () => faults.revokedBefore()
    },
    admin: {
      adminKey,
      faults,
      log,
      arm: arm.admin,
      subscriptionId: SUBSCRIPTION_ID,
      info: () => info,
      githubComments: () => github.comments.map((c) => ({ ...c }))
    }
  }

  let stopped: Promise<void> | undefined
  return {
    info,
    requestLog: () => log.all(),
    githubComments: () => github.comments.map((c) => ({ ...c })),
    issuedSecrets: () => [...identity.secrets],
    addFault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    arm: arm.admin,
    clock,
    stop() {
      stopped ??= new Promise<void>((resolveStop) => {
        server.close(() => resolveStop())
        server.closeAllConnections()
      }).finally(() => rmSync(instanceDir, { recursive: true, force: true }))
      return stopped
    }
  }
}

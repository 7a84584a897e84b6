// Runs `node dist/index.js` against a fresh emulator the way every bench section does: an
// emulator with the bench's resource group, the action's inputs for one auth type, /proc sampling
// of the action process, and generated templates of N resources.
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import {
  startEmulator,
  type RequestLogEntry,
  type Scenario,
  type StartedEmulator
} from '../../emulator/src/index.js'
import { REPO_ROOT, runAction, type ActionRun } from '../lib/action-runner.js'
import { ProcessSampler } from '../lib/process-sampler.js'

export const WORK = join(REPO_ROOT, '.tmp', 'bench')
export const RG = 'rg-bench'

export const isDeploymentPut = (e: RequestLogEntry) =>
  e.service === 'arm' &&
  e.method === 'PUT' &&
  /\/providers\/Microsoft\.Resources\/deployments\/[^/?]+(\?|$)/i.test(e.path)

export interface EmulatorOptions {
  timeScale: number
  scenario: Scenario
  tokenLifetime?: string
  pageSize?: number
}

export async function withEmulator<T>(
  options: EmulatorOptions,
  fn: (em: StartedEmulator) => Promise<T>
): Promise<T> {
  const em = await startEmulator({ tokenLifetime: '60m', oidcTokenLifetime: '5m', ...options })
  try {
    em.arm.createResourceGroup(em.info.subscriptionId, RG, 'westeurope')
    return await fn(em)
  } finally {
    await em.stop()
  }
}

export type Auth = 'secret' | 'oidc'

export function actionInputs(
  em: StartedEmulator,
  auth: Auth,
  extra: Record<string, string>
): Record<string, string> {
  const i = em.info
  return {
    'auth-type': auth,
    'client-id': i.clientId,
    'tenant-id': i.tenantId,
    'subscription-id': i.subscriptionId,
    ...(auth === 'secret' ? { 'client-secret': i.clientSecret } : {}),
    'resource-manager-endpoint': i.armEndpoint,
    'authority-host': i.authorityHost,
    'resource-group-name': RG,
    ...extra
  }
}

/** The runner's environment for one auth type: the emulator's CA, and OIDC's request URL. */
export function actionEnv(em: StartedEmulator, auth: Auth): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: em.info.caCertPath,
    ...(auth === 'oidc'
      ? {
          ACTIONS_ID_TOKEN_REQUEST_URL: em.info.oidcRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: em.info.oidcRequestToken
        }
      : {})
  }
}

export interface MeasuredRun {
  run: ActionRun
  spawnedAt: number
  sampler: ProcessSampler
}

/** `env`: more environment for the action, e.g. NODE_OPTIONS for a CPU profile. */
export async function runMeasured(
  em: StartedEmulator,
  auth: Auth,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<MeasuredRun> {
  let sampler: ProcessSampler | undefined
  let spawnedAt = 0
  const errors: string[] = []
  const run = await runAction({
    inputs: actionInputs(em, auth, inputs),
    env: { ...actionEnv(em, auth), ...env },
    onSpawn: (pid) => {
      spawnedAt = Date.now()
      sampler = new ProcessSampler(pid)
    },
    onLine: (line) => {
      if (line.kind === 'error') errors.push(line.text)
    }
  })
  sampler!.stop()
  if (run.exitCode !== 0) {
    process.stdout.write(
      `    (action exited ${run.exitCode}: ${errors.slice(0, 2).join(' | ') || 'no error annotation'})\n`
    )
  }
  return { run, spawnedAt, sampler: sampler! }
}

/** Writes a template under .tmp/bench and returns its path relative to the repository. */
export function writeTemplate(name: string, template: unknown): string {
  const file = join(WORK, name)
  writeFileSync(file, JSON.stringify(template))
  return relative(REPO_ROOT, file)
}

/** `count` resources named bench-000, bench-001… of three network types. */
export function resourcesTemplate(count: number): unknown {
  const types = [
    'Microsoft.Network/publicIPAddresses',
    'Microsoft.Network/networkSecurityGroups',
    'Microsoft.Network/routeTables'
  ]
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: Array.from({ length: count }, (_, i) => ({
      type: types[i % types.length],
      apiVersion: '2024-05-01',
      name: resourceName(i),
      location: '[resourceGroup().location]',
      properties: {}
    })),
    outputs: { count: { type: 'int', value: count } }
  }
}

export const resourceName = (i: number) => `bench-${String(i).padStart(3, '0')}`

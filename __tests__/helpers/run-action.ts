// Runs the bundled action (`node dist/index.js`) the way the runner does: INPUT_* env (with
// action.yml's defaults), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, the OIDC request
// variables, and real signals on demand. Returns what the runner would see.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { StartedEmulator } from '../../emulator/src/index.js'
import { ARTIFACTS_ENV, runSecrets, saveRunArtifacts } from './secret-scan.js'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ACTION_ENTRY = join(REPO_ROOT, 'dist', 'index.js')

export interface RunActionOptions {
  /** Inputs by their action.yml name; action.yml's defaults fill the rest, as the runner does. */
  inputs: Record<string, string>
  /** Extra/overriding environment (undefined removes a variable). */
  env?: Record<string, string | undefined>
  /** Supplies ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN (set `oidc: false` to leave them out). */
  emulator?: StartedEmulator
  oidc?: boolean
  /** Kills the action (SIGKILL) after this long, real ms. Default 110 s. */
  timeoutMs?: number
  /** Called with each stdout chunk, e.g. to send a signal once something was logged. */
  onStdout?: (text: string, action: RunningAction) => void
  /**
   * Secrets beyond those found automatically (the emulator's issued secrets, `client-secret`,
   * secure parameter values in `parameters`/`parameters-file`) for the secret-hygiene scan.
   */
  secrets?: string[]
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** GITHUB_OUTPUT, parsed. */
  outputs: Record<string, string>
  /** GITHUB_STATE, parsed. */
  state: Record<string, string>
  /** GITHUB_STEP_SUMMARY, as written. */
  summary: string
  /** Every `::error ...::` line's message (annotations). */
  errors: string[]
  warnings: string[]
}

export interface RunningAction {
  child: ChildProcess
  /** Sends a signal to the action's process. */
  kill(signal: NodeJS.Signals): void
  /** Resolves once stdout matches. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>
  result: Promise<ActionRun>
}

/** action.yml's input defaults, with the expressions the runner would evaluate outside a matrix. */
export function actionDefaults(): Record<string, string> {
  const manifest = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>
  }
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(manifest.inputs ?? {})) {
    if (input.default === undefined) continue
    const text = typeof input.default === 'string' ? input.default : JSON.stringify(input.default)
    defaults[name] = text === '${{ toJSON(matrix) }}' ? 'null' : text
  }
  return defaults
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses the runner's file-command format (`name=value` and `name<<DELIM ... DELIM`). */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      result[name] = value.join('\n')
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      result[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return result
}

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  const unescape = (s: string): string =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${kind}`))
    .map((l) => unescape(l.slice(l.indexOf('::', 2) + 2)))
}

export function startAction(options: RunActionOptions): RunningAction {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
    state: join(dir, 'state')
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const inputs = { ...actionDefaults(), ...options.inputs }
  const oidc = options.emulator && options.oidc !== false
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'deploy',
    GITHUB_WORKFLOW: 'infra',
    GITHUB_REPOSITORY: 'contoso/landing-zone',
    GITHUB_WORKSPACE: REPO_ROOT,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    ...(oidc
      ? {
          ACTIONS_ID_TOKEN_REQUEST_URL: options.emulator?.info.oidcRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: options.emulator?.info.oidcRequestToken
        }
      : {}),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputEnvName(k), v])),
    ...options.env
  }
  const cleanEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)
  )
  // process.execPath: the Node 24 that runs the tests, as the runner runs node24 actions.
  const child = spawn(process.execPath, [ACTION_ENTRY], {
    cwd: REPO_ROOT,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = []
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000)
  const result = new Promise<ActionRun>((resolveRun, reject) => {
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      clearTimeout(killer)
      const read = (f: string): string => readFileSync(f, 'utf8')
      const run: ActionRun = {
        exitCode,
        signal,
        stdout,
        stderr,
        outputs: parseFileCommands(read(files.output)),
        state: parseFileCommands(read(files.state)),
        summary: read(files.summary),
        errors: annotations(stdout, 'error'),
        warnings: annotations(stdout, 'warning')
      }
      const artifacts = process.env[ARTIFACTS_ENV]
      if (artifacts) {
        // Everything this run printed or wrote, for the secret-hygiene scan after all tests.
        const known = runSecrets(
          REPO_ROOT,
          inputs,
          options.emulator?.issuedSecrets() ?? [],
          options.secrets
        )
        const written = {
          output: read(files.output),
          summary: run.summary,
          state: read(files.state)
        }
        saveRunArtifacts(artifacts, { stdout, stderr, ...written, ...known })
      }
      rmSync(dir, { recursive: true, force: true })
      resolveRun(run)
    })
  })
  const running: RunningAction = {
    child,
    kill: (signal) => child.kill(signal),
    waitForStdout(pattern, timeoutMs = 60_000) {
      if (pattern.test(stdout)) return Promise.resolve()
      return new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`stdout never matched ${pattern}:\n${stdout}`)),
          timeoutMs
        )
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolveWait()) })
      })
    },
    result
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const w of [...waiters]) {
      if (w.pattern.test(stdout)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    }
    options.onStdout?.(chunk, running)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return running
}

export function runAction(options: RunActionOptions): Promise<ActionRun> {
  return startAction(options).result
}

/** Inputs that point the action at an emulator (endpoints and ids), to spread into `inputs`. */
export function emulatorInputs(emulator: StartedEmulator): Record<string, string> {
  return {
    'resource-manager-endpoint': emulator.info.armEndpoint,
    'authority-host': emulator.info.authorityHost,
    'tenant-id': emulator.info.tenantId,
    'client-id': emulator.info.clientId,
    'subscription-id': emulator.info.subscriptionId
  }
}

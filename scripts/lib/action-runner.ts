// Runs `node dist/index.js` the way the GitHub runner runs a node24 action: inputs as INPUT_*
// variables (action.yml's defaults filling the rest), file commands (GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_STATE) in a temp dir, workflow commands (::group::, ::add-mask::,
// ::error:: ...) read from stdout, real signals on demand and a kill after a timeout. The one runner
// emulation: the demo, the bench and the tests (__tests__/helpers/run-action.ts wraps it) use it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const ACTION_ENTRY = join(REPO_ROOT, 'dist', 'index.js')

/** The runner's spelling of an input variable: spaces to `_`, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
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

/**
 * Parses a GITHUB_OUTPUT / GITHUB_STATE file: `name=value` lines and
 * `name<<DELIMITER` … `DELIMITER` blocks (what @actions/core writes).
 */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`file command ${name}: no closing delimiter`)
      values[name] = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0) throw new Error(`file command: cannot parse line ${i + 1}`)
    values[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return values
}

export type CommandKind = 'group' | 'endgroup' | 'error' | 'warning' | 'notice' | 'debug' | 'log'

export interface RenderedLine {
  kind: CommandKind
  /** The message with every registered secret replaced by `***`. */
  text: string
  /** Annotation properties (title, file, line...) for error/warning/notice. */
  properties?: Record<string, string>
}

/** Turns stdout lines into what the runner would show, keeping masks as the runner does. */
export class WorkflowCommandReader {
  private readonly secrets = new Set<string>()

  /** Returns undefined for lines the log never shows (add-mask, stop-commands...). */
  read(line: string): RenderedLine | undefined {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) return { kind: 'log', text: this.mask(line) }
    const [, name, props = '', rawMessage] = command
    const message = unescapeData(rawMessage)
    switch (name) {
      case 'add-mask':
        if (message !== '') this.secrets.add(message)
        return undefined
      case 'group':
      case 'endgroup':
      case 'error':
      case 'warning':
      case 'notice':
      case 'debug':
        return { kind: name, text: this.mask(message), properties: parseProperties(props) }
      default:
        return undefined
    }
  }

  /** Every value the action asked the runner to mask. */
  get masked(): ReadonlySet<string> {
    return this.secrets
  }

  mask(text: string): string {
    let out = text
    for (const secret of this.secrets) out = out.split(secret).join('***')
    return out
  }
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function parseProperties(props: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of props.split(',')) {
    const eq = pair.indexOf('=')
    if (eq > 0)
      out[pair.slice(0, eq)] = unescapeData(pair.slice(eq + 1))
        .replace(/%3A/g, ':')
        .replace(/%2C/g, ',')
  }
  return out
}

export interface RunActionOptions {
  /** Inputs by their action.yml name; action.yml's defaults fill the rest, as the runner does. */
  inputs: Record<string, string>
  /** Extra/overriding environment (ACTIONS_ID_TOKEN_REQUEST_*, STATE_*...); undefined removes one. */
  env?: Record<string, string | undefined>
  /** Kills the action (SIGKILL) after this long, real ms. Default 110 s. */
  timeoutMs?: number
  /** Called for each stdout/stderr line after workflow-command handling (masks applied). */
  onLine?: (line: RenderedLine, stream: 'stdout' | 'stderr') => void
  /** Called with each raw stdout chunk, e.g. to send a signal once something was logged. */
  onStdout?: (text: string, action: RunningAction) => void
  /** Called once the process exists (e.g. to sample it). */
  onSpawn?: (pid: number) => void
  /** Called before the temp dir goes, with the files as written and the raw streams. */
  onFiles?: (files: WrittenFiles & { stdout: string; stderr: string }) => void
}

export interface WrittenFiles {
  /** GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE as written. */
  output: string
  summary: string
  state: string
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** Raw, workflow commands included. */
  stdout: string
  stderr: string
  /** GITHUB_OUTPUT, parsed. */
  outputs: Record<string, string>
  /** GITHUB_STATE, parsed. */
  state: Record<string, string>
  /** GITHUB_STEP_SUMMARY, as written. */
  summary: string
  /** Every `::error ...::` / `::warning ...::` line's message (annotations), unescaped. */
  errors: string[]
  warnings: string[]
  /** Values the action registered with ::add-mask::. */
  masked: ReadonlySet<string>
  /** Real ms from spawn to exit. */
  durationMs: number
}

export interface RunningAction {
  child: ChildProcess
  /** Sends a signal to the action's process. */
  kill(signal: NodeJS.Signals): void
  /** Resolves once stdout matches. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<void>
  result: Promise<ActionRun>
}

/** Environment the runner gives every step, minus anything inherited that would change behaviour. */
export function runnerEnvironment(dir: string): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) =>
        v !== undefined &&
        !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_|STATE_|AZURE_|VITEST|NODE_OPTIONS$)/.test(k)
    )
  ) as Record<string, string>
  return {
    ...inherited,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'contoso/landing-zone',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'infra',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'deploy',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_WORKSPACE: REPO_ROOT,
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path')
  }
}

const FILE_VARIABLES = [
  'GITHUB_OUTPUT',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_STATE',
  'GITHUB_ENV',
  'GITHUB_PATH'
]

/** Every action still running, so a caller can kill what a failed test or a signal left behind. */
const running = new Set<RunningAction>()

/** SIGKILLs every action this process started that has not exited; returns how many. */
export function killRunningActions(): number {
  const left = [...running]
  for (const action of left) action.kill('SIGKILL')
  return left.length
}

/** Spawns `node dist/index.js` with this Node (24 under npm scripts and vitest). */
export function startAction(options: RunActionOptions): RunningAction {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  const env: Record<string, string | undefined> = runnerEnvironment(dir)
  for (const file of FILE_VARIABLES) writeFileSync(env[file]!, '')
  const inputs = { ...actionDefaults(), ...options.inputs }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  Object.assign(env, options.env)
  const cleanEnv = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)
  )

  const reader = new WorkflowCommandReader()
  const started = performance.now()
  const child = spawn(process.execPath, [ACTION_ENTRY], {
    cwd: REPO_ROOT,
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  if (child.pid !== undefined) options.onSpawn?.(child.pid)
  let stdout = ''
  let stderr = ''
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = []
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000)

  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const w of [...waiters]) {
      if (w.pattern.test(stdout)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    }
    options.onStdout?.(chunk, action)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const pump = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') =>
    new Promise<void>((done) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity })
      lines.on('line', (line) => {
        const rendered =
          name === 'stdout' ? reader.read(line) : { kind: 'log' as const, text: reader.mask(line) }
        if (rendered) options.onLine?.(rendered, name)
      })
      lines.on('close', done)
    })
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
    child.on('error', fail)
    child.on('close', (code, signal) => done([code, signal]))
  })

  const result = Promise.all([pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr'), exited])
    .then(([, , [exitCode, signal]]) => {
      const read = (variable: string): string => readFileSync(cleanEnv[variable], 'utf8')
      const files: WrittenFiles = {
        output: read('GITHUB_OUTPUT'),
        summary: read('GITHUB_STEP_SUMMARY'),
        state: read('GITHUB_STATE')
      }
      options.onFiles?.({ ...files, stdout, stderr })
      return {
        exitCode,
        signal,
        stdout,
        stderr,
        outputs: parseFileCommands(files.output),
        state: parseFileCommands(files.state),
        summary: files.summary,
        errors: annotations(stdout, 'error'),
        warnings: annotations(stdout, 'warning'),
        masked: reader.masked,
        durationMs: performance.now() - started
      }
    })
    .finally(() => {
      clearTimeout(killer)
      running.delete(action)
      rmSync(dir, { recursive: true, force: true })
    })
  const action: RunningAction = {
    child,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    },
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

  running.add(action)
  return action
}

/** Runs the action to its end. */
export function runAction(options: RunActionOptions): Promise<ActionRun> {
  return startAction(options).result
}

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${kind}`))
    .map((l) => unescapeData(l.slice(l.indexOf('::', 2) + 2)))
}

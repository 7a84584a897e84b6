// Runs `node dist/index.js` the way the GitHub runner runs a node24 action: inputs as INPUT_*
// variables, file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE) in a temp dir, and
// workflow commands (::group::, ::add-mask::, ::error:: ...) read from stdout.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const ACTION_ENTRY = join(REPO_ROOT, 'dist', 'index.js')

/** The runner's spelling of an input variable: spaces to `_`, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_STATE file: `name=value` lines and
 * `name<<DELIMITER` … `DELIMITER` blocks (what @actions/core writes).
 */
export function parseFileCommands(text: string): Map<string, string> {
  const values = new Map<string, string>()
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`file command ${name}: no closing delimiter`)
      values.set(name, lines.slice(i + 1, end).join('\n'))
      i = end
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0) throw new Error(`file command: cannot parse line ${i + 1}`)
    values.set(line.slice(0, eq), line.slice(eq + 1))
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
  inputs: Record<string, string>
  /** Extra environment (ACTIONS_ID_TOKEN_REQUEST_*, NODE_EXTRA_CA_CERTS...). */
  env?: Record<string, string>
  /** Called for each stdout/stderr line after workflow-command handling. */
  onLine?: (line: RenderedLine, stream: 'stdout' | 'stderr') => void
  /** Lets the caller forward signals to the child. */
  onSpawn?: (pid: number) => void
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  outputs: Map<string, string>
  state: Map<string, string>
  summary: string
  /** Values the action registered with ::add-mask::. */
  masked: ReadonlySet<string>
  /** Real ms from spawn to exit. */
  durationMs: number
}

/** Environment the runner gives every step, minus anything inherited that would change behaviour. */
export function runnerEnvironment(dir: string): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) => v !== undefined && !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_|STATE_|AZURE_)/.test(k)
    )
  ) as Record<string, string>
  return {
    ...inherited,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'contoso/platform-network',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'deploy-hub',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'deploy',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '17',
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

/** Spawns `node dist/index.js` with this Node (24 under npm scripts), streaming its lines. */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'))
  try {
    const env = runnerEnvironment(dir)
    for (const file of [
      'GITHUB_OUTPUT',
      'GITHUB_STEP_SUMMARY',
      'GITHUB_STATE',
      'GITHUB_ENV',
      'GITHUB_PATH'
    ]) {
      writeFileSync(env[file], '')
    }
    for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value
    Object.assign(env, options.env)

    const reader = new WorkflowCommandReader()
    const started = performance.now()
    const child = spawn(process.execPath, [ACTION_ENTRY], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    if (child.pid !== undefined) options.onSpawn?.(child.pid)
    const pump = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') =>
      new Promise<void>((done) => {
        const lines = createInterface({ input: stream, crlfDelay: Infinity })
        lines.on('line', (line) => {
          const rendered =
            name === 'stdout'
              ? reader.read(line)
              : { kind: 'log' as const, text: reader.mask(line) }
          if (rendered) options.onLine?.(rendered, name)
        })
        lines.on('close', done)
      })
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
      child.on('error', fail)
      child.on('exit', (code, signal) => done([code, signal]))
    })
    const [, , [exitCode, signal]] = await Promise.all([
      pump(child.stdout, 'stdout'),
      pump(child.stderr, 'stderr'),
      exited
    ])
    return {
      exitCode,
      signal,
      durationMs: performance.now() - started,
      outputs: parseFileCommands(readFileSync(env.GITHUB_OUTPUT, 'utf8')),
      state: parseFileCommands(readFileSync(env.GITHUB_STATE, 'utf8')),
      summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'),
      masked: reader.masked
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// Secret hygiene across every end-to-end run: run-action.ts saves what each run printed or wrote
// (stdout, stderr, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE) and the secrets it knew of
// (the emulator's issued tokens and client secret, secure parameter values, secure outputs) under
// one directory per vitest invocation; the scan searches every run's files for every run's secrets.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { parse as parseYaml } from 'yaml'

/** Set by the vitest global setup: this invocation's artifact directory. */
export const ARTIFACTS_ENV = 'E2E_ARTIFACTS_DIR'

export interface RunArtifacts {
  stdout: string
  stderr: string
  /** GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE as written. */
  output: string
  summary: string
  state: string
  /** Every secret the run could have leaked. */
  secrets: string[]
  /**
   * Outputs the run declared secure (template secure outputs, `masked-outputs`): GITHUB_OUTPUT is
   * where their values are meant to go (the runner masks them), so only their entries may hold them.
   */
  secureOutputNames: string[]
}

export interface Finding {
  run: string
  file: keyof Omit<RunArtifacts, 'secrets' | 'secureOutputNames'>
  /** The secret, shortened so the report itself does not print it. */
  secret: string
  line: string
}

const FILES = ['stdout', 'stderr', 'output', 'summary', 'state'] as const

export function saveRunArtifacts(dir: string, artifacts: RunArtifacts): void {
  const runDir = join(
    dir,
    `run-${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  )
  mkdirSync(runDir, { recursive: true })
  for (const f of FILES) writeFileSync(join(runDir, f), artifacts[f])
  const meta = { secrets: artifacts.secrets, secureOutputNames: artifacts.secureOutputNames }
  writeFileSync(join(runDir, 'secrets.json'), JSON.stringify(meta))
}

export function loadRuns(dir: string): Map<string, RunArtifacts> {
  const runs = new Map<string, RunArtifacts>()
  if (!existsSync(dir)) return runs
  for (const name of readdirSync(dir)) {
    const runDir = join(dir, name)
    if (!existsSync(join(runDir, 'secrets.json'))) continue
    const meta = JSON.parse(readFileSync(join(runDir, 'secrets.json'), 'utf8')) as Pick<
      RunArtifacts,
      'secrets' | 'secureOutputNames'
    >
    const read = (f: string): string => readFileSync(join(runDir, f), 'utf8')
    runs.set(name, {
      stdout: read('stdout'),
      stderr: read('stderr'),
      output: read('output'),
      summary: read('summary'),
      state: read('state'),
      ...meta
    })
  }
  return runs
}

/**
 * Every place a secret of any run shows up in any run's files. Allowed: `::add-mask::<secret>` lines
 * (that is how the runner learns what to mask) and the GITHUB_OUTPUT entry of a declared secure
 * output. Secrets shorter than 6 characters are not searched (they would match by chance).
 */
export function scanRuns(runs: Map<string, RunArtifacts>): Finding[] {
  const secrets = new Set<string>()
  for (const run of runs.values()) for (const s of run.secrets) if (s.length >= 6) secrets.add(s)
  const findings: Finding[] = []
  for (const [name, run] of runs) {
    const secure = new Set(run.secureOutputNames.map((n) => n.toLowerCase()))
    for (const file of FILES) {
      for (const line of visibleLines(run[file], file, secure)) {
        for (const secret of secrets) {
          if (line.includes(secret))
            findings.push({ run: name, file, secret: shorten(secret), line: redact(line, secret) })
        }
      }
    }
  }
  return findings
}

function visibleLines(text: string, file: (typeof FILES)[number], secure: Set<string>): string[] {
  const lines = text.split('\n')
  if (file === 'stdout') return lines.filter((l) => !l.startsWith('::add-mask::'))
  if (file !== 'output') return lines
  // Skip the entries (name=value or name<<DELIM … DELIM) of secure outputs.
  const shown: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    const name = heredoc ? heredoc[1] : lines[i].split('=')[0]
    const isSecure = secure.has(name.toLowerCase())
    if (heredoc) {
      const start = i
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++)
        if (!isSecure) shown.push(lines[i])
      if (!isSecure) shown.push(lines[start])
    } else if (!isSecure) shown.push(lines[i])
  }
  return shown
}

const shorten = (s: string): string => `${s.slice(0, 4)}…(${s.length} chars)`
const redact = (line: string, secret: string): string =>
  line.split(secret).join('<SECRET>').slice(0, 300)

interface TemplateShape {
  parameters?: Record<string, { type?: string }>
  outputs?: Record<string, { type?: string }>
}

const isSecureType = (t?: string): boolean => /^secure(string|object)$/i.test(t ?? '')

/**
 * What one run of the action could leak, from its inputs: the client secret (`client-secret` or
 * `creds`' clientSecret), the lines of the certificate's private key, the values the template's
 * secure parameters got (inline `parameters` as JSON or YAML, every `parameters-file` line, JSON or
 * .bicepparam), plus the emulator's issued secrets and `extra`; and the names of its secure outputs
 * (the template's and `masked-outputs`).
 */
export function runSecrets(
  root: string,
  inputs: Record<string, string>,
  issued: string[],
  extra: string[] = []
): { secrets: string[]; secureOutputNames: string[] } {
  const templateFile = inputs['template-file']
  const template = templateFile?.endsWith('.json')
    ? readJson<TemplateShape>(root, templateFile)
    : undefined
  const secureParams = new Set(
    [
      ...Object.entries(template?.parameters ?? {})
        .filter(([, p]) => isSecureType(p.type))
        .map(([n]) => n),
      ...bicepSecureParams(readText(root, templateFile))
    ].map((n) => n.toLowerCase())
  )
  const values: string[] = []
  const collect = (params: unknown): void => {
    if (params === null || typeof params !== 'object') return
    const record = (params as { parameters?: unknown }).parameters ?? params
    for (const [name, raw] of Object.entries(record as Record<string, unknown>)) {
      if (!secureParams.has(name.toLowerCase())) continue
      const value = raw !== null && typeof raw === 'object' && 'value' in raw ? raw.value : raw
      values.push(typeof value === 'string' ? value : JSON.stringify(value))
    }
  }
  collect(parseStructured(inputs.parameters))
  for (const file of (inputs['parameters-file'] ?? '').split(/\r?\n/).map((f) => f.trim())) {
    if (!file) continue
    const text = readText(root, file)
    collect(file.endsWith('.bicepparam') ? bicepParamValues(text) : parseStructured(text))
  }
  const secureOutputNames = [
    ...Object.entries(template?.outputs ?? {})
      .filter(([, o]) => isSecureType(o.type))
      .map(([n]) => n),
    ...(inputs['masked-outputs'] ?? '').split(/[\s,]+/).filter(Boolean)
  ]
  const creds = parseStructured(inputs.creds) as { clientSecret?: unknown } | undefined
  const secrets = [
    ...issued,
    inputs['client-secret'] ?? '',
    typeof creds?.clientSecret === 'string' ? creds.clientSecret : '',
    ...privateKeyLines(root, inputs['client-certificate']),
    ...values,
    ...extra
  ].filter((s) => s.length > 0)
  return { secrets: [...new Set(secrets)], secureOutputNames }
}

/** The base64 lines of a PEM's private key (the input is the PEM or its path). */
function privateKeyLines(root: string, input: string | undefined): string[] {
  if (!input) return []
  const pem = input.includes('-----BEGIN') ? input : (readText(root, input) ?? '')
  const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END/.exec(pem)
  return key ? key[1].split(/\r?\n/).map((l) => l.trim()) : []
}

/** `@secure()` parameters of a .bicep file. */
function bicepSecureParams(text: string | undefined): string[] {
  if (!text) return []
  return [...text.matchAll(/@secure\(\)\s*(?:@[^\n]*\s*)*param\s+(\w+)/g)].map((m) => m[1])
}

/** `param name = 'value'` lines of a .bicepparam file (single-line string literals). */
function bicepParamValues(text: string | undefined): Record<string, string> {
  const values: Record<string, string> = {}
  for (const m of (text ?? '').matchAll(/^\s*param\s+(\w+)\s*=\s*'((?:[^'\\]|\\.)*)'/gm))
    values[m[1]] = m[2].replace(/\\(.)/g, '$1')
  return values
}

/** JSON or YAML (the `parameters` input accepts both), or undefined. */
function parseStructured(text: string | undefined): unknown {
  if (!text) return undefined
  try {
    return parseYaml(text) as unknown
  } catch {
    return undefined
  }
}

function readText(root: string, file: string | undefined): string | undefined {
  if (!file) return undefined
  try {
    return readFileSync(isAbsolute(file) ? file : join(root, file), 'utf8')
  } catch {
    return undefined
  }
}

function readJson<T>(root: string, file: string | undefined): T | undefined {
  return parseStructured(readText(root, file)) as T | undefined
}

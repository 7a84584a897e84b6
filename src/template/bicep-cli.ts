// Runs the Bicep compiler: `bicep` when it is on PATH, else `az bicep` (which wraps the same CLI).
// Diagnostics on stderr become log lines (warnings never fail the run); a non-zero exit is an error.

import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../runtime/ports.js'
import type { CommandResult, CommandRunner } from './types.js'
import { named } from './template-input-error.js'
import { TemplateInputError } from '../errors.js'
import { Inputs } from '../runtime/names.js'

const INSTALL_HINT =
  'Install the Bicep CLI (https://aka.ms/bicep-install) or the Azure CLI, or deploy a compiled .json template'

interface BicepCli {
  /** For messages: `bicep` or `az bicep`. */
  name: string
  file: string
  args(subcommand: 'build' | 'build-params', sourceFile: string): string[]
  /** Prints `Bicep CLI version 0.30.23 (…)`. */
  versionArgs: string[]
}

/** Finds an executable on PATH (with PATHEXT on Windows), as a shell would. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exts =
    process.platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)
      : ['']
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext)
      try {
        if (!statSync(candidate).isFile()) continue
        accessSync(candidate, constants.X_OK)
        return candidate
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined
}

function findBicepCli(env: NodeJS.ProcessEnv): BicepCli | undefined {
  const bicep = findOnPath('bicep', env)
  if (bicep) {
    return {
      name: 'bicep',
      file: bicep,
      args: (sub, f) => [sub, f, '--stdout'],
      versionArgs: ['--version']
    }
  }
  const az = findOnPath('az', env)
  if (az) {
    return {
      name: 'az bicep',
      file: az,
      args: (sub, f) => ['bicep', sub, '--file', f, '--stdout'],
      versionArgs: ['bicep', 'version']
    }
  }
  return undefined
}

/** The default CommandRunner: spawns without a shell (except Windows .cmd shims, which need one). */
export function spawnRunner(env: NodeJS.ProcessEnv): CommandRunner {
  return (file, args) =>
    new Promise<CommandResult>((resolve, reject) => {
      const child = spawn(file, args, {
        env,
        windowsHide: true,
        shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(file)
      })
      const stdout: Buffer[] = []
      const stderr: Buffer[] = []
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
      child.on('error', reject)
      child.on('close', (code) =>
        resolve({
          exitCode: code,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8')
        })
      )
    })
}

// Colour codes would show as garbage in annotations (the matcher is about the escape character itself).
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g

// `/path/main.bicep(12,5) : Warning no-unused-params: Parameter "x" is declared but never used. [url]`
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\)\s*:\s*(Error|Warning|Info)\s+(.*)$/

function logDiagnostics(stderr: string, logger: Logger): number {
  let warnings = 0
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.replace(ANSI_COLOUR, '').trim()
    if (!line) continue
    const d = DIAGNOSTIC.exec(line)
    if (d?.[4] === 'Info') {
      logger.info(line)
      continue
    }
    warnings++
    if (d) logger.warning(d[5], { title: 'Bicep', file: d[1], startLine: Number(d[2]) })
    else logger.warning(line.replace(/^WARNING:\s*/, ''), { title: 'Bicep' })
  }
  return warnings
}

export interface CompileIo {
  logger: Logger
  exec: CommandRunner
  env: NodeJS.ProcessEnv
  /** `bicep-version`: the CLI found must be this release. */
  bicepVersion?: string
}

/**
 * `bicep-version`, honoured the way this action gets Bicep: it compiles with the CLI it finds on
 * PATH and downloads nothing, so it checks that CLI's version and refuses a different one (a
 * template compiled by another release may differ) before anything is sent to Azure.
 */
async function checkVersion(cli: BicepCli, wanted: string, io: CompileIo): Promise<void> {
  let found: string | undefined
  try {
    const result = await io.exec(cli.file, cli.versionArgs)
    found = /(\d+\.\d+\.\d+)/.exec(`${result.stdout}\n${result.stderr}`)?.[1]
  } catch {
    found = undefined
  }
  if (found === wanted) return
  const what = found ? `is ${found}` : 'did not say its version'
  throw new TemplateInputError(
    Inputs.BicepVersion,
    `Input '${Inputs.BicepVersion}' is ${wanted}, but the Bicep CLI on PATH (${cli.name}) ${what}. This action compiles with the Bicep CLI it finds and does not download one: install ${wanted} in an earlier step (for example \`az bicep install --version v${wanted}\`), or leave '${Inputs.BicepVersion}' out.`
  )
}

/**
 * Runs `bicep build|build-params <file> --stdout` (or the `az bicep` form) and returns its stdout.
 * `input` names the action input the file came from, for error messages.
 */
export async function runBicep(
  subcommand: 'build' | 'build-params',
  sourceFile: string,
  input: string,
  io: CompileIo
): Promise<string> {
  const cli = findBicepCli(io.env)
  if (!cli) {
    throw new TemplateInputError(
      input,
      `${named(input)} (${sourceFile}) needs the Bicep compiler, but neither 'bicep' nor 'az' is on PATH. ${INSTALL_HINT}.`
    )
  }
  if (io.bicepVersion) await checkVersion(cli, io.bicepVersion, io)
  const args = cli.args(subcommand, sourceFile)
  let result: CommandResult
  try {
    result = await io.exec(cli.file, args)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TemplateInputError(
      input,
      `${named(input)} (${sourceFile}): could not run ${cli.file}: ${reason}`
    )
  }
  if (result.exitCode !== 0) {
    const status = result.exitCode === null ? 'was killed' : `exited with code ${result.exitCode}`
    const detail = result.stderr.trim() || result.stdout.trim()
    throw new TemplateInputError(
      input,
      `${named(input)} (${sourceFile}): ${cli.name} ${subcommand} ${status}${detail ? `:\n${detail}` : '.'}`
    )
  }
  const warnings = logDiagnostics(result.stderr, io.logger)
  io.logger.info(
    `Compiled ${sourceFile} with ${cli.name} ${subcommand}${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}`
  )
  return result.stdout
}

// Puts the recording stand-in (fake-compiler.sh) first on PATH as `bicep` or `az` and reads back the
// argument lists it was called with. By default the PATH holds only the stand-in, so a real bicep/az on
// the machine never answers instead. End-to-end tests can pass `env` to the action's process.

import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fake-compiler.sh')

export interface FakeCompilerOptions {
  /** Which command the stand-in answers to. */
  as: 'bicep' | 'az'
  /** File printed for `build`. */
  buildOutput?: string
  /** File printed for `build-params`. */
  paramsOutput?: string
  /** Written to stderr (diagnostics). */
  stderr?: string
  exitCode?: number
  /** What `bicep --version` / `az bicep version` prints (default 0.30.23). */
  version?: string
  /**
   * Keep the current PATH after the stand-in (for end-to-end runs that still need node and friends).
   * Default: PATH holds only the stand-in.
   */
  keepPath?: boolean
}

export interface FakeCompiler {
  /** The environment for loadDeploymentContent's `env` (and the spawned process). */
  env: NodeJS.ProcessEnv
  /** Each call: [command name, ...argv]. */
  calls(): string[][]
}

export function installFakeCompiler(options: FakeCompilerOptions): FakeCompiler {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-bicep-'))
  const bin = path.join(dir, 'bin')
  const argvFile = path.join(dir, 'argv.log')
  // A bin dir holding only the stand-in, under the name it answers to.
  mkdirSync(bin)
  copyFileSync(SCRIPT, path.join(bin, options.as))
  chmodSync(path.join(bin, options.as), 0o755)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: options.keepPath ? [bin, process.env.PATH ?? ''].join(path.delimiter) : bin,
    FAKE_BICEP_ARGV_FILE: argvFile,
    FAKE_BICEP_BUILD_OUTPUT: options.buildOutput ?? '',
    FAKE_BICEP_PARAMS_OUTPUT: options.paramsOutput ?? '',
    FAKE_BICEP_STDERR: options.stderr ?? '',
    FAKE_BICEP_EXIT: String(options.exitCode ?? 0),
    FAKE_BICEP_VERSION: options.version ?? '0.30.23'
  }
  return {
    env,
    calls: () =>
      existsSync(argvFile)
        ? readFileSync(argvFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split('\t'))
        : []
  }
}

/** An environment whose PATH has neither bicep nor az. */
export function environmentWithoutCompiler(): NodeJS.ProcessEnv {
  const empty = mkdtempSync(path.join(tmpdir(), 'no-bicep-'))
  return { ...process.env, PATH: empty }
}

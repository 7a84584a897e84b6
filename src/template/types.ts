// The template loader's shapes, apart from the loader itself, so its helpers (parameter values,
// size limits, the Bicep CLI) and its callers import them without importing the loader back.

/** One ARM parameter value: a plain value or a Key Vault reference (passed through untouched). */
export type ParameterValue = { value: unknown } | { reference: unknown }

export interface DeploymentContent {
  template?: Record<string, unknown>
  templateLink?: { uri?: string; id?: string }
  parameters: Record<string, ParameterValue>
  parametersLink?: { uri: string }
  /** Names of parameters the template declares secureString/secureObject (the caller masks their values). */
  secureParameterNames: string[]
  /** Names of outputs the template declares secureString/secureObject. */
  secureOutputNames: string[]
}

/** Result of running a command; `exitCode` is null when it was killed by a signal. */
export interface CommandResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Runs an executable (absolute path) with arguments; no shell, except for Windows .cmd shims (az.cmd). */
export type CommandRunner = (file: string, args: string[]) => Promise<CommandResult>

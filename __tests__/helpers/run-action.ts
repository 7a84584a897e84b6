// The tests' view of scripts/lib/action-runner.ts (the one runner emulation): adds the OIDC request
// variables of an emulator, saves what each run printed and wrote for the secret-hygiene scan, and
// kills any action a test left running (afterEach).
import { afterAll, afterEach } from 'vitest'
import type { StartedEmulator } from '../../emulator/src/index.js'
import {
  killRunningActions,
  REPO_ROOT,
  startAction as startRunnerAction,
  type ActionRun,
  type RunActionOptions as RunnerOptions,
  type RunningAction
} from '../../scripts/lib/action-runner.js'
import { ARTIFACTS_ENV, runSecrets, saveRunArtifacts } from './secret-scan.js'

export {
  ACTION_ENTRY,
  actionDefaults,
  inputVariable as inputEnvName,
  parseFileCommands,
  REPO_ROOT,
  type ActionRun,
  type RunningAction
} from '../../scripts/lib/action-runner.js'

// A test that failed while its action ran must not leave the process behind for the next ones.
// Concurrent tests share this process's list, so after one of them only the file's end kills.
afterEach((ctx) => {
  if (!ctx.task.concurrent) killRunningActions()
})
afterAll(() => {
  killRunningActions()
})

export interface RunActionOptions extends Omit<RunnerOptions, 'onFiles'> {
  /** Supplies ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN (set `oidc: false` to leave them out). */
  emulator?: StartedEmulator
  oidc?: boolean
  /**
   * Secrets beyond those found automatically (the emulator's issued secrets, `client-secret`,
   * secure parameter values in `parameters`/`parameters-file`) for the secret-hygiene scan.
   */
  secrets?: string[]
}

export function startAction(options: RunActionOptions): RunningAction {
  const { emulator, oidc, secrets, ...runner } = options
  const artifacts = process.env[ARTIFACTS_ENV]
  return startRunnerAction({
    ...runner,
    env: {
      ...(emulator && oidc !== false
        ? {
            ACTIONS_ID_TOKEN_REQUEST_URL: emulator.info.oidcRequestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.info.oidcRequestToken
          }
        : {}),
      ...options.env
    },
    onFiles: (files) => {
      if (!artifacts) return
      // Everything this run printed or wrote, for the secret-hygiene scan after all tests.
      const known = runSecrets(REPO_ROOT, options.inputs, emulator?.issuedSecrets() ?? [], secrets)
      saveRunArtifacts(artifacts, { ...files, ...known })
    }
  })
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

/** `emulatorInputs` with the client secret and a small deployment's usual inputs, then `extra`. */
export function secretInputs(
  emulator: StartedEmulator,
  extra: Record<string, string> = {}
): Record<string, string> {
  return { ...emulatorInputs(emulator), 'client-secret': emulator.info.clientSecret, ...extra }
}

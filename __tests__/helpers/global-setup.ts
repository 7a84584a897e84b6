// Vitest globalSetup: runs once before the workers fork. The e2e tests run dist/index.js, so dist/
// is rebuilt first when it was not built from today's src/ (scripts/bundle-stamp.ts). Node reads
// NODE_EXTRA_CA_CERTS only at process start, so the emulator's CA must exist and be exported here
// for every worker (and the az CLI child processes, through REQUESTS_CA_BUNDLE) to trust it.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_STATE_DIR } from '../../emulator/src/paths.js'
import { ensureCa } from '../../emulator/src/tls.js'
import { ARTIFACTS_ENV } from './secret-scan.js'
import { ensureFreshBundle } from '../../scripts/bundle-stamp.js'
import { REPO_ROOT } from '../../scripts/lib/action-runner.js'

export default function setup(): void {
  // Once per invocation (the setup runs once per project, in the same process).
  if (!process.env.BUNDLE_GUARD_DONE) {
    ensureFreshBundle()
    process.env.BUNDLE_GUARD_DONE = '1'
  }
  const { certPath } = ensureCa(DEFAULT_STATE_DIR)
  process.env.NODE_EXTRA_CA_CERTS = certPath
  process.env.REQUESTS_CA_BUNDLE = certPath
  // The setup runs once per project, in the same main process: keep the first one's directory.
  process.env[ARTIFACTS_ENV] ??= artifactsDir()
}

/**
 * Where every action run of this vitest invocation leaves what it printed and wrote, for the
 * secret-hygiene scan (the last project in vitest.config.ts). One directory per invocation, so
 * parallel invocations in the same tree never mix; directories older than a day are removed.
 */
function artifactsDir(): string {
  const root = join(REPO_ROOT, '.tmp', 'e2e-artifacts')
  mkdirSync(root, { recursive: true })
  for (const name of readdirSync(root)) {
    const path = join(root, name)
    if (Date.now() - statSync(path).mtimeMs > 86_400_000)
      rmSync(path, { recursive: true, force: true })
  }
  // Created by the first run that saves something.
  return join(root, `vitest-${Date.now()}-${process.pid}`)
}

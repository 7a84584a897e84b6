// Vitest globalSetup: runs once before the workers fork. Node reads NODE_EXTRA_CA_CERTS only at
// process start, so the emulator's CA must exist and be exported here for every worker (and the
// az CLI child processes, through REQUESTS_CA_BUNDLE) to trust it.
import { DEFAULT_STATE_DIR } from '../emulator/src/paths.js'
import { ensureCa } from '../emulator/src/tls.js'

export default function setup(): void {
  const { certPath } = ensureCa(DEFAULT_STATE_DIR)
  process.env.NODE_EXTRA_CA_CERTS = certPath
  process.env.REQUESTS_CA_BUNDLE = certPath
}

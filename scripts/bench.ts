// npm run bench: prints figures, not pass/fail, for `node dist/index.js` against the emulator.
// Targets (issue 6): cold start to PUT < 0.5 s; bundle beside Azure/bicep-deploy's 1.27 MB;
// <= 2 ARM reads per poll plus changed nested deployments; <= 20 ms CPU per poll at 800
// resources; peak RSS <= 100 MB over a compressed 6-hour run. Whole run: about 4 minutes.
// Each measurement lives in scripts/bench/<section>.ts; this file picks and orders them.
import { existsSync, mkdirSync } from 'node:fs'
import { azComparison } from './bench/az-cli.js'
import { bundleSize } from './bench/bundle.js'
import { coldStart } from './bench/cold-start.js'
import { WORK } from './bench/harness.js'
import { eightHundred, hubPolling, type HubPerPoll } from './bench/polling.js'
import { printSummary } from './bench/report.js'
import { sdkPoller } from './bench/sdk-poller.js'
import { sixHours } from './bench/six-hours.js'
import { ACTION_ENTRY } from './lib/action-runner.js'

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true })
  const started = Date.now()
  process.stdout.write(
    `durable-arm-deploy bench (Node ${process.versions.node}, ${new Date().toISOString()})\n`
  )
  // `npm run bench -- hub 800` runs only the named sections (all when none are named).
  const only = new Set(process.argv.slice(2))
  const wanted = (name: string) => only.size === 0 || only.has(name)
  let hub: HubPerPoll | undefined
  if (existsSync(ACTION_ENTRY)) {
    if (wanted('bundle')) bundleSize()
    if (wanted('cold')) await coldStart()
    if (wanted('hub')) hub = await hubPolling()
    if (wanted('800')) await eightHundred()
    if (wanted('800')) await eightHundred(10)
    if (wanted('6h')) await sixHours()
    if (wanted('az')) await azComparison(hub?.cpuPerPollMs)
  } else {
    process.stdout.write(
      '\ndist/index.js is missing (run `npm run package`): only the SDK comparison runs.\n'
    )
  }
  if (wanted('sdk')) await sdkPoller(hub?.readsPerPoll)
  printSummary((Date.now() - started) / 1000)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exit(1)
  }
)

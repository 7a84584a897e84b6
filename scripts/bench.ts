// npm run bench: prints figures, not pass/fail, for `node dist/index.js` against the emulator.
// Targets (issues 6 and 14), printed beside each row: dist/*.js <= 1.27 MB and the path every run
// loads <= 1.0 MB; cold start to PUT < 0.5 s and >= 5x faster than `az deployment sub create
// --no-wait`; <= 2 ARM reads per poll plus changed nested deployments; CPU per poll <= 5 ms (hub)
// and <= 10 ms (800 resources); peak RSS <= 70 MB, flat, over a compressed 6-hour run.
// Beside the start, CPU and memory rows, Node's floor: the same requests from bare node:https
// (scripts/bench/node-floor.ts), so each gap to a target shows how much of it Node itself costs.
// Whole run: about 6½ minutes. `npm run bench:fleet` (fifty legs under ARM's throttle) is separate.
// Each measurement lives in scripts/bench/<section>.ts; this file picks and orders them.
import { existsSync, mkdirSync } from 'node:fs'
import { azComparison } from './bench/az-cli.js'
import { bundleSize } from './bench/bundle.js'
import { coldStart } from './bench/cold-start.js'
import { WORK } from './bench/harness.js'
import { fleet } from './bench/fleet.js'
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
  // `npm run bench -- hub 800` runs only the named sections (all but the fleet when none are named).
  // `--cpu-prof` profiles the hub and 800-resource runs (mapped through `npm run bundle:cost`'s source map).
  const args = process.argv.slice(2)
  const cpuProfile = args.includes('--cpu-prof')
  const only = new Set(args.filter((a) => !a.startsWith('--')))
  const wanted = (name: string) => only.has(name) || (only.size === 0 && !name.startsWith('fleet'))
  let hub: HubPerPoll | undefined
  if (existsSync(ACTION_ENTRY)) {
    if (wanted('bundle')) bundleSize()
    if (wanted('cold')) await coldStart()
    if (wanted('hub')) hub = await hubPolling(cpuProfile)
    if (wanted('800')) await eightHundred(undefined, cpuProfile)
    if (wanted('800')) await eightHundred(10)
    if (wanted('6h')) await sixHours()
    if (wanted('az')) await azComparison(hub?.cpuPerPollMs)
    if (wanted('fleet')) await fleet()
    // The same fleet with the bucket refilling at 1/s, as if others shared it: 429s, handled?
    if (wanted('fleet-squeezed')) await fleet(1)
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

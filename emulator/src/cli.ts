// `npm run emulator -- [options]`: starts the emulator and prints one JSON line (EmulatorInfo)
// on stdout when ready; everything else goes to stderr.
import { parseArgs } from 'node:util'
import { startEmulator, type EmulatorOptions, type StartedEmulator } from './index.js'

const USAGE = `usage: npm run emulator -- [--port N] [--host H] [--time-scale N] [--token-lifetime 60m]
  [--oidc-token-lifetime 5m] [--scenario FILE] [--log FILE] [--state-dir DIR]
  [--files-dir DIR] [--page-size N]`

function options(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'time-scale': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'oidc-token-lifetime': { type: 'string' },
      scenario: { type: 'string' },
      log: { type: 'string' },
      'state-dir': { type: 'string' },
      'files-dir': { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help) {
    process.stderr.write(USAGE + '\n')
    process.exit(0)
  }
  const number = (name: string, value: string | undefined, min: number) => {
    if (value === undefined) return undefined
    const n = Number(value)
    if (!Number.isFinite(n) || n < min)
      throw new Error(`--${name}: expected a number ${min === 0 ? '>= 0' : '> 0'}, got '${value}'`)
    return n
  }
  const port = number('port', values.port, 0)
  if (port !== undefined && (!Number.isInteger(port) || port > 65535)) {
    throw new Error(`--port: expected an integer from 0 to 65535, got '${values.port}'`)
  }
  const timeScale = number('time-scale', values['time-scale'], Number.MIN_VALUE)
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size'])
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
    throw new Error(`--page-size: expected a positive integer, got '${values['page-size']}'`)
  }
  return {
    port,
    host: values.host,
    timeScale,
    tokenLifetime: values['token-lifetime'],
    oidcTokenLifetime: values['oidc-token-lifetime'],
    scenario: values.scenario,
    logFile: values.log,
    stateDir: values['state-dir'],
    filesDir: values['files-dir'],
    pageSize
  }
}

async function main(): Promise<void> {
  let parsed: EmulatorOptions
  try {
    parsed = options(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  // Handlers first: a client may signal as soon as it reads the ready line.
  const running: { emulator?: StartedEmulator } = {}
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`emulator: ${signal}, stopping\n`)
    ;(running.emulator?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  const emulator = await startEmulator(parsed)
  running.emulator = emulator
  if (stopping) {
    await emulator.stop()
    process.exit(0)
  }
  process.stdout.write(JSON.stringify(emulator.info) + '\n')
  process.stderr.write(
    `emulator ready at ${emulator.info.armEndpoint} (time scale ${emulator.info.timeScale}, node ${process.version}, pid ${process.pid})\n`
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${(error as Error).message}\n`)
  process.exit(1)
})

// npm run demo: a ~95-minute hub-and-spoke deployment, played out in under two minutes.
// Starts the Azure emulator with time compressed (1 emulated minute per real second, 60-minute
// access tokens, 5-minute GitHub ID tokens), runs `node dist/index.js` as the runner would with
// OIDC, streams its log, then shows the outputs and the job summary. No Azure account needed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { randomBytes } from 'node:crypto'
import { startEmulator } from '../emulator/src/index.js'
import { ACTION_ENTRY, REPO_ROOT, runAction, type RenderedLine } from './lib/action-runner.js'
import { ansi, plain, renderMarkdown } from './lib/terminal-markdown.js'

const TIME_SCALE = 60
const RESOURCE_GROUP = 'rg-hub'
const EXAMPLE = join(REPO_ROOT, 'examples', 'hub-and-spoke')
const SUMMARY_FILE = join(REPO_ROOT, '.tmp', 'demo', 'job-summary.md')

const style = process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain
const color = (code: number) => (s: string) => (style === ansi ? `\x1b[${code}m${s}\x1b[39m` : s)
const red = color(31)
const yellow = color(33)
const cyan = color(36)

function banner(text: string): void {
  process.stdout.write(`\n${style.heading(text)}\n`)
}

/** Prints one action log line the way the runner's log viewer would show it. */
function showLine(line: RenderedLine, stream: 'stdout' | 'stderr'): void {
  const write = (s: string): void => {
    ;(stream === 'stderr' ? process.stderr : process.stdout).write(s + '\n')
  }
  switch (line.kind) {
    case 'group':
      return write(cyan(`▾ ${line.text}`))
    case 'endgroup':
    case 'debug':
      return
    case 'error':
      return write(red(`Error: ${line.text}`))
    case 'warning':
      return write(yellow(`Warning: ${line.text}`))
    case 'notice':
      return write(cyan(`Notice: ${line.text}`))
    case 'log':
      return write(line.text)
  }
}

async function main(): Promise<number> {
  if (!existsSync(ACTION_ENTRY)) {
    process.stderr.write(
      `${relative(REPO_ROOT, ACTION_ENTRY)} is missing: run \`npm run package\` first.\n`
    )
    return 1
  }
  const nodeMajor = Number(process.versions.node.split('.')[0])
  if (nodeMajor < 24)
    process.stderr.write(
      `note: running on Node ${process.versions.node}; the action targets node24.\n`
    )

  banner('Starting the Azure emulator')
  const emulator = await startEmulator({
    timeScale: TIME_SCALE,
    tokenLifetime: '60m',
    oidcTokenLifetime: '5m',
    scenario: join(EXAMPLE, 'scenario.json')
  })
  let child: number | undefined
  // Ctrl+C behaves like the runner's cancel: the terminal sends SIGINT to the whole foreground
  // process group, the action included, which decides what to do; forwarding it as well would be a
  // second SIGINT. The demo itself stays to show the outcome, or exits if no action runs yet.
  const onSigint = () => {
    if (child === undefined) process.exit(130)
  }
  process.on('SIGINT', onSigint)
  try {
    const { info } = emulator
    process.stdout.write(
      `ARM and Entra at ${info.armEndpoint}; ${TIME_SCALE} emulated seconds per real second; ` +
        'access tokens live 60 emulated minutes, GitHub ID tokens 5.\n' +
        'Times in the action log are real: read each second as one emulated minute.\n'
    )
    emulator.arm.createResourceGroup(info.subscriptionId, RESOURCE_GROUP, 'westeurope')

    banner(
      `Running node ${relative(REPO_ROOT, ACTION_ENTRY)} (OIDC) against the hub-and-spoke template`
    )
    const vpnSharedKey = `demo-${randomBytes(12).toString('hex')}`
    const run = await runAction({
      inputs: {
        'auth-type': 'oidc',
        'client-id': info.clientId,
        'tenant-id': info.tenantId,
        'subscription-id': info.subscriptionId,
        'resource-group-name': RESOURCE_GROUP,
        'template-file': relative(REPO_ROOT, join(EXAMPLE, 'azuredeploy.json')),
        'parameters-file': relative(REPO_ROOT, join(EXAMPLE, 'azuredeploy.parameters.json')),
        parameters: JSON.stringify({ vpnSharedKey }),
        'resource-manager-endpoint': info.armEndpoint,
        'authority-host': info.authorityHost,
        // Real seconds: 2 s is 2 emulated minutes, a sensible cadence for a 95-minute deployment.
        'poll-interval': '2s'
      },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: info.oidcRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: info.oidcRequestToken,
        NODE_EXTRA_CA_CERTS: info.caCertPath
      },
      onLine: showLine,
      onSpawn: (pid) => (child = pid)
    })
    child = undefined

    const emulatedMinutes = (run.durationMs * TIME_SCALE) / 60_000
    banner(
      `Action exited ${run.exitCode ?? run.signal} after ${(run.durationMs / 1000).toFixed(1)} s ` +
        `(${emulatedMinutes.toFixed(0)} emulated minutes)`
    )

    banner('Step outputs (masked values as the runner shows them)')
    const mask = (v: string) =>
      [...run.masked].reduce((s, secret) => s.split(secret).join('***'), v)
    const outputs = Object.entries(run.outputs)
    const width = Math.max(0, ...outputs.map(([k]) => k.length))
    for (const [name, value] of outputs) {
      const shown = mask(value)
      process.stdout.write(
        `  ${name.padEnd(width)}  ${shown.length > 110 ? shown.slice(0, 107) + '...' : shown}\n`
      )
    }
    if (outputs.length === 0) process.stdout.write('  (none)\n')

    banner('Job summary')
    mkdirSync(join(SUMMARY_FILE, '..'), { recursive: true })
    writeFileSync(SUMMARY_FILE, run.summary)
    process.stdout.write(
      run.summary.trim() ? renderMarkdown(run.summary, style) + '\n' : '  (empty)\n'
    )
    process.stdout.write(
      style.dim(`\n(markdown written to ${relative(REPO_ROOT, SUMMARY_FILE)})\n`)
    )

    banner('What the emulator saw')
    const log = emulator.requestLog()
    const count = (f: (e: (typeof log)[number]) => boolean) => log.filter(f).length
    const lines = [
      `ARM requests:              ${count((e) => e.service === 'arm')}`,
      `Entra token requests:      ${count((e) => e.service === 'entra' && e.method === 'POST')}`,
      `GitHub ID tokens minted:   ${count((e) => e.service === 'oidc')}`,
      `expired assertions:        ${count((e) => e.assertionValid === false)}`,
      `ARM 401 (expired token):   ${count((e) => e.errorCode === 'ExpiredAuthenticationToken')}`
    ]
    process.stdout.write(lines.map((l) => `  ${l}`).join('\n') + '\n')
    return run.exitCode ?? 1
  } finally {
    process.off('SIGINT', onSigint)
    await emulator.stop()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exit(1)
  }
)

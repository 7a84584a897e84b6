// The CLI as users and the demo run it: one JSON ready line on stdout, clean stop on signals.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../emulator/src/index.js'

function runCli(args: string[], viaNpm = false) {
  const child = viaNpm
    ? // As users start it: npm → sh → tsx → node, in its own process group so one signal stops all.
      spawn('npm', ['run', '--silent', 'emulator', '--', ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        // The machine's bare node may be older: npm scripts must find the project's Node 24.
        env: { ...process.env, PATH: process.env.PATH?.replace(/[^:]*node_modules\/\.bin:?/g, '') }
      })
    : spawn(process.execPath, ['--import', 'tsx', 'emulator/src/cli.ts', ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
      })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = stdout.split('\n').find((l) => l.startsWith('{') && stdout.includes(`${l}\n`))
      if (line) resolve(JSON.parse(line) as Record<string, unknown>)
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, ready, exited, output: () => ({ stdout, stderr }) }
}

describe('emulator CLI', () => {
  it('prints one JSON ready line with the endpoints, serves, and stops cleanly on SIGTERM', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'emulator-cli-')), 'requests.jsonl')
    const cli = runCli(['--port', '0', '--time-scale', '60', '--log', log, '--page-size', '50'])
    const info = await cli.ready
    for (const key of [
      'armEndpoint',
      'authorityHost',
      'tenantId',
      'subscriptionId',
      'clientId',
      'clientSecret',
      'certificatePath',
      'oidcRequestUrl',
      'oidcRequestToken',
      'caCertPath',
      'adminUrl'
    ]) {
      expect(info[key], key).toEqual(expect.any(String))
    }
    expect(info.timeScale).toBe(60)
    const discovery = await fetch(
      `${info.authorityHost as string}/${info.tenantId as string}/v2.0/.well-known/openid-configuration`
    )
    expect(discovery.status).toBe(200)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
    const { stdout, stderr } = cli.output()
    expect(stdout.split('\n').filter((l) => l.startsWith('{'))).toHaveLength(1)
    expect(stderr).toContain('SIGTERM')
    const entries = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(entries).toEqual([
      expect.objectContaining({ seq: 1, method: 'GET', service: 'entra', status: 200 })
    ])
  })

  it('stops on SIGINT too', async () => {
    const cli = runCli(['--port', '0'])
    await cli.ready
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
  })

  it('`npm run emulator -- --port 0 --time-scale 60` runs on the project Node 24 and stops on SIGINT', async () => {
    // How long it takes is measured by emulator/src/startup-benchmark.ts, not asserted here.
    const cli = runCli(['--port', '0', '--time-scale', '60'], true)
    try {
      expect((await cli.ready).timeScale).toBe(60)
    } finally {
      // The whole npm → sh → tsx → node group (it may already be gone if start-up failed).
      if (cli.child.exitCode === null && cli.child.pid !== undefined)
        process.kill(-cli.child.pid, 'SIGINT')
      await cli.exited
    }
    const { stderr } = cli.output()
    expect(stderr).toMatch(
      /emulator ready at https:\/\/127\.0\.0\.1:\d+ \(time scale 60, node v24\./
    )
    expect(stderr).toContain('emulator: SIGINT, stopping')
  })

  it('rejects a bad option with one clear error naming it', async () => {
    const cli = runCli(['--time-scale', 'fast'])
    await expect(cli.ready).rejects.toThrow("--time-scale: expected a number > 0, got 'fast'")
    expect(await cli.exited).toBe(2)
  })

  it('rejects a page size that is not a positive integer', async () => {
    const cli = runCli(['--page-size', '0'])
    await expect(cli.ready).rejects.toThrow("--page-size: expected a positive integer, got '0'")
    expect(await cli.exited).toBe(2)
  })
})

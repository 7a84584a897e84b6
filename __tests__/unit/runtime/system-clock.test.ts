import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { idleSleep, systemClock } from '../../../src/runtime/system-clock.js'

describe('systemClock', () => {
  it('sleeps and can be aborted', async () => {
    const started = Date.now()
    await systemClock.sleep(20)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
    const controller = new AbortController()
    const pending = idleSleep(systemClock, 60_000, controller.signal)
    controller.abort(new Error('stopped'))
    await expect(pending).rejects.toThrow('stopped')
  })

  it('a started TokenRefresher that nobody stops does not keep the process alive', () => {
    // A child process whose only pending work is the refresher's next scheduled refresh (45 min).
    const script = `
      import { TokenRefresher } from './src/auth/token-refresher.ts'
      const logger = { debug() {}, info() {}, warning() {}, error() {}, group: (_n, fn) => fn() }
      const refresher = new TokenRefresher({
        createCredential: () => ({ getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) }),
        scope: 'https://management.azure.com/.default',
        authType: 'secret',
        refreshIntervalMs: 45 * 60_000,
        logger
      })
      await refresher.start()
      console.log('started')
    `
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: process.cwd(),
        encoding: 'utf8',
        timeout: 30_000
      }
    )
    expect(result.stderr).toBe('')
    expect(result.stdout.trim()).toBe('started')
    expect(result.status).toBe(0)
  })
})

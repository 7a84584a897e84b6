import { configDefaults, defineConfig } from 'vitest/config'

/** Runs after every other test file: searches what all action runs printed and wrote for secrets. */
const SECRET_SCAN = '__tests__/e2e/secret-hygiene-scan.test.ts'

export default defineConfig({
  test: {
    // Generates (once) the emulator's CA and exports NODE_EXTRA_CA_CERTS before workers fork,
    // because Node reads that variable only at process start.
    globalSetup: ['__tests__/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // it.concurrent tests (e2e faults, hub legs) each run an emulator and an action: two at a time
    // is what a 2-core CI machine runs without starving their timers.
    maxConcurrency: 2,
    // Two groups: the tests, then (groupOrder 1, once they all finished) the secret scan, so a
    // leak shows up as a failing test of its own. Each project has its own include (a root one would
    // be merged into both).
    projects: [
      {
        extends: true,
        test: {
          name: 'tests',
          include: ['__tests__/**/*.test.ts'],
          exclude: [...configDefaults.exclude, SECRET_SCAN],
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: { name: 'secret-scan', include: [SECRET_SCAN], sequence: { groupOrder: 1 } }
      }
    ]
  }
})

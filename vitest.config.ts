import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Generates (once) the emulator's CA and exports NODE_EXTRA_CA_CERTS before workers fork,
    // because Node reads that variable only at process start.
    globalSetup: ['__tests__/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks'
  }
})

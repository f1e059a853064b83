import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{protocols,consensus,node,clients,explorer,testnet,cli}/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./cli/test/build-setup.ts', './clients/test/build-setup.ts', './explorer/test/build-setup.ts'],
    pool: 'forks',
    // Both cores: the simulator's seed files are CPU-bound and independent.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000
  }
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/byte-equality.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on these 2-core machines. Most
    // long tests wait on child processes (nodes, Docker, Chromium, QEMU), so two files at a
    // time take the suite from about 14 to about 8.5 minutes here.
    maxWorkers: 2
  }
})

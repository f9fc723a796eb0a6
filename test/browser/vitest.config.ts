import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    // Each suite starts real servers; run files one after another on this 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its config from the default export.
export default config;

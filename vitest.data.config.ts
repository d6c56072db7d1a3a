import { defineConfig } from 'vitest/config';

/**
 * The real-data suite: checks the tools and the import against the published
 * CRM data set in ../shared/data, apart from the default run because it needs
 * that data beside the project.
 */
export default defineConfig({
  test: {
    include: ['tests/data/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

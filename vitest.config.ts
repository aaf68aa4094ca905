import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code they test (`*.test.ts`); browser tests live in tests/browser and
// run through their own runner after the production build.
export default defineConfig({
  test: {
    include: ['playground/**/*.test.ts', 'server/**/*.test.ts', 'src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});

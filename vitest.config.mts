import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/dap/**/*.test.ts', 'test/cli/**/*.test.ts'],
    // A hang guard, not a speed check: the property suites run 100,000 cases and a 2-core CI
    // machine may be busy, so the guard is generous.
    testTimeout: 180_000,
  },
});

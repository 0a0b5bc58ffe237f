// The live differential suite against Hercules 3.13 (`npm run test:oracle`): not part of the
// default run, because it needs ../shared/oracle/run-oracle, hercules and s390x binutils.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/oracle/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

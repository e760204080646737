import { defineConfig } from 'vitest/config';

// .ci/run asks for a JSON report too, to check that the end-to-end tests really ran.
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/speak-english.ts'],
    // e2e tests start moto_server and spawn the CLI: give them room, and run files in
    // parallel only as far as two cores allow.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});

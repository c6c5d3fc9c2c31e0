import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Chromium suite has its own config (vitest.browser.config.ts, `npm run test:browser`), and so does the
    // PostgreSQL suite (vitest.pg.config.ts, `npm run test:pg`), which needs running servers, and the page's
    // end-to-end suite (vitest.e2e.config.ts, `npm run test:e2e`: Chromium and Firefox ESR).
    exclude: [
      ...configDefaults.exclude,
      "test/browser/**",
      "test/e2e/**",
      "test/server/pg/**",
      "test/server/system/**",
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

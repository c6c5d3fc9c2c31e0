import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Chromium suite has its own config (vitest.browser.config.ts, `npm run test:browser`), and so does the
    // PostgreSQL suite (vitest.pg.config.ts, `npm run test:pg`), which needs running servers.
    exclude: [...configDefaults.exclude, "test/browser/**", "test/server/pg/**", "test/server/system/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

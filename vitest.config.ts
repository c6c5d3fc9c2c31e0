import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Chromium suite has its own config (vitest.browser.config.ts, `npm run test:browser`).
    exclude: [...configDefaults.exclude, "test/browser/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

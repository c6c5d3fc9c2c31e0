import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Chromium suite has its own config (vitest.browser.config.ts, `npm run test:browser`).
    exclude: ["**/node_modules/**", "test/browser/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

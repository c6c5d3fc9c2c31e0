import { defineConfig } from "vitest/config";

// `npm run test:browser`: the browser entry in Debian's Chromium (test/browser/). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

import { defineConfig } from "vitest/config";

// `npm run test:e2e`: the verification page (web/, served by server/http/web.ts) in Debian's Chromium against a
// real node (test/e2e/). Not part of `npm test`. One file at a time: each starts a node and a browser.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});

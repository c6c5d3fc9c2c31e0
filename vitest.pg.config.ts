import { defineConfig } from "vitest/config";

// The PostgreSQL and system suite (`npm run test:pg`): needs the servers of scripts/ci-postgres.sh and strace,
// and fails without them.
export default defineConfig({
  test: {
    include: ["test/server/pg/**/*.test.ts", "test/server/system/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});

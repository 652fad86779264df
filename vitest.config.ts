import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // dist/ for the tests that run the real binary in a child process (test/support/spawn.ts).
    globalSetup: ["test/support/dist.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

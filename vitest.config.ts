import { defineConfig } from "vitest/config";

/**
 * Test files that need a fresh module graph of their own: they vi.mock a library or a
 * source module, or check which modules a fresh process has loaded. They run isolated;
 * every other file shares its worker's modules with the files before it (see below).
 * A new test file that mocks modules or counts loaded modules belongs here.
 */
const ISOLATED = ["test/ingest/lazy-readers.test.ts", "test/ingest/story-isolation.test.ts"];

export default defineConfig({
  test: {
    // dist/ for the tests that run the real binary in a child process (test/support/spawn.ts).
    globalSetup: ["test/support/dist.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default for `run` is one worker fewer than the cores: a single worker on a
    // 2-core machine, and the files one after another. Much of the suite waits (on cron
    // ticks, SMTP round trips, chromium, child processes), so two workers keep both
    // cores busy.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: ISOLATED,
          // Without isolation a worker imports vitest, the sources and their libraries
          // (MJML above all, with its worker thread) once, not once per file: that import
          // was a quarter of the suite's time. The sources keep only caches at module
          // level; tests that change the environment restore it (vi.unstubAllEnvs).
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: "isolated", include: ISOLATED },
      },
    ],
  },
});

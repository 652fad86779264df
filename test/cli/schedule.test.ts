// `news-digest schedule` as a process: it runs in the foreground, logs one line per
// run on stdout, and stops cleanly on SIGTERM. The SIGTERM test runs the compiled binary
// (test/support/spawn.ts); the usage errors run in this process.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { scheduleCommand } from "../../src/cli/schedule.js";
import { runCommand } from "../support/cli.js";
import { spawnCli } from "../support/spawn.js";
import { tempDir } from "../support/temp.js";
import { NEWSROOM } from "../support/edition.js";

const ENV = { NEWS_DIGEST_TOKEN_KEY: "schedule-cli-key-0123456789", SMTP_URL: "" };

let dir: string;

beforeEach(async () => {
  dir = await tempDir("nd-schedule-cli-");
  await mkdir(join(dir, "stories"));
  await writeFile(join(dir, "list.csv"), "email\nann@example.org\n");
  await writeFile(join(dir, "news-digest.config.json"), JSON.stringify({ ...NEWSROOM, sources: ["stories"], send: { smtp: "smtp://127.0.0.1:2525", stateDir: "state" } }));
});

describe("news-digest schedule (process)", () => {
  it("logs one line per run and stops cleanly on SIGTERM", async () => {
    const run = spawnCli(["schedule", "--cron", "* * * * * *", "--tz", "Europe/London", "--list", "list.csv"], { cwd: dir, env: ENV });
    const { child } = run;
    try {
      await new Promise<void>((done, fail) => {
        child.stdout!.on("data", () => {
          if (run.stdout().includes("\n")) done();
        });
        child.on("exit", () => fail(new Error(`exited early: ${run.stderr()}`)));
      });
      child.kill("SIGTERM");
      expect((await run.exited).code).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    const stdout = run.stdout();
    const stderr = run.stderr();
    expect(stderr).toMatch(/news-digest schedule: "\* \* \* \* \* \*" in Europe\/London for list\.csv; next run /);
    expect(stderr).toMatch(/SIGTERM: no new runs.*\n.*stopped\n$/);
    const first = stdout.split("\n")[0];
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z list\.csv: nothing new since the last 24 h; nothing built or sent; 1 source problem \(see above\) \[\d+ ms\]$/);
  });

  it("refuses a bad pattern or a missing list with a one-line reason and exit code 2", async () => {
    const schedule = (...argv: string[]) => runCommand(scheduleCommand, argv, { cwd: dir, env: ENV });
    const results = [
      await schedule("--cron", "61 7 * * *", "--list", "list.csv"),
      await schedule("--cron", "0 7 * * *"),
      await schedule("--cron", "0 7 * * *", "--tz", "Mars/Olympus", "--list", "list.csv"),
    ];
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    // One line each, and nothing on stdout.
    expect(results.map((r) => r.stdout)).toEqual(["", "", ""]);
    expect(results.map((r) => r.stderr.split("\n").length)).toEqual([2, 2, 2]);
    const [cron, list, zone] = results.map((r) => r.stderr.trimEnd());
    expect(cron).toMatch(/^news-digest schedule: invalid cron pattern "61 7 \* \* \*": /);
    expect(list).toBe("news-digest schedule: --list FILE is required");
    expect(zone).toBe('news-digest schedule: unknown time zone "Mars/Olympus": expected an IANA name such as Europe/London');
  });
});
